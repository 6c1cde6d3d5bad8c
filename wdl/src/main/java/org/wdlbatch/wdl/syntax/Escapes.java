package org.wdlbatch.wdl.syntax;

/**
 * Backslash escapes of WDL string literals: {@code \\ \n \t \r \" \' \$ \~}, octal {@code \123}, hex {@code \x41},
 * unicode {@code \u0041} and {@code \U0001F600}. An unknown escape such as {@code \.} (common in regexes written
 * for {@code sub}) is kept as written, backslash included, as miniwdl and Cromwell do.
 */
final class Escapes {

    /** Returned by {@link #decode} for a malformed escape; the message says which. */
    static final int MALFORMED = -1;

    private Escapes() {}

    /**
     * Decodes the escape whose backslash is at {@code s[i]} into {@code out}.
     *
     * @return the index just after the escape, or {@link #MALFORMED}
     */
    static int decode(char[] s, int i, int end, StringBuilder out) {
        if (i + 1 >= end) {
            out.append('\\');
            return i + 1;
        }
        char c = s[i + 1];
        switch (c) {
            case 'n': out.append('\n'); return i + 2;
            case 't': out.append('\t'); return i + 2;
            case 'r': out.append('\r'); return i + 2;
            case '\\': out.append('\\'); return i + 2;
            case '"': out.append('"'); return i + 2;
            case '\'': out.append('\''); return i + 2;
            case '$': out.append('$'); return i + 2;
            case '~': out.append('~'); return i + 2;
            case 'x': return hex(s, i + 2, end, 2, out);
            case 'u': return hex(s, i + 2, end, 4, out);
            case 'U': return hex(s, i + 2, end, 8, out);
            default:
                if (c >= '0' && c <= '7') {
                    int v = 0;
                    int p = i + 1;
                    while (p < end && p < i + 4 && s[p] >= '0' && s[p] <= '7') {
                        v = v * 8 + (s[p] - '0');
                        p++;
                    }
                    out.append((char) v);
                    return p;
                }
                out.append('\\').append(c);
                return i + 2;
        }
    }

    private static int hex(char[] s, int p, int end, int digits, StringBuilder out) {
        if (p + digits > end) {
            return MALFORMED;
        }
        int v = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(s[p + k], 16);
            if (d < 0) {
                return MALFORMED;
            }
            v = v * 16 + d;
        }
        if (!Character.isValidCodePoint(v)) {
            return MALFORMED;
        }
        out.appendCodePoint(v);
        return p + digits;
    }

    /** Decodes every escape of {@code raw}; returns null if one is malformed. */
    static String decodeAll(String raw) {
        int bs = raw.indexOf('\\');
        if (bs < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, bs);
        char[] chars = raw.toCharArray();
        int i = bs;
        int end = chars.length;
        while (i < end) {
            char c = chars[i];
            if (c == '\\') {
                i = decode(chars, i, end, out);
                if (i == MALFORMED) {
                    return null;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
