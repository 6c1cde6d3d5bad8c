package org.wdlbatch.emulator.http;

/**
 * A token bucket: {@code ratePerSecond} requests a second on average, bursts up to one second's worth.
 * A rate of zero or less means unlimited.
 */
public final class RateLimiter {

    private final double ratePerSecond;
    private double tokens;
    private long lastNanos;

    public RateLimiter(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
        this.tokens = Math.max(1, ratePerSecond);
        this.lastNanos = System.nanoTime();
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    /** Takes one token; false when the caller is over the rate and should be throttled. */
    public synchronized boolean tryAcquire() {
        if (ratePerSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(Math.max(1, ratePerSecond), tokens + (now - lastNanos) / 1e9 * ratePerSecond);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
