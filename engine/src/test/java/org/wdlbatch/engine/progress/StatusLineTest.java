package org.wdlbatch.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(buf, true, StandardCharsets.UTF_8);

    private String printed() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logModePrintsAMinutelyLineAndAtOnceWhenTheFailureCountChanges() {
        AtomicLong now = new AtomicLong(0);
        TaskCounts counts = new TaskCounts();
        StatusLine line = new StatusLine("wf", counts, Optional::empty, Display.plain(stream),
                Duration.ofMinutes(1), now::get);

        counts.queued();
        counts.queued();
        line.tick();                               // the first line
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        counts.started();
        line.tick();                               // changed, but no failure and within the minute: not printed
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        counts.failed();
        line.tick();                               // a failure: printed at once
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        line.tick();                               // nothing new within the minute
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        line.tick();                               // a minute since the last line: printed, even unchanged
        counts.started();
        counts.succeeded();
        line.close();                              // final line always printed

        assertThat(printed().split("\n")).containsExactly(
                "[00:00:00] wf: 2 queued, 0 running, 0 done, 0 failed",
                "[00:00:10] wf: 1 queued, 0 running, 0 done, 1 failed",
                "[00:01:10] wf: 1 queued, 0 running, 0 done, 1 failed",
                "[00:01:10] wf: 0 queued, 0 running, 1 done, 1 failed");
        assertThat(printed()).doesNotContain("\033");
    }

    @Test
    void terminalModeRedrawsInPlace() {
        TaskCounts counts = new TaskCounts();
        counts.queued();
        counts.started();
        counts.cacheHit();
        StatusLine line = new StatusLine("wf", counts, Optional::empty, new Display(stream, true, false, 0),
                Duration.ofMinutes(1), () -> 0L);
        line.tick();
        assertThat(printed()).isEqualTo("\r\033[K[00:00:00] wf: 0 queued, 0 running, 1 done (1 cached), 0 failed");
    }

    @Test
    void batchStatesAreShownAsBatchNamesThemAndOnlyRunningJobsCountAsRunning() {
        TaskCounts counts = new TaskCounts();
        for (int i = 0; i < 20; i++) {
            counts.queued();
        }
        for (int i = 0; i < 17; i++) {
            counts.started();                      // handed to the backend
        }
        counts.succeeded();
        counts.failed();
        // the backend holds 14 of the 15 still started (one is linking its inputs: in neither count): 2 not
        // submitted yet, 3 SUBMITTED, 1 PENDING, 4 RUNNABLE, 1 STARTING, 3 RUNNING; 3 queued in the engine
        BackendStates states = new BackendStates(2, 3, 1, 4, 1, 3, 6.5, 12 * 1024 + 512, 1, 7);
        StatusLine line = new StatusLine("wf", counts, () -> Optional.of(states), Display.plain(stream),
                Duration.ofMinutes(1), () -> 0L);
        assertThat(line.render()).isEqualTo("[00:00:00] wf: 5 queued, 3 submitted, 1 pending, 4 runnable,"
                + " 1 starting, 3 running, 1 done, 1 failed; reserved 6.5 vCPU 12.5 GiB; 1 spot reclaimed,"
                + " 7 throttled");
        // waiting states nobody is in are left out (the line must fit a terminal); running is always shown
        assertThat(new StatusLine("wf", counts, () -> Optional.of(new BackendStates(0, 0, 0, 9, 0, 0, 0, 0, 0, 0)),
                Display.plain(stream), Duration.ofMinutes(1), () -> 0L).render()).isEqualTo("[00:00:00] wf:"
                + " 3 queued, 9 runnable, 0 running, 1 done, 1 failed; reserved 0 vCPU 0.0 GiB; 0 spot reclaimed,"
                + " 0 throttled");
    }

    @Test
    void colourOnlyOnATerminalThatAllowsIt() {
        TaskCounts counts = new TaskCounts();
        counts.queued();
        counts.started();
        counts.failed();
        new StatusLine("wf", counts, Optional::empty, new Display(stream, true, true, 0), Duration.ofMinutes(1),
                () -> 0L).tick();
        assertThat(printed()).contains("\033[31m1 failed\033[0m");
        buf.reset();
        new StatusLine("wf", counts, Optional::empty, new Display(stream, true, false, 0), Duration.ofMinutes(1),
                () -> 0L).tick();
        assertThat(printed()).doesNotContain("\033[31m").contains("1 failed");
    }

    @Test
    void theBarIsCutToTheTerminalWidthSoARedrawNeverWraps() {
        TaskCounts counts = new TaskCounts();
        new StatusLine("wf", counts, () -> Optional.of(new BackendStates(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                new Display(stream, true, true, 40), Duration.ofMinutes(1), () -> 0L).tick();
        String shown = printed().replace("\r\033[K", "").replaceAll("\033\\[[0-9;]*m", "");
        assertThat(shown).hasSize(40).endsWith("…").startsWith("[00:00:00] wf: 0 queued");
    }

    @Test
    void logLinesScrollAboveTheBar() {
        TaskCounts counts = new TaskCounts();
        counts.queued();
        StatusLine line = new StatusLine("wf", counts, Optional::empty, new Display(stream, true, false, 0),
                Duration.ofMinutes(1), () -> 0L);
        PrintStream log = line.aboveTheBar();
        line.tick();
        log.print("WARN something happened\n");
        assertThat(printed()).isEqualTo(
                "\r\033[K[00:00:00] wf: 1 queued, 0 running, 0 done, 0 failed"   // the bar
                + "\r\033[KWARN something happened\n"                            // cleared; the line
                + "\r\033[K[00:00:00] wf: 1 queued, 0 running, 0 done, 0 failed"); // the bar again below it
    }

    @Test
    void callsEndingAfterAnInterruptionAreStoppedNotFailed() {
        TaskCounts counts = new TaskCounts();
        counts.queued();
        counts.queued();
        counts.started();
        counts.started();
        counts.failed();
        counts.interrupted();
        counts.failed();
        StatusLine line = new StatusLine("wf", counts, Optional::empty, Display.plain(stream), Duration.ofMinutes(1),
                () -> 0L);
        assertThat(line.render()).isEqualTo("[00:00:00] wf: 0 queued, 0 running, 0 done, 1 failed, 1 stopped");
    }

    @Test
    void terminalLineShowsTheLargestDownloadUnderWayUntilItEnds() {
        TaskCounts counts = new TaskCounts();
        counts.queued();
        counts.started();
        StatusLine line = new StatusLine("wf", counts, Optional::empty, new Display(stream, true, false, 0),
                Duration.ofMinutes(1), () -> 0L);
        java.net.URI big = java.net.URI.create("https://example.org/data/sample.bam");
        java.net.URI small = java.net.URI.create("s3://bucket/ref.fa");
        counts.downloading(big, 120L << 20, 800L << 20);
        counts.downloading(small, 3L << 20, -1);
        line.tick();
        counts.downloading(big, 800L << 20, 800L << 20);   // complete: no longer shown
        line.tick();
        counts.downloadEnded(small);
        line.tick();

        assertThat(printed().split(java.util.regex.Pattern.quote("\r\033[K"))).containsExactly("",
                "[00:00:00] wf: 0 queued, 1 running, 0 done, 0 failed; downloading sample.bam 120/800 MiB (+1 more)",
                "[00:00:00] wf: 0 queued, 1 running, 0 done, 0 failed; downloading ref.fa 3 MiB",
                "[00:00:00] wf: 0 queued, 1 running, 0 done, 0 failed");
    }
}
