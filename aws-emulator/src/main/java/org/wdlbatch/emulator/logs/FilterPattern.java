package org.wdlbatch.emulator.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * The plain-text subset of CloudWatch Logs filter patterns: every term must occur in the message
 * ({@code ERROR task}), a double-quoted term is matched as one phrase, a leading {@code -} excludes a term,
 * and {@code ?a ?b} matches either. An empty pattern matches everything. JSON and space-delimited patterns
 * are not emulated.
 */
public final class FilterPattern {

    private final List<String> required;
    private final List<String> excluded;
    private final List<String> anyOf;

    private FilterPattern(List<String> required, List<String> excluded, List<String> anyOf) {
        this.required = required;
        this.excluded = excluded;
        this.anyOf = anyOf;
    }

    public static FilterPattern parse(String pattern) {
        List<String> req = new ArrayList<>();
        List<String> exc = new ArrayList<>();
        List<String> any = new ArrayList<>();
        if (pattern != null) {
            int i = 0;
            while (i < pattern.length()) {
                char c = pattern.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                List<String> target = req;
                if (c == '-' || c == '?') {
                    target = c == '-' ? exc : any;
                    i++;
                }
                String term;
                if (i < pattern.length() && pattern.charAt(i) == '"') {
                    int close = pattern.indexOf('"', i + 1);
                    if (close < 0) close = pattern.length();
                    term = pattern.substring(i + 1, close);
                    i = close + 1;
                } else {
                    int j = i;
                    while (j < pattern.length() && !Character.isWhitespace(pattern.charAt(j))) j++;
                    term = pattern.substring(i, j);
                    i = j;
                }
                if (!term.isEmpty()) {
                    target.add(term);
                }
            }
        }
        return new FilterPattern(req, exc, any);
    }

    public boolean matches(String message) {
        for (String t : required) {
            if (!message.contains(t)) return false;
        }
        for (String t : excluded) {
            if (message.contains(t)) return false;
        }
        if (!anyOf.isEmpty()) {
            return anyOf.stream().anyMatch(message::contains);
        }
        return true;
    }
}
