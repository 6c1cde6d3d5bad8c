package org.wdlbatch.wdl.stdlib;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.wdlbatch.wdl.eval.EvalException;

/**
 * WDL patterns are POSIX extended regular expressions; Java's syntax is a superset of ERE except for bracket
 * character classes ({@code [[:digit:]]}), which are translated here. Replacements accept both {@code \1} (POSIX,
 * miniwdl) and {@code $1} (Java, Cromwell) group references.
 */
final class PosixRegex {

    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("[:alpha:]", "\\p{Alpha}"), Map.entry("[:digit:]", "\\p{Digit}"),
            Map.entry("[:alnum:]", "\\p{Alnum}"), Map.entry("[:upper:]", "\\p{Upper}"),
            Map.entry("[:lower:]", "\\p{Lower}"), Map.entry("[:space:]", "\\s"),
            Map.entry("[:blank:]", " \\t"), Map.entry("[:punct:]", "\\p{Punct}"),
            Map.entry("[:xdigit:]", "\\p{XDigit}"), Map.entry("[:cntrl:]", "\\p{Cntrl}"),
            Map.entry("[:print:]", "\\p{Print}"), Map.entry("[:graph:]", "\\p{Graph}"));

    private PosixRegex() {}

    static Pattern compile(String pattern) {
        String p = pattern;
        for (Map.Entry<String, String> e : CLASSES.entrySet()) {
            p = p.replace(e.getKey(), e.getValue());
        }
        try {
            return Pattern.compile(p);
        } catch (PatternSyntaxException e) {
            throw new EvalException("invalid regular expression '" + pattern + "': " + e.getDescription());
        }
    }

    static String replaceAll(String input, Pattern pattern, String replacement) {
        Matcher m = pattern.matcher(input);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(expand(m, replacement)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String expand(Matcher m, String replacement) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if ((c == '\\' || c == '$') && i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
                int g = replacement.charAt(i + 1) - '0';
                if (g <= m.groupCount()) {
                    String s = m.group(g);
                    sb.append(s == null ? "" : s);
                    i++;
                    continue;
                }
            }
            if (c == '\\' && i + 1 < replacement.length() && replacement.charAt(i + 1) == '\\') {
                sb.append('\\');
                i++;
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
