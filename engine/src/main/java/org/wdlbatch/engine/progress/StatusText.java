package org.wdlbatch.engine.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The words of the status line, as segments that may carry a colour: the engine's counts (queued, done, failed,
 * cache hits) and, for a backend that reports them, its service's states (submitted, pending, runnable, starting,
 * running; a waiting state only while calls are in it, so the line fits a terminal), the resources its starting and
 * running jobs reserve, spot reclaims and throttled requests. "running" means running: a submitted job is not.
 */
final class StatusText {

    /** ANSI colours (SGR) of the segments; none when colour is off. */
    enum Colour {
        NONE(""), GREEN("\033[32m"), YELLOW("\033[33m"), RED("\033[31m"), CYAN("\033[36m"), MAGENTA("\033[35m"),
        BOLD("\033[1m");

        final String sgr;

        Colour(String sgr) {
            this.sgr = sgr;
        }
    }

    record Segment(String text, Colour colour) {}

    private StatusText() {}

    static List<Segment> of(String elapsed, String label, TaskCounts.Snapshot c, Optional<BackendStates> states) {
        List<Segment> out = new ArrayList<>();
        out.add(new Segment("[" + elapsed + "] ", Colour.BOLD));
        out.add(new Segment(label + ": ", Colour.NONE));
        List<Segment> counts = new ArrayList<>();
        if (states.isEmpty()) {
            counts.add(count(c.queued(), "queued", Colour.NONE));
            counts.add(count(c.running(), "running", Colour.GREEN));
        } else {
            BackendStates s = states.get();
            // a call being prepared or collected is between the engine and the backend: in neither count
            counts.add(count(c.queued() + s.unsubmitted(), "queued", Colour.NONE));
            // the waiting states when calls are in them (the line must fit a terminal), running always
            optional(counts, s.submitted(), "submitted", Colour.YELLOW);
            optional(counts, s.pending(), "pending", Colour.YELLOW);
            optional(counts, s.runnable(), "runnable", Colour.YELLOW);
            optional(counts, s.starting(), "starting", Colour.CYAN);
            counts.add(count(s.running(), "running", Colour.GREEN));
        }
        counts.add(new Segment(c.done() + " done" + (c.cached() > 0 ? " (" + c.cached() + " cached)" : ""),
                Colour.NONE));
        counts.add(count(c.failed(), "failed", c.failed() > 0 ? Colour.RED : Colour.NONE));
        if (c.stopped() > 0) {
            counts.add(count(c.stopped(), "stopped", Colour.MAGENTA));
        }
        join(out, counts, ", ");
        if (states.isPresent()) {
            BackendStates s = states.get();
            out.add(new Segment("; ", Colour.NONE));
            out.add(new Segment("reserved " + vcpus(s.reservedVcpus()) + " vCPU " + gib(s.reservedMemoryMiB())
                    + " GiB", Colour.NONE));
            out.add(new Segment("; ", Colour.NONE));
            out.add(new Segment(s.spotReclaims() + " spot reclaimed",
                    s.spotReclaims() > 0 ? Colour.MAGENTA : Colour.NONE));
            out.add(new Segment(", " + s.throttled() + " throttled", s.throttled() > 0 ? Colour.YELLOW : Colour.NONE));
        }
        if (!c.downloading().isEmpty()) {
            out.add(new Segment("; " + c.downloading(), Colour.NONE));
        }
        return out;
    }

    private static void optional(List<Segment> counts, int n, String state, Colour colour) {
        if (n > 0) {
            counts.add(count(n, state, colour));
        }
    }

    private static Segment count(int n, String state, Colour colour) {
        return new Segment(n + " " + state, n > 0 ? colour : Colour.NONE);
    }

    private static void join(List<Segment> out, List<Segment> parts, String separator) {
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.add(new Segment(separator, Colour.NONE));
            }
            out.add(parts.get(i));
        }
    }

    /** Plain text, cut to {@code width} characters (0: no limit) with an ellipsis, so a redraw never wraps. */
    static String plain(List<Segment> segments, int width) {
        return render(segments, false, width);
    }

    /** The segments with their colours, cut like {@link #plain}. */
    static String render(List<Segment> segments, boolean colour, int width) {
        StringBuilder sb = new StringBuilder();
        int used = 0;
        for (Segment s : segments) {
            String text = s.text();
            if (width > 0 && used + text.length() > width - 1) {
                text = text.substring(0, Math.max(0, width - 1 - used)) + "…";
            }
            if (colour && s.colour() != Colour.NONE && !text.isBlank()) {
                sb.append(s.colour().sgr).append(text).append("\033[0m");
            } else {
                sb.append(text);
            }
            used += text.length();
            if (width > 0 && used >= width - 1) {
                break;
            }
        }
        return sb.toString();
    }

    static String vcpus(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v)
                .replaceAll("0+$", "");
    }

    static String gib(long mib) {
        return String.format(Locale.ROOT, "%.1f", mib / 1024.0);
    }
}
