package org.wdlbatch.orchestrator.batch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gathers first attempts that could share an array job (same {@link JobShape#groupKey()}: the children of one
 * scatter call) while the scheduler is still starting them. A group goes to the submitter when no new member has
 * arrived for {@code windowMillis}, or as soon as it holds 10,000 tasks; a group of one is submitted as a single job.
 */
final class Coalescer {

    private static final class Group {
        final List<TaskJob> jobs = new ArrayList<>();
        long lastAdd;
    }

    private final JobSubmitter submitter;
    private final long windowNanos;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "batch-coalesce");
        t.setDaemon(true);
        return t;
    });

    Coalescer(JobSubmitter submitter, long windowMillis) {
        this.submitter = submitter;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        long tick = Math.max(5, windowMillis / 4);
        timer.scheduleWithFixedDelay(this::flushIdle, tick, tick, TimeUnit.MILLISECONDS);
    }

    void add(TaskJob job) {
        List<TaskJob> full = null;
        synchronized (groups) {
            Group g = groups.computeIfAbsent(job.shape.groupKey(), k -> new Group());
            g.jobs.add(job);
            g.lastAdd = System.nanoTime();
            if (g.jobs.size() >= JobSubmitter.MAX_ARRAY) {
                groups.remove(job.shape.groupKey());
                full = g.jobs;
            }
        }
        if (full != null) {
            submitter.array(full);
        }
    }

    /** Tasks waiting in groups (not yet handed to the submitter). */
    int waiting() {
        synchronized (groups) {
            return groups.values().stream().mapToInt(g -> g.jobs.size()).sum();
        }
    }

    private void flushIdle() {
        flush(false);
    }

    void flush(boolean all) {
        List<List<TaskJob>> ready = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (groups) {
            for (Iterator<Group> it = groups.values().iterator(); it.hasNext(); ) {
                Group g = it.next();
                if (all || now - g.lastAdd >= windowNanos) {
                    ready.add(g.jobs);
                    it.remove();
                }
            }
        }
        for (List<TaskJob> jobs : ready) {
            if (jobs.size() == 1) {
                submitter.single(jobs.get(0));
            } else {
                submitter.array(jobs);
            }
        }
    }

    void shutdown() {
        timer.shutdownNow();
    }

    /** The run stopped: the groups are dropped unsubmitted (the backend ends their tasks as terminated). */
    void discard() {
        timer.shutdownNow();
        synchronized (groups) {
            groups.clear();
        }
    }
}
