package org.wdlbatch.orchestrator.batch;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of what the backend asked of Batch (every request sent, throttled ones included), for the benchmark. */
public final class BatchMetrics {

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong spotReclaims = new AtomicLong();
    private final AtomicLong jobsSubmitted = new AtomicLong();
    private final AtomicLong tasksSubmitted = new AtomicLong();
    private final AtomicLong attemptsEnded = new AtomicLong();
    private volatile long lastSubmitNanos;
    private volatile long firstSubmitNanos;

    void call(String action) {
        calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    }

    void spotReclaimed() {
        spotReclaims.incrementAndGet();
    }

    /** Task attempts whose spot instance was reclaimed. */
    public long spotReclaims() {
        return spotReclaims.get();
    }

    void throttled() {
        throttled.incrementAndGet();
    }

    void ended() {
        attemptsEnded.incrementAndGet();
    }

    /** Attempts whose end was reported to the engine (submitted or not): submitted minus this is what is active. */
    public long attemptsEnded() {
        return attemptsEnded.get();
    }

    void submitted(int tasks) {
        jobsSubmitted.incrementAndGet();
        tasksSubmitted.addAndGet(tasks);
        long now = System.nanoTime();
        if (firstSubmitNanos == 0) {
            firstSubmitNanos = now;
        }
        lastSubmitNanos = now;
    }

    /** {@link System#nanoTime()} of the first successful SubmitJob, 0 before any. */
    public long firstSubmitNanos() {
        return firstSubmitNanos;
    }

    public long calls(String action) {
        AtomicLong n = calls.get(action);
        return n == null ? 0 : n.get();
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public Map<String, Long> byAction() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long throttledRequests() {
        return throttled.get();
    }

    /** SubmitJob requests that succeeded (an array job counts once). */
    public long jobsSubmitted() {
        return jobsSubmitted.get();
    }

    /** Tasks those jobs carry (an array job counts its children). */
    public long tasksSubmitted() {
        return tasksSubmitted.get();
    }

    /** {@link System#nanoTime()} of the last successful SubmitJob, 0 before any. */
    public long lastSubmitNanos() {
        return lastSubmitNanos;
    }
}
