package org.wdlbatch.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    @Test
    void logModePrintsOnlyChangesAndAtMostOncePerQuietPeriod() {
        AtomicLong now = new AtomicLong(0);
        TaskCounts counts = new TaskCounts();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StatusLine line = new StatusLine("wf", counts, new PrintStream(buf, true, StandardCharsets.UTF_8), false,
                Duration.ofSeconds(30), now::get);

        counts.queued();
        counts.queued();
        line.tick();                               // first change: printed
        now.addAndGet(TimeUnit.SECONDS.toNanos(5));
        counts.started();
        line.tick();                               // changed, but within the quiet period: not printed
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        line.tick();                               // quiet period over: printed
        now.addAndGet(TimeUnit.SECONDS.toNanos(40));
        line.tick();                               // nothing changed: not printed
        counts.succeeded();
        counts.started();
        counts.failed();
        line.close();                              // final line always printed

        assertThat(buf.toString(StandardCharsets.UTF_8).split("\n")).containsExactly(
                "[00:00:00] wf: 2 queued, 0 running, 0 done, 0 failed",
                "[00:00:35] wf: 1 queued, 1 running, 0 done, 0 failed",
                "[00:01:15] wf: 0 queued, 0 running, 1 done, 1 failed");
    }

    @Test
    void terminalModeRedrawsInPlace() {
        TaskCounts counts = new TaskCounts();
        counts.queued();
        counts.started();
        counts.cacheHit();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StatusLine line = new StatusLine("wf", counts, new PrintStream(buf, true, StandardCharsets.UTF_8), true,
                Duration.ofSeconds(30), () -> 0L);
        line.tick();
        assertThat(buf.toString(StandardCharsets.UTF_8))
                .isEqualTo("\r\033[K[00:00:00] wf: 0 queued, 0 running, 1 done (1 cached), 0 failed");
    }

    @Test
    void terminalLineShowsTheLargestDownloadUnderWayUntilItEnds() {
        TaskCounts counts = new TaskCounts();
        counts.queued();
        counts.started();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StatusLine line = new StatusLine("wf", counts, new PrintStream(buf, true, StandardCharsets.UTF_8), true,
                Duration.ofSeconds(30), () -> 0L);
        java.net.URI big = java.net.URI.create("https://example.org/data/sample.bam");
        java.net.URI small = java.net.URI.create("s3://bucket/ref.fa");
        counts.downloading(big, 120L << 20, 800L << 20);
        counts.downloading(small, 3L << 20, -1);
        line.tick();
        counts.downloading(big, 800L << 20, 800L << 20);   // complete: no longer shown
        line.tick();
        counts.downloadEnded(small);
        line.tick();

        assertThat(buf.toString(StandardCharsets.UTF_8).split(java.util.regex.Pattern.quote("\r\033[K"))).containsExactly("",
                "[00:00:00] wf: 0 queued, 1 running, 0 done, 0 failed; downloading sample.bam 120/800 MiB (+1 more)",
                "[00:00:00] wf: 0 queued, 1 running, 0 done, 0 failed; downloading ref.fa 3 MiB",
                "[00:00:00] wf: 0 queued, 1 running, 0 done, 0 failed");
    }
}
