package org.wdlbatch.emulator.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request-rate limits per API bucket, switchable at run time (per test). Buckets: {@code batch} (all Batch APIs
 * share one, as in AWS), {@code logs.FilterLogEvents}, {@code logs.GetLogEvents}, {@code logs} (other Logs APIs),
 * {@code efs}. No bucket is limited unless configured.
 */
public final class Throttling {

    public static final String BATCH = "batch";
    public static final String FILTER_LOG_EVENTS = "logs.FilterLogEvents";
    public static final String GET_LOG_EVENTS = "logs.GetLogEvents";
    public static final String LOGS = "logs";
    public static final String EFS = "efs";

    /** AWS's default quotas, roughly: 50/s shared by the Batch APIs, 5/s FilterLogEvents, 25/s GetLogEvents. */
    public static final Map<String, Double> AWS_DEFAULTS =
            Map.of(BATCH, 50.0, FILTER_LOG_EVENTS, 5.0, GET_LOG_EVENTS, 25.0);

    private final Map<String, RateLimiter> limits = new ConcurrentHashMap<>();
    /** Fraction of all requests refused at random as throttled, whatever their rate (0: none). */
    private volatile double randomFraction;
    private volatile java.util.Random random = new java.util.Random(0);
    private final java.util.concurrent.atomic.AtomicLong randomlyRefused = new java.util.concurrent.atomic.AtomicLong();

    /** Limits a bucket to {@code perSecond} requests a second; zero or less removes the limit. */
    public void limit(String bucket, double perSecond) {
        if (perSecond <= 0) {
            limits.remove(bucket);
        } else {
            limits.put(bucket, new RateLimiter(perSecond));
        }
    }

    public void applyAwsDefaults() {
        AWS_DEFAULTS.forEach(this::limit);
    }

    public void clear() {
        limits.clear();
        randomFraction = 0;
    }

    /**
     * Refuses {@code fraction} of all requests (every bucket) as throttled, drawn from a generator seeded with
     * {@code seed} so a test sees the same pattern for the same order of requests; 0 lifts it. AWS throttles
     * with HTTP 429 / ThrottlingException whenever the account's shared rate is exceeded, which a client sees as
     * requests refused at random (https://docs.aws.amazon.com/batch/latest/userguide/service_limits.html).
     */
    public void randomlyRefuse(double fraction, long seed) {
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("fraction must be at least 0 and below 1, not " + fraction);
        }
        random = new java.util.Random(seed);
        randomFraction = fraction;
    }

    /** Requests refused by {@link #randomlyRefuse} so far. */
    public long randomlyRefused() {
        return randomlyRefused.get();
    }

    /** True when the request may go ahead; false when it must be answered with the service's throttling error. */
    public boolean admit(String bucket) {
        double f = randomFraction;
        if (f > 0) {
            boolean refuse;
            java.util.Random r = random;
            synchronized (r) {
                refuse = r.nextDouble() < f;
            }
            if (refuse) {
                randomlyRefused.incrementAndGet();
                return false;
            }
        }
        RateLimiter l = limits.get(bucket);
        return l == null || l.tryAcquire();
    }
}
