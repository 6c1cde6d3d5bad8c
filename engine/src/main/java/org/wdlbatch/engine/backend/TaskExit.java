package org.wdlbatch.engine.backend;

import java.util.Map;

/**
 * How an attempt ended.
 *
 * @param exitCode the command's exit status, or -1 when it did not run to an exit (see {@code reason})
 * @param reason why it did not run or was stopped (e.g. "terminated", "CannotPullContainerError: ..."), else null
 * @param retryableInfrastructureFailure true for failures that are not the command's fault (spot reclaim,
 *     host lost) and may be retried on {@code preemptible} budget
 * @param details what the backend knows about the attempt (e.g. AWS Batch {@code jobId}, {@code statusReason},
 *     {@code logStreamName}); copied into {@code error.json} when the call fails
 */
public record TaskExit(int exitCode, String reason, boolean retryableInfrastructureFailure,
        Map<String, String> details) {

    public TaskExit {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public TaskExit(int exitCode, String reason, boolean retryableInfrastructureFailure) {
        this(exitCode, reason, retryableInfrastructureFailure, Map.of());
    }

    public TaskExit withDetails(Map<String, String> more) {
        return new TaskExit(exitCode, reason, retryableInfrastructureFailure, more);
    }

    public static TaskExit exited(int exitCode) {
        return new TaskExit(exitCode, null, false);
    }

    public static TaskExit terminated() {
        return new TaskExit(-1, "terminated", false);
    }

    public static TaskExit failedToRun(String reason) {
        return new TaskExit(-1, reason, false);
    }
}
