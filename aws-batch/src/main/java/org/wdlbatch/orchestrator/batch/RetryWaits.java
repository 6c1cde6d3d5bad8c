package org.wdlbatch.orchestrator.batch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code [aws] retry_wait}: a retried or reclaimed attempt is submitted that many seconds after its predecessor was
 * seen to end (a pause for whatever failed it, such as a busy service, to recover).
 */
final class RetryWaits {

    private final double seconds;
    private final Consumer<TaskJob> submit;
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "batch-retry-wait");
        t.setDaemon(true);
        return t;
    });
    /** Jobs waiting out {@code [aws] retry_wait} before they are submitted. */
    private final Map<TaskJob, ScheduledFuture<?>> waiting = new ConcurrentHashMap<>();

    /** @param submit hands a job to the submitter once its wait is over */
    RetryWaits(double seconds, Consumer<TaskJob> submit) {
        this.seconds = seconds;
        this.submit = submit;
    }

    /** Submits the job after the wait (at once without one). */
    void submit(TaskJob job) {
        long millis = (long) (seconds * 1000);
        if (millis <= 0) {
            submit.accept(job);
            return;
        }
        job.attempt.note().accept("waiting " + seconds + " s ([aws] retry_wait) before submitting"
                + " attempt " + job.attempt.number());
        waiting.put(job, delays.schedule(() -> {
            waiting.remove(job);
            submit.accept(job);
        }, millis, TimeUnit.MILLISECONDS));
    }

    /** True when the job was still waiting and now never will be submitted. */
    boolean cancel(TaskJob job) {
        ScheduledFuture<?> wait = waiting.remove(job);
        return wait != null && wait.cancel(false);
    }

    /** The run stops or the backend closes: no waiting job is submitted. */
    void dropAll() {
        delays.shutdownNow();
        waiting.clear();
    }
}
