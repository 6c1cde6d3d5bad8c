package org.wdlbatch.engine.progress;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where the status line goes and how: redrawn in place under the scrolling log on a terminal, plain lines
 * elsewhere; coloured unless {@code --no-color} or {@code NO_COLOR} (https://no-color.org) says not to; cut to the
 * terminal's width so a redraw never wraps.
 *
 * @param terminal true when standard output is a terminal (a person is watching)
 * @param colour ANSI colours on the terminal
 * @param columns the terminal's width, 0 when unknown (no cut)
 */
public record Display(PrintStream out, boolean terminal, boolean colour, int columns) {

    /** No status line: plain lines, as a run without a terminal gets. */
    public static Display plain(PrintStream out) {
        return new Display(out, false, false, 0);
    }

    /**
     * The status line on stderr: a bar when standard output is a terminal ({@link System#console()}: Java 17 has
     * one only when stdin and stdout are terminals), colours unless {@code noColorFlag} or NO_COLOR is set.
     */
    public static Display detect(boolean noColorFlag, Map<String, String> env) {
        boolean terminal = System.console() != null && !"dumb".equals(env.get("TERM"));
        String noColor = env.get("NO_COLOR");
        boolean colour = terminal && !noColorFlag && (noColor == null || noColor.isEmpty());
        return new Display(System.err, terminal, colour, terminal ? columns(env) : 0);
    }

    /** $COLUMNS when the shell exports it, else {@code stty size} of the terminal, else 0. */
    static int columns(Map<String, String> env) {
        try {
            int n = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // not exported (bash does not export it): ask the terminal
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/tty"))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            String[] parts = answer.split("\\s+");
            return parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
