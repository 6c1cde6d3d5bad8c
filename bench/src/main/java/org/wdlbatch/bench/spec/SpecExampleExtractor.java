package org.wdlbatch.bench.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Pulls the examples out of a SPEC.md. An example starts at a line {@code Example: name.wdl} (inside a
 * {@code <summary>}); the first {@code ```wdl} fence after it is the source; a {@code ```json} fence after a line
 * "Example input:" / "Example output:" / "Test config:" is that block; {@code </details>} ends the example. Fences
 * may be indented (examples inside lists); the indentation of the fence line is removed from the block.
 */
public final class SpecExampleExtractor {

    private SpecExampleExtractor() {}

    public static List<SpecExample> extract(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<SpecExample> out = new ArrayList<>();
        String name = null;
        int start = 0;
        String wdl = null;
        String input = null;
        String output = null;
        String config = null;
        String pending = null; // which JSON block the next fence holds
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].trim();
            if (t.startsWith("Example: ") && t.endsWith(".wdl")) {
                if (name != null && wdl != null) {
                    out.add(new SpecExample(name, start, wdl, input, output, config));
                }
                name = t.substring("Example: ".length(), t.length() - 4).trim();
                start = i + 1;
                wdl = input = output = config = pending = null;
                continue;
            }
            if (name == null) {
                continue;
            }
            if (t.equals("Example input:")) {
                pending = "input";
            } else if (t.equals("Example output:")) {
                pending = "output";
            } else if (t.equals("Test config:")) {
                pending = "config";
            } else if (t.startsWith("```wdl") && wdl == null || t.startsWith("```json") && pending != null) {
                int indent = lines[i].indexOf('`');
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (j < lines.length && !lines[j].trim().equals("```")) {
                    String l = lines[j];
                    int k = 0;
                    while (k < indent && k < l.length() && l.charAt(k) == ' ') {
                        k++;
                    }
                    sb.append(l.substring(k)).append('\n');
                    j++;
                }
                i = j;
                if (t.startsWith("```wdl")) {
                    wdl = sb.toString();
                } else {
                    switch (pending) {
                        case "input" -> input = sb.toString();
                        case "output" -> output = sb.toString();
                        default -> config = sb.toString();
                    }
                    pending = null;
                }
            } else if (t.equals("</details>")) {
                if (wdl != null) {
                    out.add(new SpecExample(name, start, wdl, input, output, config));
                }
                name = null;
            }
        }
        if (name != null && wdl != null) {
            out.add(new SpecExample(name, start, wdl, input, output, config));
        }
        return out;
    }
}
