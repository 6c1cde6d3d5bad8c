package org.wdlbatch.orchestrator.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.ListJobsResponse;

/**
 * The run's one poller. Every {@code describe_period} it describes all active single jobs and array parents,
 * 100 ids a DescribeJobs call. An array parent's status summary tells when children have ended; only then are
 * the ended children listed (ListJobs by arrayJobId and status, 1,000 a page) and described, 100 a call, for
 * their log stream and (failed ones) their full record. While submissions are waiting the poller makes one call
 * every fifth period, leaving the rate to the submitter, and works through the active jobs round-robin.
 */
final class Poller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private final AwsBatchBackend backend;
    private final BatchClient batch;
    private final BatchCalls calls;
    private final long periodMillis;
    private volatile boolean running = true;
    private int cursor;
    private int sweepsWhileBusy;
    private final Thread thread;
    private final RunnableLimit runnableLimit;

    Poller(AwsBatchBackend backend, BatchClient batch, BatchCalls calls, double periodSeconds) {
        this.backend = backend;
        this.batch = batch;
        this.calls = calls;
        this.periodMillis = Math.max(10, (long) (periodSeconds * 1000));
        this.runnableLimit = new RunnableLimit(backend, batch, calls);
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
                LOG.warn("polling AWS Batch failed: {}", e.toString());
            }
        }
    }

    private void sweep() throws InterruptedException {
        List<String> ids = new ArrayList<>(backend.activeSingleIds());
        ids.addAll(backend.activeArrayIds());
        if (ids.isEmpty()) {
            return;
        }
        int chunks = (ids.size() + 99) / 100;
        int allowed = chunks;
        if (backend.submitBacklog() > 0) {
            // submissions waiting: one call every fifth period, the rest of the budget goes to the submitter
            allowed = sweepsWhileBusy++ % 5 == 0 ? 1 : 0;
        }
        for (int n = 0; n < Math.min(allowed, chunks); n++) {
            int start = (cursor % chunks) * 100;
            cursor = (cursor + 1) % chunks;
            List<String> chunk = ids.subList(start, Math.min(ids.size(), start + 100));
            List<JobDetail> jobs = calls.call("DescribeJobs", () -> batch.describeJobs(r -> r.jobs(chunk))).jobs();
            for (JobDetail d : jobs) {
                if (d.arrayProperties() != null && d.arrayProperties().size() != null) {
                    arrayParent(d);
                } else {
                    runnableLimit.observe(d);
                    backend.observed(d);
                }
            }
        }
    }

    private void arrayParent(JobDetail d) throws InterruptedException {
        ArrayJob array = backend.array(d.jobId());
        if (array == null) {
            return;
        }
        Map<String, Integer> summary = d.arrayProperties().statusSummary();
        int succeeded = summary.getOrDefault("SUCCEEDED", 0);
        int failed = summary.getOrDefault("FAILED", 0);
        int fresh = succeeded - array.knownSucceeded;
        int unseen = array.children.size() - array.knownSucceeded - array.knownFailed;
        List<JobSummary> ended = new ArrayList<>();
        // listing all succeeded children costs a call per 1,000: list when a page's worth (or all that remain)
        // has succeeded, or when the news is ten periods old
        boolean listSucceeded = fresh > 0 && (fresh >= Math.min(1000, unseen) || ++array.periodsSinceListing >= 10);
        if (listSucceeded) {
            array.periodsSinceListing = 0;
            ended.addAll(list(array.id, JobStatus.SUCCEEDED));
        }
        boolean listFailed = failed > array.knownFailed;
        if (listFailed) {
            ended.addAll(list(array.id, JobStatus.FAILED));
        }
        describeEnded(array, ended);
        // counted as known only once described: a failed DescribeJobs leaves the news for the next period
        if (listSucceeded) {
            array.knownSucceeded = succeeded;
        }
        if (listFailed) {
            array.knownFailed = failed;
        }
        if (array.allEnded()) {
            backend.arrayDone(array);
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
