package org.wdlbatch.orchestrator.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * Task jobs that AWS Batch cannot start. A RUNNABLE job with a {@code statusReason} blocks its queue
 * (MISCONFIGURATION:..., CAPACITY:...; https://docs.aws.amazon.com/batch/latest/userguide/job_stuck_in_runnable.html):
 * the reason goes to the call's task.log when first seen, and after {@code [aws] runnable_timeout} seconds the job
 * is terminated with a reason naming it, so the call fails instead of the run waiting for ever. A RUNNABLE job
 * without a reason is waiting its turn and is left alone. The poller shows it every job it describes.
 */
final class RunnableLimit {

    private static final Logger LOG = LoggerFactory.getLogger(RunnableLimit.class);

    private final ActiveJobs jobs;
    /** {@code [aws] runnable_timeout}: 0 = no limit. */
    private final long limitSeconds;
    private final BatchClient batch;
    private final BatchCalls calls;
    /** Job id: when it was first seen RUNNABLE with a reason, and the reason last noted. */
    private final Map<String, Blocked> blocked = new ConcurrentHashMap<>();

    private record Blocked(long since, String reason, boolean terminated) {}

    RunnableLimit(ActiveJobs jobs, long limitSeconds, BatchClient batch, BatchCalls calls) {
        this.jobs = jobs;
        this.limitSeconds = limitSeconds;
        this.batch = batch;
        this.calls = calls;
    }

    void observe(JobDetail d) throws InterruptedException {
        String reason = d.statusReason();
        if (!"RUNNABLE".equals(d.statusAsString()) || reason == null || reason.isBlank()) {
            blocked.remove(d.jobId());
            return;
        }
        TaskJob job = jobs.single(d.jobId());
        if (job == null) {
            return;
        }
        long now = System.currentTimeMillis();
        Blocked b = blocked.get(d.jobId());
        if (b == null || !b.reason().equals(reason)) {
            b = new Blocked(b == null ? now : b.since(), reason, b != null && b.terminated());
            blocked.put(d.jobId(), b);
            job.attempt.note().accept("AWS Batch job " + d.jobId() + " is RUNNABLE and cannot start: " + reason);
        }
        long limit = limitSeconds;
        long waited = (now - b.since()) / 1000;
        if (limit > 0 && !b.terminated() && waited >= limit) {
            blocked.put(d.jobId(), new Blocked(b.since(), reason, true));
            String why = "wdlbatch: RUNNABLE for " + waited + " s ([aws] runnable_timeout = " + limit + "): " + reason;
            job.attempt.note().accept("AWS Batch job " + d.jobId() + ": terminating it, " + why);
            LOG.warn("task job {} ({}) {}", d.jobId(), d.jobName(), why);
            // TerminateJob's reason becomes the job's statusReason: the call fails with it
            calls.call("TerminateJob", () -> batch.terminateJob(r -> r.jobId(d.jobId())
                    .reason(why.length() > 1000 ? why.substring(0, 1000) : why)));
        }
    }
}
