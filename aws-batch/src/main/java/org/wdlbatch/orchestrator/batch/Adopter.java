package org.wdlbatch.orchestrator.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * Resume: the jobs a resumed run re-attaches to, confirmed with AWS Batch 100 ids a DescribeJobs call before the
 * poller takes them over. A job Batch still knows is polled like any other (one that ended while nobody watched is
 * concluded from this very answer); a job it no longer knows (Batch forgets ended jobs after about a week) is
 * submitted again, the only way its call can still finish.
 */
final class Adopter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Adopter.class);

    private final AwsBatchBackend backend;
    private final BatchClient batch;
    private final BatchCalls calls;
    private final LinkedBlockingQueue<TaskJob> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** DescribeJobs errors in a row (not throttling): after this many the jobs are taken as unknown. */
    private static final int MAX_FAILURES = 5;
    private int failures;

    Adopter(AwsBatchBackend backend, BatchClient batch, BatchCalls calls) {
        this.backend = backend;
        this.batch = batch;
        this.calls = calls;
        this.thread = new Thread(this, "batch-adopt");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void add(TaskJob job) {
        queue.add(job);
    }

    void stop() {
        thread.interrupt();
    }

    @Override
    public void run() {
        try {
            while (true) {
                List<TaskJob> batchOf = new ArrayList<>();
                batchOf.add(queue.take());
                // calls of a resumed run are prepared together: gather what comes within a moment, up to 100 ids
                Thread.sleep(50);
                queue.drainTo(batchOf, 99);
                confirm(batchOf);
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void confirm(List<TaskJob> jobs) throws InterruptedException {
        Map<String, TaskJob> byId = new HashMap<>();
        jobs.forEach(j -> byId.put(j.jobId, j));
        List<JobDetail> found;
        try {
            found = calls.call("DescribeJobs", () -> batch.describeJobs(r -> r.jobs(byId.keySet()))).jobs();
        } catch (RuntimeException e) {
            // throttling and connection failures are retried inside BatchCalls; this is an error Batch gave
            if (++failures < MAX_FAILURES) {
                LOG.warn("cannot describe the jobs of the resumed run ({}); asking again", e.toString());
                BatchCalls.backoff(failures);
                queue.addAll(jobs);
                return;
            }
            LOG.error("AWS Batch refused to describe {} jobs of the resumed run {} times ({}): submitting their"
                    + " attempts again", jobs.size(), failures, e.toString());
            failures = 0;
            jobs.forEach(backend::unknownToBatch);
            return;
        }
        failures = 0;
        for (JobDetail d : found) {
            TaskJob job = byId.remove(d.jobId());
            if (job != null) {
                backend.adopted(job, d);
            }
        }
        for (TaskJob job : byId.values()) {
            backend.unknownToBatch(job);
        }
    }
}
