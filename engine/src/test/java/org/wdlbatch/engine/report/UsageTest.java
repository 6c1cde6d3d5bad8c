package org.wdlbatch.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.backend.TaskExit;

class UsageTest {

    @TempDir
    Path tmp;

    @Test
    void aHostRunHasTheCommandsCpuTimeAndNoMemoryFigure() {
        Usage u = Usage.parse(List.of("start=1700000000.250000", "end=1700000010,750000", "cgroup=",
                "memory_peak=", "cgroup_cpu=", "instance_type=", "lifecycle=", "times=0m0.001s 0m0.002s",
                "1m2.500s 0m0.500s"));
        assertThat(u.started()).isEqualTo(1_700_000_000_250L);
        assertThat(u.wallSeconds()).isEqualTo(10.5);
        assertThat(u.cpuSeconds()).isEqualTo(63.0);
        assertThat(u.memoryPeakBytes()).isNull();
        assertThat(u.source()).isEqualTo("times");
    }

    @Test
    void aContainerRunReadsItsCgroupAndInstance() {
        Usage u = Usage.parse(List.of("start=1700000000", "end=1700000060", "cgroup=v2", "memory_peak=1073741824",
                "cgroup_cpu=90000000", "instance_type=m5.large", "lifecycle=spot", "times=0m0.0s 0m0.0s",
                "0m1.000s 0m0.000s"));
        assertThat(u.cpuSeconds()).as("the cgroup's usage_usec wins over bash's figure").isEqualTo(90.0);
        assertThat(u.memoryPeakBytes()).isEqualTo(1L << 30);
        assertThat(u.instanceType()).isEqualTo("m5.large");
        assertThat(u.lifecycle()).isEqualTo("spot");
        assertThat(Usage.parse(List.of("cgroup=v1", "cgroup_cpu=2000000000")).cpuSeconds()).isEqualTo(2.0);
    }

    @Test
    void theLedgerKeepsAttemptsWithBatchTimesAndRunEnds() throws Exception {
        TaskExit reclaimed = TaskExit.reclaimed("Host EC2 (instance i-1) terminated.").withDetails(Map.of(
                "jobId", "j-1", "jobQueue", "spot", "createdAt", "1000", "startedAt", "2000", "stoppedAt", "5000"));
        AttemptLedger.append(tmp, AttemptRecord.of("call-a-3", "a", 1, AttemptRecord.RETRIED, reclaimed, 2,
                1L << 30, false, 900, 5100, null));
        AttemptLedger.append(tmp, AttemptRecord.cacheHit("call-b", "b", 6000));
        Files.writeString(tmp.resolve(AttemptLedger.FILE), "{\"call\":\"torn\n", java.nio.file.StandardOpenOption.APPEND);
        AttemptLedger.runEnded(tmp, "failed", 0, 7000);
        AttemptLedger.Contents c = AttemptLedger.read(tmp);
        assertThat(c.attempts()).hasSize(2);
        AttemptRecord a = c.attempts().get(0);
        assertThat(a.reclaimed()).isTrue();
        assertThat(a.queuedAt()).isEqualTo(1000);
        assertThat(a.runStart()).isEqualTo(2000);
        assertThat(a.runEnd()).isEqualTo(5000);
        assertThat(a.queue()).isEqualTo("spot");
        assertThat(c.attempts().get(1).outcome()).isEqualTo(AttemptRecord.CACHED);
        assertThat(c.runs()).containsExactly(new AttemptLedger.RunEnd("failed", 0, 7000));
    }

    @Test
    void scatterItemsQueuedTogetherAreListedByIndex() {
        TaskExit ok = TaskExit.exited(0).withDetails(Map.of("createdAt", "1000"));
        List<AttemptRecord> rows = TraceTable.ordered(List.of(
                AttemptRecord.of("call-t-10", "t", 1, AttemptRecord.SUCCEEDED, ok, 1, 1, false, 0, 1, null),
                AttemptRecord.of("call-t-2", "t", 1, AttemptRecord.SUCCEEDED, ok, 1, 1, false, 0, 1, null),
                AttemptRecord.of("call-t-1-3", "t", 1, AttemptRecord.SUCCEEDED, ok, 1, 1, false, 0, 1, null)));
        assertThat(rows).extracting(AttemptRecord::call).containsExactly("call-t-1-3", "call-t-2", "call-t-10");
    }
}
