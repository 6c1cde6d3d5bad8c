package org.wdlbatch.engine.backend;

import java.util.Map;

/**
 * How an attempt ended, as the backend saw it. Backends only report; the engine's attempt policy decides what
 * follows (success, another attempt and where, or failure).
 *
 * @param kind what happened
 * @param exitCode the command's exit status ({@link Kind#EXITED}, {@link Kind#OUT_OF_MEMORY},
 *     {@link Kind#STDERR_WRITTEN}), else -1
 * @param reason why it did not run to an exit or was stopped (e.g. "terminated", "CannotPullContainerError: ...",
 *     the reclaim's status reason), else null
 * @param details what the backend knows about the attempt (e.g. AWS Batch {@code jobId}, {@code statusReason},
 *     {@code logStreamName}); copied into {@code error.json} when the call fails
 */
public record TaskExit(Kind kind, int exitCode, String reason, Map<String, String> details) {

    /** What happened to an attempt. */
    public enum Kind {
        /** The command ran and exited with {@code exitCode} (success or not is the task's returnCodes' call). */
        EXITED,
        /** The command exited with {@code exitCode} because it ran out of memory (a retry may ask for more). */
        OUT_OF_MEMORY,
        /** The infrastructure took the attempt away (spot reclaim, host lost): not the command's fault. */
        RECLAIMED,
        /** The attempt never ran its command (bad image, submission refused, no task directory...). */
        FAILED_TO_START,
        /** Stopped on request. */
        TERMINATED,
        /**
         * The command exited with {@code exitCode}, a status that counts as success, but wrote to its stderr and
         * the task has {@code failOnStderr: true} (Cromwell's attribute): the call fails, and no budget retries it
         * (the same command would write to stderr again; Cromwell does not retry it either).
         */
        STDERR_WRITTEN
    }

    public TaskExit {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public TaskExit withDetails(Map<String, String> more) {
        return new TaskExit(kind, exitCode, reason, more);
    }

    /** True for losses that are not the command's fault and count against the {@code preemptible} budget. */
    public boolean retryableInfrastructureFailure() {
        return kind == Kind.RECLAIMED;
    }

    public static TaskExit exited(int exitCode) {
        return new TaskExit(Kind.EXITED, exitCode, null, Map.of());
    }

    public static TaskExit outOfMemory(int exitCode, String reason) {
        return new TaskExit(Kind.OUT_OF_MEMORY, exitCode, reason, Map.of());
    }

    /** {@link Kind#STDERR_WRITTEN}: {@code bytes} on stderr after exit status {@code exitCode}. */
    public static TaskExit stderrWritten(int exitCode, long bytes) {
        return new TaskExit(Kind.STDERR_WRITTEN, exitCode, "exited with status " + exitCode + " but wrote " + bytes
                + " byte" + (bytes == 1 ? "" : "s") + " to stderr (failOnStderr: true)", Map.of());
    }

    public static TaskExit reclaimed(String reason) {
        return new TaskExit(Kind.RECLAIMED, -1, reason, Map.of());
    }

    public static TaskExit terminated() {
        return new TaskExit(Kind.TERMINATED, -1, "terminated", Map.of());
    }

    public static TaskExit failedToRun(String reason) {
        return new TaskExit(Kind.FAILED_TO_START, -1, reason, Map.of());
    }
}
