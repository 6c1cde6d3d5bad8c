package org.wdlbatch.wdl.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * The WDL 1.2 white-space rules of multi-line strings {@code <<< ... >>>}, applied to the raw (not yet
 * escape-decoded) parts: text as {@link String}, placeholders as any other object (they count as non-white-space
 * and are passed through). In order: remove line continuations, the white space after {@code <<<} up to and
 * including a newline, the white space before {@code >>>} including a newline, then the common leading white
 * space of the non-blank lines (tabs and spaces count one each).
 */
final class MultilineStrings {

    private MultilineStrings() {}

    static List<Object> apply(List<Object> raw) {
        List<Object> parts = new ArrayList<>(raw.size());
        for (Object p : raw) {
            parts.add(p instanceof String s ? removeContinuations(s) : p);
        }
        if (!parts.isEmpty() && parts.get(0) instanceof String first) {
            int i = 0;
            while (i < first.length() && isWs(first.charAt(i))) {
                i++;
            }
            if (i < first.length() && first.charAt(i) == '\r' && i + 1 < first.length() && first.charAt(i + 1) == '\n') {
                i += 2;
            } else if (i < first.length() && first.charAt(i) == '\n') {
                i++;
            }
            parts.set(0, first.substring(i));
        }
        int lastIdx = parts.size() - 1;
        if (lastIdx >= 0 && parts.get(lastIdx) instanceof String last) {
            int j = last.length();
            while (j > 0 && isWs(last.charAt(j - 1))) {
                j--;
            }
            if (j > 0 && last.charAt(j - 1) == '\n') {
                j--;
                if (j > 0 && last.charAt(j - 1) == '\r') {
                    j--;
                }
            }
            parts.set(lastIdx, last.substring(0, j));
        }
        return dedent(parts);
    }

    private static boolean isWs(char c) {
        return c == ' ' || c == '\t';
    }

    /** A backslash before a newline, preceded by an even number of backslashes, joins the two lines. */
    static String removeContinuations(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                int run = i;
                while (run < n && s.charAt(run) == '\\') {
                    run++;
                }
                int count = run - i;
                int nl = run;
                if (nl < n && s.charAt(nl) == '\r' && nl + 1 < n && s.charAt(nl + 1) == '\n') {
                    nl++;
                }
                if (count % 2 == 1 && nl < n && s.charAt(nl) == '\n') {
                    out.append(s, i, run - 1);
                    int k = nl + 1;
                    while (k < n && isWs(s.charAt(k))) {
                        k++;
                    }
                    i = k;
                } else {
                    out.append(s, i, run);
                    i = run;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static List<Object> dedent(List<Object> parts) {
        int common = Integer.MAX_VALUE;
        boolean atLineStart = true;
        int lineWs = 0;
        for (Object p : parts) {
            if (!(p instanceof String s)) {
                if (atLineStart) {
                    common = Math.min(common, lineWs);
                    atLineStart = false;
                }
                continue;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\n') {
                    atLineStart = true;
                    lineWs = 0;
                } else if (atLineStart) {
                    if (isWs(c)) {
                        lineWs++;
                    } else if (c != '\r') {
                        common = Math.min(common, lineWs);
                        atLineStart = false;
                    }
                }
            }
        }
        if (common == Integer.MAX_VALUE || common == 0) {
            return parts;
        }
        List<Object> out = new ArrayList<>(parts.size());
        atLineStart = true;
        int removed = 0;
        for (Object p : parts) {
            if (!(p instanceof String s)) {
                atLineStart = false;
                out.add(p);
                continue;
            }
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\n') {
                    atLineStart = true;
                    removed = 0;
                    b.append(c);
                } else if (atLineStart && isWs(c) && removed < common) {
                    removed++;
                } else {
                    atLineStart = false;
                    b.append(c);
                }
            }
            out.add(b.toString());
        }
        return out;
    }
}
