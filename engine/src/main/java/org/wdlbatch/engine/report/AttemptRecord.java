package org.wdlbatch.engine.report;

import java.util.Map;
import org.wdlbatch.engine.backend.TaskExit;

/**
 * One attempt of one call as the report sees it, once it ended: one line of the run's {@link AttemptLedger} and
 * one row of {@code trace.tsv}. A call-cache hit is a record too (attempt 0, outcome {@code cached}): it ran
 * nothing but the report counts it.
 *
 * @param call the call's id: its task directory relative to the run directory, e.g. {@code call-align-3}
 * @param name the call's name in its workflow, e.g. {@code align}
 * @param attempt 1 for the first attempt (0 for a cache hit)
 * @param outcome what the engine made of it: {@code succeeded}, {@code retried}, {@code failed},
 *     {@code terminated} or {@code cached}
 * @param exitKind how the backend saw the end ({@link TaskExit.Kind} name), null for a cache hit
 * @param exitCode the command's exit status when it had one
 * @param reason why it did not run to an exit (the backend's reason, e.g. a reclaim's status reason)
 * @param cpus vCPUs requested
 * @param memoryBytes memory requested (after any out-of-memory retry's increase)
 * @param fallback whether it ran on the fallback (on-demand) capacity
 * @param submitted when the engine handed it to the backend (epoch milliseconds)
 * @param ended when the engine learnt it ended
 * @param jobId the backend's job id (AWS Batch), else null
 * @param queue the job queue (AWS Batch), else null
 * @param createdAt when the backend created the job (AWS Batch {@code createdAt}; null for the local backend,
 *     whose start and end are the engine's {@code submitted} and {@code ended})
 * @param startedAt when it started running (AWS Batch {@code startedAt})
 * @param stoppedAt when it stopped (AWS Batch {@code stoppedAt})
 * @param statusReason the backend's status reason (AWS Batch {@code statusReason})
 * @param usage what the command used, from the task job's {@code usage} file, else null
 */
public record AttemptRecord(String call, String name, int attempt, String outcome, String exitKind,
        Integer exitCode, String reason, double cpus, long memoryBytes, boolean fallback, Long submitted,
        Long ended, String jobId, String queue, Long createdAt, Long startedAt, Long stoppedAt,
        String statusReason, Usage usage) {

    public static final String SUCCEEDED = "succeeded";
    public static final String RETRIED = "retried";
    public static final String FAILED = "failed";
    public static final String TERMINATED = "terminated";
    public static final String CACHED = "cached";

    /** Details keys backends put into {@link TaskExit#details()} for the report. */
    public static final String CREATED_AT = "createdAt";
    public static final String STARTED_AT = "startedAt";
    public static final String STOPPED_AT = "stoppedAt";
    public static final String JOB_ID = "jobId";
    public static final String JOB_QUEUE = "jobQueue";
    public static final String STATUS_REASON = "statusReason";

    /** An attempt that ran on a backend and ended with {@code exit}. */
    public static AttemptRecord of(String call, String name, int attempt, String outcome, TaskExit exit,
            double cpus, long memoryBytes, boolean fallback, long submitted, long ended, Usage usage) {
        Map<String, String> d = exit.details();
        Integer code = exit.exitCode() >= 0 ? exit.exitCode() : null;
        return new AttemptRecord(call, name, attempt, outcome, exit.kind().name(), code, exit.reason(), cpus,
                memoryBytes, fallback, submitted, ended, d.get(JOB_ID), d.get(JOB_QUEUE), millis(d.get(CREATED_AT)),
                millis(d.get(STARTED_AT)), millis(d.get(STOPPED_AT)), d.get(STATUS_REASON), usage);
    }

    /** A call-cache hit: nothing ran. */
    public static AttemptRecord cacheHit(String call, String name, long at) {
        return new AttemptRecord(call, name, 0, CACHED, null, null, null, 0, 0, false, at, at, null, null, null,
                null, null, null, null);
    }

    /** True when the infrastructure took the attempt away (a spot reclaim). */
    public boolean reclaimed() {
        return TaskExit.Kind.RECLAIMED.name().equals(exitKind);
    }

    /** When it was queued: the backend's creation time, else the engine's hand-over. */
    public Long queuedAt() {
        return createdAt != null ? createdAt : submitted;
    }

    /**
     * When the command started: the backend's start time, else the usage file's, else the engine's hand-over (the
     * local backend starts a process at once, so its attempts have no queue time).
     */
    public Long runStart() {
        if (startedAt != null) {
            return startedAt;
        }
        return usage != null && usage.started() != null ? usage.started() : submitted;
    }

    /** When it stopped: the backend's stop time, else the engine's end. */
    public Long runEnd() {
        return stoppedAt != null ? stoppedAt : ended;
    }

    private static Long millis(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
