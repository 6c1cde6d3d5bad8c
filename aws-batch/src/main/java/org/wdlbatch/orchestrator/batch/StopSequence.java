package org.wdlbatch.orchestrator.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * The TerminateJob requests of a stopped run (SIGTERM, Ctrl-C, fail-fast), sent in the order given ({@link
 * #terminateJobs} puts array parents first, one request each, then single jobs, running ones first) by a few threads, so that
 * AWS's request latency does not cap the rate: the run's {@link ApiBudget} does. Jobs whose submission was in
 * flight when the run stopped come {@link #late} and are terminated too. {@link #await} is how long the
 * orchestrator waits for the requests to be sent: AWS gives a stopped workflow job 30 s before SIGKILL
 * (<a href="https://docs.aws.amazon.com/batch/latest/APIReference/API_TerminateJob.html">TerminateJob</a>), and
 * the run's log, error.json and end-of-log line must be written within them. A job not reached by then exits
 * without running its command when it starts ({@code .stopped}, {@link org.wdlbatch.taskruntime.WrapperScript}).
 */
final class StopSequence {

    private static final Logger LOG = LoggerFactory.getLogger(StopSequence.class);
    /**
     * Requests in flight at once: at 48 requests/s the rate holds while TerminateJob answers within 650 ms (a
     * busy Batch endpoint is slower to answer than an idle one, and the 30 s are short).
     */
    static final int THREADS = 32;

    private final BatchClient batch;
    private final BatchCalls calls;
    private final ThreadPoolExecutor senders;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unsent = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final long startedNanos = System.nanoTime();
    /** Set when the orchestrator exits: requests cut short then are not reported (the log has ended). */
    private volatile boolean closed;

    StopSequence(BatchClient batch, BatchCalls calls) {
        this.batch = batch;
        this.calls = calls;
        this.senders = new ThreadPoolExecutor(THREADS, THREADS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "batch-stop");
            t.setDaemon(true);
            return t;
        });
    }

    /** How many TerminateJob requests the stop queued for the run's jobs, for its log line. */
    record Queued(int arrays, int singles) {}

    /**
     * Queues TerminateJob for the jobs of the run: every array parent not terminated yet (one request takes all its
     * children), then the submitted single jobs among {@code live}, those last seen running first.
     */
    Queued terminateJobs(Iterable<ArrayJob> arrays, List<TaskJob> live) {
        List<String> ids = new ArrayList<>();
        for (ArrayJob a : arrays) {
            if (!a.terminateSent) {
                a.terminateSent = true;
                ids.add(a.id);
            }
        }
        terminate(ids);
        List<String> singleIds = new ArrayList<>();
        live.stream().filter(j -> j.array == null && j.jobId != null && j.running).forEach(j -> singleIds.add(j.jobId));
        live.stream().filter(j -> j.array == null && j.jobId != null && !j.running).forEach(j -> singleIds.add(j.jobId));
        Set<String> queues = new java.util.HashSet<>();
        live.stream().filter(j -> j.array == null && j.jobId != null).forEach(j -> queues.add(j.shape.queue()));
        terminateSingles(singleIds, queues);
        return new Queued(ids.size(), singleIds.size());
    }

    /** Queues TerminateJob for these job ids, in this order (ids already queued are skipped). */
    void terminate(List<String> ids) {
        ids.forEach(this::late);
    }

    /**
     * Queues TerminateJob for single jobs, those running first. The poller's last view of which jobs run can be
     * old (it polls little while submissions wait), so the jobs STARTING or RUNNING now are asked for (ListJobs
     * on their queues, 1,000 a page: a few requests) while the array parents already go; jobs queued RUNNABLE
     * do no work until they start, and then find {@code .stopped}.
     */
    void terminateSingles(List<String> ids, Set<String> queues) {
        unsent.incrementAndGet(); // the look-up counts as one request to wait for
        Thread t = new Thread(() -> {
            try {
                Set<String> wanted = new java.util.HashSet<>(ids);
                for (String q : queues) {
                    for (software.amazon.awssdk.services.batch.model.JobStatus st : List.of(
                            software.amazon.awssdk.services.batch.model.JobStatus.RUNNING,
                            software.amazon.awssdk.services.batch.model.JobStatus.STARTING)) {
                        String token = null;
                        do {
                            String tk = token;
                            var page = calls.call("ListJobs", () -> batch.listJobs(r -> r.jobQueue(q).jobStatus(st)
                                    .maxResults(1000).nextToken(tk)));
                            page.jobSummaryList().stream().map(j -> j.jobId()).filter(wanted::contains)
                                    .forEach(this::late);
                            token = page.nextToken();
                        } while (token != null);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("stop: cannot list the running jobs ({}); terminating in the order last seen", e.toString());
            } finally {
                ids.forEach(this::late);
                unsent.decrementAndGet();
            }
        }, "batch-stop-running");
        t.setDaemon(true);
        t.start();
    }

    /** Queues TerminateJob for one job, e.g. one whose SubmitJob answered after the stop. */
    void late(String id) {
        if (id == null || !requested.add(id)) {
            return;
        }
        unsent.incrementAndGet();
        try {
            senders.execute(() -> send(id));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            unsent.decrementAndGet(); // the orchestrator is exiting: the job's wrapper finds .stopped
        }
    }

    private void send(String id) {
        try {
            calls.call("TerminateJob", () -> batch.terminateJob(r -> r.jobId(id).reason(Terminator.REASON)));
            sent.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("TerminateJob {} failed: {}", id, e instanceof AwsServiceException a ? a.getMessage() : e);
            }
        } finally {
            unsent.decrementAndGet();
        }
    }

    /**
     * Waits until every queued request is sent and {@code alsoDone} holds (no submission in flight), or until
     * {@code millisAfterStart} after the stop began; true when everything was sent.
     */
    boolean await(long millisAfterStart, java.util.function.BooleanSupplier alsoDone) {
        long deadline = startedNanos + TimeUnit.MILLISECONDS.toNanos(millisAfterStart);
        while (unsent.get() > 0 || !alsoDone.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                LOG.warn("stop: {} TerminateJob requests not sent within {} s of the stop ({} sent); those jobs"
                        + " exit without running their command when they start (.stopped)", unsent.get(),
                        millisAfterStart / 1000, sent.get());
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        LOG.info("stop: {} TerminateJob requests sent in {} ms", sent.get(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        return true;
    }

    void shutdown() {
        closed = true;
        senders.shutdownNow();
    }
}
