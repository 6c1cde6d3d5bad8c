package org.wdlbatch.orchestrator.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.wdlbatch.engine.backend.TaskExit;
import org.wdlbatch.engine.rundir.TaskDirectory;

/**
 * How a task job's end reads for the engine: what happened ({@link TaskExit.Kind}), never what to do next (the
 * engine's attempt policy decides that). The command's own exit status comes from {@code rc} in the task
 * directory when the wrapper got to write it, else from Batch's container exit code.
 */
final class JobExits {

    private static final int STDERR_TAIL_BYTES = 8192;

    private final List<String> memoryErrorKeys;

    /** @param memoryErrorKeys {@code [aws] memory_retry_error_keys}: texts at the end of stderr that mean OOM */
    JobExits(List<String> memoryErrorKeys) {
        this.memoryErrorKeys = List.copyOf(memoryErrorKeys);
    }

    /**
     * @param details what error.json should name if the call fails here (job id, status reason, log stream)
     */
    TaskExit of(JobEnd e, TaskDirectory dir, Map<String, String> details) {
        Integer rc = readRc(dir);
        if (e.succeeded()) {
            return TaskExit.exited(rc != null ? rc : e.exitCode() != null ? e.exitCode() : 0);
        }
        if (e.spotReclaim()) {
            return TaskExit.reclaimed("spot instance reclaimed: " + e.statusReason()).withDetails(details);
        }
        int code = rc != null ? rc : e.exitCode() != null ? e.exitCode() : -1;
        if (code > 0) {
            return (outOfMemory(dir, e) ? TaskExit.outOfMemory(code, e.containerReason()) : TaskExit.exited(code))
                    .withDetails(details);
        }
        String reason = e.containerReason() != null
                ? e.containerReason() + (e.statusReason() != null ? " (" + e.statusReason() + ")" : "")
                : String.valueOf(e.statusReason());
        return TaskExit.failedToRun("AWS Batch job " + e.jobId() + " failed: " + reason).withDetails(details);
    }

    /** The container's reason, or the end of the attempt's stderr, names an out-of-memory kill. */
    private boolean outOfMemory(TaskDirectory dir, JobEnd e) {
        if (e.containerReason() != null && e.containerReason().contains("OutOfMemoryError")) {
            return true;
        }
        String tail = tail(dir.stderr(), STDERR_TAIL_BYTES);
        for (String key : memoryErrorKeys) {
            if (!key.isEmpty() && tail.contains(key)) {
                return true;
            }
        }
        return false;
    }

    private static String tail(Path file, int bytes) {
        try {
            return org.wdlbatch.engine.rundir.FileTail.read(file, bytes);
        } catch (IOException e) {
            return "";
        }
    }

    /** The command's exit status from {@code rc}, or null when the wrapper wrote none. */
    static Integer readRc(TaskDirectory dir) {
        try {
            String s = Files.readString(dir.rc()).strip();
            return s.isEmpty() ? null : Integer.valueOf(s);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
