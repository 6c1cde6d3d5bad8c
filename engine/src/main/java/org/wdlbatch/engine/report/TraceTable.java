package org.wdlbatch.engine.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code trace.tsv}: one row per attempt (and per call-cache hit), in the order they were queued, with columns
 * modelled on Nextflow's trace file. Times are ISO-8601 UTC; durations are seconds; sizes are bytes; an unknown
 * value is {@code -}.
 */
public final class TraceTable {

    public static final String FILE = "trace.tsv";

    /** The columns, in order (docs/report.md says what each holds). */
    public static final List<String> COLUMNS = List.of("task_id", "call", "attempt", "status", "exit", "queue",
            "job_id", "submit", "start", "complete", "duration", "realtime", "cpus", "memory", "peak_rss", "%cpu",
            "cache_hit", "reclaimed");

    private TraceTable() {}

    /** The attempts in queue order (ties by call and attempt), as the trace and the timeline list them. */
    public static List<AttemptRecord> ordered(List<AttemptRecord> attempts) {
        List<AttemptRecord> rows = new ArrayList<>(attempts);
        rows.sort(Comparator.comparing((AttemptRecord a) -> a.queuedAt() == null ? Long.MAX_VALUE : a.queuedAt())
                .thenComparing(AttemptRecord::call, TraceTable::naturalOrder)
                .thenComparingInt(AttemptRecord::attempt));
        return rows;
    }

    /** {@code call-t-2} before {@code call-t-10}: the children of an array job are all queued at once. */
    static int naturalOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int c = new java.math.BigInteger(a.substring(si, i)).compareTo(new java.math.BigInteger(b.substring(sj, j)));
                if (c != 0) {
                    return c;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    public static String render(List<AttemptRecord> attempts) {
        StringBuilder sb = new StringBuilder(String.join("\t", COLUMNS)).append('\n');
        for (AttemptRecord a : ordered(attempts)) {
            boolean cached = AttemptRecord.CACHED.equals(a.outcome());
            Double realtime = realtimeSeconds(a);
            Double pct = percentCpu(a);
            List<String> cells = List.of(a.call(), a.name(), Integer.toString(a.attempt()), a.outcome(),
                    a.exitCode() == null ? "-" : a.exitCode().toString(), dash(a.queue()), dash(a.jobId()),
                    time(a.queuedAt()), cached ? "-" : time(a.runStart()), time(a.runEnd()),
                    seconds(a.queuedAt(), a.runEnd()), realtime == null ? "-" : fmt(realtime),
                    cached ? "-" : fmt(a.cpus()), cached ? "-" : Long.toString(a.memoryBytes()),
                    a.usage() == null || a.usage().memoryPeakBytes() == null ? "-"
                            : a.usage().memoryPeakBytes().toString(),
                    pct == null ? "-" : String.format(Locale.ROOT, "%.1f", pct),
                    Boolean.toString(cached), Boolean.toString(a.reclaimed()));
            sb.append(String.join("\t", cells.stream().map(TraceTable::clean).toList())).append('\n');
        }
        return sb.toString();
    }

    /** Seconds the command ran: the usage file's wall time, else the backend's start to stop; null for a hit. */
    public static Double realtimeSeconds(AttemptRecord a) {
        if (AttemptRecord.CACHED.equals(a.outcome())) {
            return null;
        }
        if (a.usage() != null && a.usage().wallSeconds() != null) {
            return a.usage().wallSeconds();
        }
        Long s = a.runStart();
        Long e = a.runEnd();
        return s == null || e == null ? null : Math.max(0, e - s) / 1000.0;
    }

    /** CPU seconds per wall-clock second, as a percentage of one CPU (Nextflow's %cpu); null when unknown. */
    public static Double percentCpu(AttemptRecord a) {
        Double wall = realtimeSeconds(a);
        if (a.usage() == null || a.usage().cpuSeconds() == null || wall == null || wall <= 0) {
            return null;
        }
        return 100 * a.usage().cpuSeconds() / wall;
    }

    static String time(Long epochMillis) {
        return epochMillis == null ? "-" : Instant.ofEpochMilli(epochMillis).toString();
    }

    private static String seconds(Long from, Long to) {
        return from == null || to == null ? "-" : fmt(Math.max(0, to - from) / 1000.0);
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.3f", d).replaceAll("\\.?0+$", "");
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }
}
