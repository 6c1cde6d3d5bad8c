package org.wdlbatch.engine.task;

import java.util.ArrayList;
import java.util.List;
import org.wdlbatch.wdl.ast.StringPart;

/**
 * Prepares a task's command template before its placeholders are evaluated: strips the common leading
 * whitespace of its lines (so indentation inside the WDL file does not reach the script), drops the empty first
 * line after {@code command <<<} / {@code command {} and the whitespace-only last line before the closing
 * delimiter. Done on the template, not on the rendered text, so that multi-line values interpolated into the
 * command keep their own indentation.
 *
 * <p>Lines whose indentation mixes tabs and spaces differently from the others are left as they are (the spec
 * leaves this undefined; changing nothing is the safe choice) and {@link Result#mixedIndentation()} says so.
 */
public final class CommandTemplate {

    private CommandTemplate() {}

    public record Result(List<StringPart> parts, boolean mixedIndentation) {}

    /** A line of the template: its parts, in order. */
    private record Line(List<StringPart> parts) {

        /** Leading whitespace of the line's text before the first content; null for a blank line. */
        String indentation() {
            StringBuilder ws = new StringBuilder();
            for (StringPart p : parts) {
                if (p instanceof StringPart.Placeholder) {
                    return ws.toString();
                }
                String t = ((StringPart.Text) p).text();
                for (int i = 0; i < t.length(); i++) {
                    char c = t.charAt(i);
                    if (c == ' ' || c == '\t') {
                        ws.append(c);
                    } else {
                        return ws.toString();
                    }
                }
            }
            return null;
        }

        boolean blank() {
            return indentation() == null;
        }
    }

    public static Result strip(List<StringPart> template) {
        List<Line> lines = splitLines(template);
        if (!lines.isEmpty() && lines.get(0).blank()) {
            lines.remove(0);
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).blank()) {
            lines.remove(lines.size() - 1);
        }
        String common = null;
        boolean mixed = false;
        for (Line line : lines) {
            String ind = line.indentation();
            if (ind == null) {
                continue;
            }
            if (common == null) {
                common = ind;
            } else {
                int n = 0;
                while (n < common.length() && n < ind.length() && common.charAt(n) == ind.charAt(n)) {
                    n++;
                }
                if (n < Math.min(common.length(), ind.length())) {
                    mixed = true; // same width, different characters: tabs against spaces
                }
                common = common.substring(0, n);
            }
        }
        int cut = mixed || common == null ? 0 : common.length();
        List<StringPart> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                appendText(out, "\n");
            }
            int toCut = cut;
            for (StringPart p : lines.get(i).parts()) {
                if (p instanceof StringPart.Text t && toCut > 0) {
                    String text = t.text();
                    int n = Math.min(toCut, leadingBlanks(text));
                    toCut = n < text.length() ? 0 : toCut - n;
                    appendText(out, text.substring(n));
                } else {
                    toCut = 0;
                    if (p instanceof StringPart.Text t) {
                        appendText(out, t.text());
                    } else {
                        out.add(p);
                    }
                }
            }
        }
        if (!lines.isEmpty()) {
            appendText(out, "\n"); // a script ends with a newline
        }
        return new Result(List.copyOf(out), mixed);
    }

    private static int leadingBlanks(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static List<Line> splitLines(List<StringPart> template) {
        List<Line> lines = new ArrayList<>();
        List<StringPart> current = new ArrayList<>();
        for (StringPart p : template) {
            if (p instanceof StringPart.Text t) {
                String text = t.text();
                int start = 0;
                int nl;
                while ((nl = text.indexOf('\n', start)) >= 0) {
                    if (nl > start) {
                        current.add(new StringPart.Text(text.substring(start, nl)));
                    }
                    lines.add(new Line(current));
                    current = new ArrayList<>();
                    start = nl + 1;
                }
                if (start < text.length()) {
                    current.add(new StringPart.Text(text.substring(start)));
                }
            } else {
                current.add(p);
            }
        }
        lines.add(new Line(current));
        return lines;
    }

    private static void appendText(List<StringPart> out, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!out.isEmpty() && out.get(out.size() - 1) instanceof StringPart.Text last) {
            out.set(out.size() - 1, new StringPart.Text(last.text() + text));
        } else {
            out.add(new StringPart.Text(text));
        }
    }
}
