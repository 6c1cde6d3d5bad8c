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
}
