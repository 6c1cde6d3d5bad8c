package org.wdlbatch.orchestrator.batch;

import java.util.concurrent.TimeUnit;

/**
 * The run's one allowance of Batch API requests (a token bucket shared by the submitter, the poller and
 * termination): {@code rate} requests a second with bursts of a fifth of a second, so the account-wide quota
 * (about 50/s) is not exceeded by our own traffic. Callers reserve a slot and sleep until it comes.
 */
public final class ApiBudget {

    private final double rate;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    public ApiBudget(double ratePerSecond) {
        this.rate = ratePerSecond;
        this.burst = Math.max(1, ratePerSecond / 5);
        this.tokens = burst;
    }

    public double rate() {
        return rate;
    }

    /** Blocks until one request may be sent. */
    public void acquire() throws InterruptedException {
        long wait = reserve();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private synchronized long reserve() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
    }
}
