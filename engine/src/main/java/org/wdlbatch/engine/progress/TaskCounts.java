package org.wdlbatch.engine.progress;

import java.util.concurrent.atomic.AtomicInteger;

/** Live counts of a run's task calls; updated by the scheduler, read by the status line. */
public final class TaskCounts {

    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();

    public void queued() {
        queued.incrementAndGet();
    }

    /** A queued call dropped without starting (the run is stopping). */
    public void dropped() {
        queued.decrementAndGet();
    }

    public void started() {
        queued.decrementAndGet();
        running.incrementAndGet();
    }

    public void succeeded() {
        running.decrementAndGet();
        done.incrementAndGet();
    }

    public void failed() {
        running.decrementAndGet();
        failed.incrementAndGet();
    }

    /** A started call answered from the call cache without running its command. */
    public void cacheHit() {
        running.decrementAndGet();
        done.incrementAndGet();
        cached.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(queued.get(), running.get(), done.get(), failed.get(), cached.get());
    }

    public record Snapshot(int queued, int running, int done, int failed, int cached) {

        @Override
        public String toString() {
            return queued + " queued, " + running + " running, " + done + " done"
                    + (cached > 0 ? " (" + cached + " cached)" : "") + ", " + failed + " failed";
        }
    }
}
