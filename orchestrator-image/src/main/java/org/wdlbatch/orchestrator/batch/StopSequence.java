package org.wdlbatch.orchestrator.batch;

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
 * The TerminateJob requests of a stopped run (SIGTERM, Ctrl-C, fail-fast), sent in the order given (the backend
 * puts array parents first, one request each, then single jobs, running ones first) by a few threads, so that
 * AWS's request latency does not cap the rate: the run's {@link ApiBudget} does. Jobs whose submission was in
 * flight when the run stopped come {@link #late} and are terminated too. {@link #await} is how long the
 * orchestrator waits for the requests to be sent: AWS gives a stopped workflow job 30 s before SIGKILL
 * (<a href="https://docs.aws.amazon.com/batch/latest/APIReference/API_TerminateJob.html">TerminateJob</a>), and
 * the run's log, error.json and end-of-log line must be written within them. A job not reached by then exits
 * without running its command when it starts ({@code .stopped}, {@link org.wdlbatch.taskruntime.WrapperScript}).
 */
final class StopSequence {

    private static final Logger LOG = LoggerFactory.getLogger(StopSequence.class);
    /** Requests in flight at once: at 48 requests/s the rate holds while TerminateJob answers within 160 ms. */
    static final int THREADS = 8;

    private final BatchClient batch;
    private final BatchCalls calls;
    private final ThreadPoolExecutor senders;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unsent = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final long startedNanos = System.nanoTime();

    StopSequence(BatchClient batch, BatchCalls calls) {
        this.batch = batch;
        this.calls = calls;
        this.senders = new ThreadPoolExecutor(THREADS, THREADS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "batch-stop");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues TerminateJob for these job ids, in this order (ids already queued are skipped). */
    void terminate(List<String> ids) {
        ids.forEach(this::late);
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
        } catch (AwsServiceException e) {
            LOG.warn("TerminateJob {} failed: {}", id, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("TerminateJob {} failed: {}", id, e.toString());
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
        senders.shutdownNow();
    }
}
