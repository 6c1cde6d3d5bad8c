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
    }

    /** True when the request may go ahead; false when it must be answered with the service's throttling error. */
    public boolean admit(String bucket) {
        RateLimiter l = limits.get(bucket);
        return l == null || l.tryAcquire();
    }
}
