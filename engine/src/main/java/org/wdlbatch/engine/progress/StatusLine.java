package org.wdlbatch.engine.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The live status line: {@code [00:01:23] hello: 3 queued, 2 running, 10 done, 0 failed}. On a terminal it is
 * redrawn in place every second; elsewhere (cron, CI, Batch logs) a line is printed only when the counts changed,
 * at most once per {@code quietPeriod}, so logs stay readable.
 */
public final class StatusLine implements AutoCloseable {

    private final String label;
    private final TaskCounts counts;
    private final PrintStream out;
    private final boolean terminal;
    private final Duration quietPeriod;
    private final LongSupplier clock;
    private final long startNanos;
    private ScheduledExecutorService timer;
    private String lastPrinted = "";
    private long lastPrintNanos;

    public StatusLine(String label, TaskCounts counts, PrintStream out, boolean terminal, Duration quietPeriod,
            LongSupplier nanoClock) {
        this.label = label;
        this.counts = counts;
        this.out = out;
        this.terminal = terminal;
        this.quietPeriod = quietPeriod;
        this.clock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastPrintNanos = startNanos - quietPeriod.toNanos();
    }

    /** A status line on stderr; in-place redraw when a console is attached. */
    public static StatusLine onStderr(String label, TaskCounts counts) {
        return new StatusLine(label, counts, System.err, System.console() != null, Duration.ofSeconds(30),
                System::nanoTime);
    }

    public StatusLine start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-line");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    /** Renders the current line (the elapsed time and the counts). */
    public String render() {
        long s = TimeUnit.NANOSECONDS.toSeconds(clock.getAsLong() - startNanos);
        return String.format("[%02d:%02d:%02d] %s: %s", s / 3600, (s / 60) % 60, s % 60, label, counts.snapshot());
    }

    /** One update; called every second by the timer, and directly by tests. */
    synchronized void tick() {
        String counted = counts.snapshot().toString();
        if (terminal) {
            out.print("\r\033[K" + render());
            out.flush();
            return;
        }
        long now = clock.getAsLong();
        if (!counted.equals(lastPrinted) && now - lastPrintNanos >= quietPeriod.toNanos()) {
            out.println(render());
            lastPrinted = counted;
            lastPrintNanos = now;
        }
    }

    /** Stops updates and prints the final line. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(render());
        out.flush();
    }
}
