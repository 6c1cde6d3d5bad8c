package org.wdlbatch.orchestrator.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.wdlbatch.engine.backend.TaskExit;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.ListJobsResponse;

/**
 * The run's one poller. Every {@code describe_period} it describes the array parents and, when their sweep is due
 * ({@link SinglesPace}: every {@code describe_period} up to 100, stretched beyond so that N singles cost at most
 * max(1, N/1000) calls a second), all active single jobs, 100 ids a DescribeJobs call. Singles the engine asked to
 * terminate are described every period, whatever the pace: the engine waits for their end. An array parent's status summary tells when children have ended; only then are
 * the ended children listed (ListJobs by arrayJobId and status, 1,000 a page) and described, 100 a call, for
 * their log stream and (failed ones) their full record. While submissions are waiting the poller makes one call
 * every fifth period, leaving the rate to the submitter, and works through the active jobs round-robin.
 */
final class Poller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final AwsBatchBackend backend;
    private final ActiveJobs jobs;
    private final BatchClient batch;
    private final BatchCalls calls;
    private final long periodMillis;
    private final SinglesPace singlesPace;
    private long lastSinglesSweep = Long.MIN_VALUE;
    private volatile boolean running = true;
    private int cursor;
    private int sweepsWhileBusy;
    private final Thread thread;
    private final RunnableLimit runnableLimit;

    Poller(AwsBatchBackend backend, ActiveJobs jobs, BatchClient batch, BatchCalls calls, double periodSeconds,
            long runnableTimeoutSeconds) {
        this.backend = backend;
        this.jobs = jobs;
        this.batch = batch;
        this.calls = calls;
        this.periodMillis = Math.max(10, (long) (periodSeconds * 1000));
        this.singlesPace = new SinglesPace(periodMillis / 1000.0);
        this.runnableLimit = new RunnableLimit(jobs, runnableTimeoutSeconds, batch, calls);
        this.thread = new Thread(this, "batch-poll");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    @Override
    public void run() {
        while (running) {
            try {
                Thread.sleep(periodMillis);
                sweep();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // stopped mid-request (the run stopped): nothing to report
                }
                LOG.warn("polling AWS Batch failed: {}", e.toString());
            }
        }
    }

    private void sweep() throws InterruptedException {
        if (backend.submitBacklog() > 0) {
            // submissions waiting: one call every fifth period, the rest of the budget goes to the submitter
            List<String> ids = new ArrayList<>(jobs.singleIds());
            ids.addAll(jobs.arrayIds());
            if (!ids.isEmpty() && sweepsWhileBusy++ % 5 == 0) {
                int chunks = (ids.size() + 99) / 100;
                int start = (cursor % chunks) * 100;
                cursor = (cursor + 1) % chunks;
                describe(ids.subList(start, Math.min(ids.size(), start + 100)));
            }
            return;
        }
        List<String> ids = new ArrayList<>(jobs.arrayIds());
        long now = System.nanoTime();
        // the singles' sweep is due once its (possibly stretched) period has passed; half a poll period early
        // rather than a whole period late, as the poller wakes once a period
        long pace = (long) (singlesPace.periodSeconds(jobs.singleCount()) * 1e9) - periodMillis * 500_000L;
        if (lastSinglesSweep == Long.MIN_VALUE || now - lastSinglesSweep >= pace) {
            lastSinglesSweep = now;
            ids.addAll(jobs.singleIds());
        } else {
            ids.addAll(jobs.terminatingSingleIds());
        }
        for (int i = 0; i < ids.size(); i += 100) {
            describe(ids.subList(i, Math.min(ids.size(), i + 100)));
        }
    }

    /** One DescribeJobs call for up to 100 single or array parent ids. */
    private void describe(List<String> chunk) throws InterruptedException {
        List<JobDetail> details = calls.call("DescribeJobs", () -> batch.describeJobs(r -> r.jobs(chunk))).jobs();
        for (JobDetail d : details) {
            if (d.arrayProperties() != null && d.arrayProperties().size() != null) {
                arrayParent(d);
            } else {
                runnableLimit.observe(d);
                single(d);
            }
        }
    }

    /** A DescribeJobs answer for a single job (also the adopter's, for a job re-attached on resume). */
    void single(JobDetail d) {
        TaskJob job = jobs.single(d.jobId());
        if (job == null) {
            return;
        }
        String stream = d.container() == null ? null : d.container().logStreamName();
        if (stream != null) {
            JobConclusions.noteLogStream(job, d.jobId(), stream);
        }
        String status = d.statusAsString();
        job.status = status;
        job.running = "RUNNING".equals(status) || "STARTING".equals(status);
        if ("SUCCEEDED".equals(status) || "FAILED".equals(status)) {
            jobs.unwatchSingle(d.jobId());
            backend.ended(job, JobEnd.of(d));
        }
    }

    private void arrayParent(JobDetail d) throws InterruptedException {
        ArrayJob array = jobs.array(d.jobId());
        if (array == null) {
            return;
        }
        Map<String, Integer> summary = d.arrayProperties().statusSummary();
        array.summary = Map.copyOf(summary);
        int succeeded = summary.getOrDefault("SUCCEEDED", 0);
        int failed = summary.getOrDefault("FAILED", 0);
        // news is what the summary counts beyond the children some answer has named: a child missing from one
        // listing (ListJobs is eventually consistent) stays news until an answer names it
        int fresh = succeeded - array.seenSucceeded.cardinality();
        int unseen = array.children.size() - array.seenSucceeded.cardinality() - array.seenFailed.cardinality();
        List<JobSummary> ended = new ArrayList<>();
        // listing all succeeded children costs a call per 1,000: list when a page's worth (or all that remain)
        // has succeeded, or when the news is ten periods old
        if (fresh > 0 && (fresh >= Math.min(1000, unseen) || ++array.periodsSinceListing >= 10)) {
            array.periodsSinceListing = 0;
            ended.addAll(seen(array, list(array.id, JobStatus.SUCCEEDED), array.seenSucceeded));
        }
        if (failed > array.seenFailed.cardinality()) {
            ended.addAll(seen(array, list(array.id, JobStatus.FAILED), array.seenFailed));
        }
        describeEnded(array, ended);
        String status = d.statusAsString();
        if (("SUCCEEDED".equals(status) || "FAILED".equals(status)) && !array.allEnded()) {
            reconcile(array);
        }
        if (array.allEnded()) {
            jobs.unwatchArray(array);
        }
    }

    /** Marks the children a listing names as seen in its status; gives the listing back. */
    private static List<JobSummary> seen(ArrayJob array, List<JobSummary> listing, java.util.BitSet bits) {
        for (JobSummary s : listing) {
            Integer index = s.arrayProperties() == null ? null : s.arrayProperties().index();
            if (index != null && index >= 0 && index < array.children.size()) {
                bits.set(index);
            }
        }
        return listing;
    }

    /** Polls of an ended parent that may pass with children unaccounted for before they are errors. */
    static final int MAX_RECONCILE_TRIES = 5;

    /**
     * The parent has ended but some children have not been seen to: the listings disagreed with its status
     * summary. The missing children are described by id ({@code <parent>:<index>}, 100 a call); those still not
     * found after {@link #MAX_RECONCILE_TRIES} polls end as errors naming them, so the run never waits forever.
     */
    private void reconcile(ArrayJob array) throws InterruptedException {
        Map<String, TaskJob> missing = new LinkedHashMap<>();
        for (TaskJob c : array.children) {
            if (!c.ended() && !c.endReported) {
                missing.put(c.jobId, c);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (array.reconcileTries++ == 0) {
            LOG.warn("array job {} has ended but {} of its children were not in the ListJobs answers; describing"
                    + " them by id", array.id, missing.size());
        }
        List<String> ids = new ArrayList<>(missing.keySet());
        for (int i = 0; i < ids.size(); i += 100) {
            List<String> part = ids.subList(i, Math.min(ids.size(), i + 100));
            for (JobDetail cd : calls.call("DescribeJobs", () -> batch.describeJobs(r -> r.jobs(part))).jobs()) {
                String st = cd.statusAsString();
                TaskJob child = missing.get(cd.jobId());
                if (child != null && ("SUCCEEDED".equals(st) || "FAILED".equals(st))) {
                    missing.remove(cd.jobId());
                    (("SUCCEEDED".equals(st)) ? array.seenSucceeded : array.seenFailed).set(child.index);
                    report(child, JobEnd.of(cd));
                }
            }
        }
        if (!missing.isEmpty() && array.reconcileTries >= MAX_RECONCILE_TRIES) {
            for (TaskJob child : missing.values()) {
                child.endReported = true;
                backend.end(child, TaskExit.failedToRun("AWS Batch array job " + array.id + " has ended, but its"
                        + " child " + child.jobId + " was in none of " + array.reconcileTries + " ListJobs and"
                        + " DescribeJobs answers: its end is unknown"));
            }
        }
    }

    /**
     * Ends the listed children not ended yet from their DescribeJobs records, 100 ids a call (a tenth of a call per
     * child on top of the listing): a ListJobs summary names neither the log stream, which each call's task.log
     * names, nor the full record kept for failed children. A child the answer leaves out ends from its summary.
     */
    private void describeEnded(ArrayJob array, List<JobSummary> summaries) throws InterruptedException {
        Map<String, TaskJob> pending = new LinkedHashMap<>();
        Map<String, JobSummary> byId = new HashMap<>();
        for (JobSummary s : summaries) {
            TaskJob child = child(array, s);
            if (child != null && !child.ended() && !child.endReported) {
                pending.put(s.jobId(), child);
                byId.put(s.jobId(), s);
            }
        }
        List<String> ids = new ArrayList<>(pending.keySet());
        for (int i = 0; i < ids.size(); i += 100) {
            List<String> part = ids.subList(i, Math.min(ids.size(), i + 100));
            for (JobDetail cd : calls.call("DescribeJobs", () -> batch.describeJobs(r -> r.jobs(part))).jobs()) {
                TaskJob child = pending.remove(cd.jobId());
                if (child != null) {
                    report(child, JobEnd.of(cd));
                }
            }
        }
        pending.forEach((id, child) -> report(child, JobEnd.of(byId.get(id))));
    }

    private void report(TaskJob child, JobEnd end) {
        child.endReported = true;
        backend.ended(child, end);
    }

    private static TaskJob child(ArrayJob array, JobSummary s) {
        Integer index = s.arrayProperties() == null ? null : s.arrayProperties().index();
        if (index == null || index < 0 || index >= array.children.size()) {
            return null;
        }
        return array.children.get(index);
    }

    private List<JobSummary> list(String arrayJobId, JobStatus status) throws InterruptedException {
        List<JobSummary> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListJobsResponse page = calls.call("ListJobs", () -> batch.listJobs(r -> r.arrayJobId(arrayJobId)
                    .jobStatus(status).maxResults(1000).nextToken(t)));
            out.addAll(page.jobSummaryList());
            token = page.nextToken();
        } while (token != null);
        return out;
    }
}
