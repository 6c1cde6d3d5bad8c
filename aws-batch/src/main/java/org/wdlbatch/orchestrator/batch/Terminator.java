package org.wdlbatch.orchestrator.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * Sends TerminateJob for jobs the run no longer wants, in bursts: requests that arrive together (fail-fast,
 * SIGTERM) are gathered for a moment, and when every unfinished child of an array job is to go, the array job
 * itself is terminated with one request instead of one per child.
 */
final class Terminator implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Terminator.class);
    static final String REASON = "terminated by wdlbatch (run failed or was stopped)";

    private final BatchClient batch;
    private final BatchCalls calls;
    private final LinkedBlockingQueue<TaskJob> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    Terminator(BatchClient batch, BatchCalls calls) {
        this.batch = batch;
        this.calls = calls;
        this.thread = new Thread(this, "batch-terminate");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    void request(TaskJob job) {
        queue.add(job);
    }

    @Override
    public void run() {
        while (running) {
            try {
                TaskJob first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                Thread.sleep(50); // gather the rest of a burst
                List<TaskJob> burst = new ArrayList<>(List.of(first));
                queue.drainTo(burst);
                // jobs seen running first: queued ones do no work yet, and the wrapper of one that starts after
                // the run stopped exits at once
                burst.sort(java.util.Comparator.comparing((TaskJob j) -> !j.running));
                for (String id : targets(burst)) {
                    try {
                        calls.call("TerminateJob", () -> batch.terminateJob(r -> r.jobId(id).reason(REASON)));
                    } catch (AwsServiceException e) {
                        LOG.warn("TerminateJob {} failed: {}", id, e.getMessage());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("terminating jobs failed: {}", e.toString());
            }
        }
    }

    /** Job ids to terminate: whole array jobs when all their unfinished children are wanted gone. */
    static Set<String> targets(List<TaskJob> burst) {
        Set<String> out = new LinkedHashSet<>();
        Map<ArrayJob, List<TaskJob>> byArray = new LinkedHashMap<>();
        for (TaskJob j : burst) {
            if (j.ended() || j.jobId == null) {
                continue;
            }
            if (j.array != null) {
                byArray.computeIfAbsent(j.array, a -> new ArrayList<>()).add(j);
            } else {
                out.add(j.jobId);
            }
        }
        byArray.forEach((array, children) -> {
            if (array.terminateSent) {
                return;
            }
            boolean all = array.children.stream().allMatch(c -> c.ended() || c.terminateRequested);
            if (all) {
                array.terminateSent = true;
                out.add(array.id);
            } else {
                children.forEach(c -> out.add(c.jobId));
            }
        });
        return out;
    }
}
