package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.engine.backend.TaskExit;
import org.wdlbatch.engine.rundir.TaskDirectory;

/** How a task job's end reads: what happened, from Batch's description and the files the wrapper left. */
class JobExitsTest {

    @TempDir
    Path tmp;

    private final JobExits exits = new JobExits(List.of("Container killed due to memory usage"));
    private final Map<String, String> details = Map.of("jobId", "j-1");

    private static JobEnd failed(String statusReason, Integer exitCode, String containerReason) {
        return new JobEnd("j-1", false, statusReason, exitCode, containerReason, "stream", "q", null);
    }

    @Test
    void theCommandsRcWinsOverTheContainersExitCode() throws Exception {
        TaskDirectory d = new TaskDirectory(tmp);
        Files.writeString(d.rc(), "3");
        TaskExit exit = exits.of(failed("Essential container in task exited", 1, null), d, details);
        assertThat(exit.kind()).isEqualTo(TaskExit.Kind.EXITED);
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(exit.details()).containsEntry("jobId", "j-1");
        assertThat(exits.of(new JobEnd("j-1", true, null, 0, null, null, null, null), d, details).exitCode())
                .isEqualTo(3);
    }

    @Test
    void aSpotReclaimIsReportedNotRetried() {
        TaskExit exit = exits.of(failed("Host EC2 (instance i-0123456789abcdef0) terminated.", null, null),
                new TaskDirectory(tmp), details);
        assertThat(exit.kind()).isEqualTo(TaskExit.Kind.RECLAIMED);
        assertThat(exit.reason()).contains("spot instance reclaimed").contains("i-0123456789abcdef0");
        assertThat(exit.retryableInfrastructureFailure()).isTrue();
    }

    @Test
    void outOfMemoryFromTheContainerReasonOrTheEndOfStderr() throws Exception {
        TaskDirectory d = new TaskDirectory(tmp);
        assertThat(exits.of(failed("Essential container in task exited", 137, "OutOfMemoryError: Container killed"),
                d, details).kind()).isEqualTo(TaskExit.Kind.OUT_OF_MEMORY);
        Files.writeString(d.stderr(), "x".repeat(20_000) + "\nContainer killed due to memory usage\n");
        TaskExit exit = exits.of(failed("Essential container in task exited", 137, null), d, details);
        assertThat(exit.kind()).isEqualTo(TaskExit.Kind.OUT_OF_MEMORY);
        assertThat(exit.exitCode()).isEqualTo(137);
        Files.writeString(d.stderr(), "an ordinary failure\n");
        assertThat(exits.of(failed("Essential container in task exited", 137, null), d, details).kind())
                .isEqualTo(TaskExit.Kind.EXITED);
    }

    @Test
    void aJobThatNeverRanItsCommandFailedToStart() {
        TaskExit exit = exits.of(failed("Task failed to start", null, "CannotPullContainerError: no such image"),
                new TaskDirectory(tmp), details);
        assertThat(exit.kind()).isEqualTo(TaskExit.Kind.FAILED_TO_START);
        assertThat(exit.reason()).contains("CannotPullContainerError").contains("Task failed to start");
    }
}
