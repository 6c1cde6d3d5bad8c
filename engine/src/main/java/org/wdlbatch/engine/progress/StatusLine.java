package org.wdlbatch.engine.progress;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The live status line: {@code [00:01:23] hello: 3 queued, 2 running, 10 done, 0 failed}, with the backend's own
 * states when it reports them ({@link BackendStates}: submitted, pending, runnable, starting, running, reserved
 * vCPU and memory, spot reclaims, throttled requests).
 *
 * <p>On a terminal it is a bar at the bottom, redrawn in place every second: log lines written to stderr meanwhile
 * scroll above it (the bar is cleared, the line written, the bar drawn again). Elsewhere (cron, CI, a redirected
 * run, the workflow job's log) it prints one plain line every {@code period} (a minute) and one at once whenever
 * the failure count changes, and the final line at the end: a log read later shows the run's pace and every
 * failure's moment, and no line is withheld for a quiet period.
 */
public final class StatusLine implements AutoCloseable {

    private final String label;
    private final TaskCounts counts;
    private final Supplier<Optional<BackendStates>> states;
    private final Display display;
    private final PrintStream out;
    private final Duration period;
    private final LongSupplier clock;
    private final long startNanos;
    private ScheduledExecutorService timer;
    private long lastPrintNanos;
    private int lastFailed;
    /** Terminal: the bar is on screen (the cursor is at its end). */
    private boolean drawn;
    private PrintStream replacedErr;

    public StatusLine(String label, TaskCounts counts, Supplier<Optional<BackendStates>> states, Display display,
            Duration period, LongSupplier nanoClock) {
        this.label = label;
        this.counts = counts;
        this.states = states;
        this.display = display;
        this.out = display.out();
        this.period = period;
        this.clock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastPrintNanos = startNanos - period.toNanos();
    }

    /** A status line on {@code display}: once a second on a terminal, else once a minute and at each failure. */
    public static StatusLine on(Display display, String label, TaskCounts counts,
            Supplier<Optional<BackendStates>> states) {
        return new StatusLine(label, counts, states, display, Duration.ofMinutes(1), System::nanoTime);
    }

    public StatusLine start() {
        if (display.terminal() && out == System.err) {
            // log lines (logback's console appender writes to whatever System.err is) scroll above the bar
            replacedErr = System.err;
            System.setErr(aboveTheBar());
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-line");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    /** A stream for log lines: on a terminal they scroll above the bar (which {@link #start} makes stderr). */
    PrintStream aboveTheBar() {
        return display.terminal() ? new PrintStream(new AboveTheBar(), true, StandardCharsets.UTF_8) : out;
    }

    /** Renders the current line, plain (the elapsed time and the counts). */
    public String render() {
        return StatusText.plain(segments(), 0);
    }

    private java.util.List<StatusText.Segment> segments() {
        long s = TimeUnit.NANOSECONDS.toSeconds(clock.getAsLong() - startNanos);
        String elapsed = String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        return StatusText.of(elapsed, label, counts.snapshot(), states.get());
    }

    /** One update; called every second by the timer, and directly by tests. */
    synchronized void tick() {
        if (display.terminal()) {
            draw();
            return;
        }
        long now = clock.getAsLong();
        TaskCounts.Snapshot c = counts.snapshot();
        if (now - lastPrintNanos >= period.toNanos() || c.failed() != lastFailed) {
            out.println(render());
            out.flush();
            lastFailed = c.failed();
            lastPrintNanos = now;
        }
    }

    private void draw() {
        out.print("\r\033[K" + StatusText.render(segments(), display.colour(), display.columns()));
        out.flush();
        drawn = true;
    }

    /** Stops updates and prints the final line. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (replacedErr != null) {
            System.setErr(replacedErr);
        }
        if (display.terminal()) {
            out.print("\r\033[K");
            drawn = false;
            out.println(StatusText.render(segments(), display.colour(), 0));
        } else {
            out.println(render());
        }
        out.flush();
    }

    /** stderr while the bar is shown: each write clears the bar first, and a finished line brings it back. */
    private final class AboveTheBar extends OutputStream {

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (StatusLine.this) {
                if (len == 0) {
                    return;
                }
                if (drawn) {
                    out.print("\r\033[K");
                    drawn = false;
                }
                out.write(b, off, len);
                if (b[off + len - 1] == '\n') {
                    draw();
                }
            }
        }

        @Override
        public void flush() {
            out.flush();
        }
    }
}
