package org.wdlbatch.orchestrator.batch;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Every Batch request goes through here: it waits for the run's {@link ApiBudget}, is counted, and when Batch
 * throttles it (HTTP 429 TooManyRequestsException) or the connection fails, it is sent again after an exponential
 * backoff with jitter (0.2 s doubling up to 20 s), indefinitely for throttling so nothing is lost. Other
 * service errors are thrown to the caller.
 */
final class BatchCalls {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCalls.class);
    private static final int MAX_CONNECTION_RETRIES = 8;

    private final ApiBudget budget;
    private final BatchMetrics metrics;

    BatchCalls(ApiBudget budget, BatchMetrics metrics) {
        this.budget = budget;
        this.metrics = metrics;
    }

    <T> T call(String action, Supplier<T> request) throws InterruptedException {
        int throttles = 0;
        int failures = 0;
        while (true) {
            budget.acquire();
            metrics.call(action);
            try {
                return request.get();
            } catch (AwsServiceException e) {
                if (!e.isThrottlingException() && e.statusCode() != 429) {
                    throw e;
                }
                metrics.throttled();
                throttles++;
                LOG.debug("{} throttled ({} in a row)", action, throttles);
                backoff(throttles);
            } catch (SdkClientException e) {
                if (++failures > MAX_CONNECTION_RETRIES || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.warn("{} failed to reach AWS Batch ({}); retrying", action, e.getMessage());
                backoff(failures);
            }
        }
    }

    static void backoff(int attempt) throws InterruptedException {
        long cap = Math.min(20_000, 200L << Math.min(attempt - 1, 10));
        Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 4, cap + 1));
    }
}
