package org.wdlbatch.orchestrator.batch;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The workflow job's one AWS client factory: every client of the orchestrator (Batch, EFS, S3, CloudWatch Logs)
 * is built here, on the JDK's HTTP client, with the SDK's standard region, credential and endpoint settings
 * ({@code AWS_ENDPOINT_URL} and friends, so the same code talks to AWS or the emulator), and with the one retry
 * policy of this side, {@link #RETRIES}.
 *
 * <p>The retry policy: the SDK's standard strategy (it knows every AWS throttling code, HTTP 429 included, and
 * transient network and 5xx errors) with 12 attempts instead of 3, throttled requests backing off exponentially
 * with full jitter from 1 s up to 20 s (about 75 s of retrying on average before giving up, 150 s at most), other
 * transient errors from 0.1 s up to 5 s, and no circuit breaker: the breaker fails a client fast once its retry
 * quota is spent, which under an account-wide throttle turns throttling into failed runs. ADAPTIVE mode was not
 * chosen: its client-side rate limiter pays off for one client sending many requests, while these clients send a
 * handful (start-up checks, uploads, log batches) and the backend's Batch traffic has its own budget.
 *
 * <p>The exception: {@link #budgetedBatch()}, the backend's Batch client, has SDK retries off because
 * {@link BatchCalls} retries each request itself within the run's {@link ApiBudget} (throttled requests without
 * limit, so no submission is lost), and counts them.
 *
 * @param endpoint explicit endpoint (tests with an in-process emulator), or null for the SDK's settings
 * @param region explicit region, or null for the SDK's region chain
 */
public record AwsClients(URI endpoint, String region) {

    /** Attempts per request (the first included) under {@link #RETRIES}. */
    public static final int MAX_ATTEMPTS = 12;

    /** How long a throttled request waits before its next attempt (also used by hand-made requests). */
    public static final BackoffStrategy THROTTLING_BACKOFF =
            BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20));

    /** The retry policy of every orchestrator client but the budgeted Batch one (see the class comment). */
    public static final RetryStrategy RETRIES = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(MAX_ATTEMPTS)
            .throttlingBackoffStrategy(THROTTLING_BACKOFF)
            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
            .circuitBreakerEnabled(false)
            .build();

    public static AwsClients standard() {
        return new AwsClients(null, null);
    }

    /** Batch for one-off requests (start-up checks, Studio detection, shipped bundles): retried by {@link #RETRIES}. */
    public BatchClient batch() {
        return configure(BatchClient.builder(), RETRIES).build();
    }

    /** The backend's Batch client: no SDK retries, {@link BatchCalls} retries within the run's API budget. */
    BatchClient budgetedBatch() {
        return configure(BatchClient.builder(), AwsRetryStrategy.doNotRetry()).build();
    }

    public EfsClient efs() {
        return configure(EfsClient.builder(), RETRIES).build();
    }

    /** S3 by path (local S3 servers such as the emulator's need it) when the endpoint is overridden. */
    public S3Client s3() {
        boolean endpointOverridden = endpoint != null || System.getenv("AWS_ENDPOINT_URL") != null
                || System.getenv("AWS_ENDPOINT_URL_S3") != null || System.getProperty("aws.endpointUrl") != null;
        return configure(S3Client.builder(), RETRIES).region(regionOrDefault()).forcePathStyle(endpointOverridden)
                .build();
    }

    /**
     * Run notifications: the SDK's standard 3 attempts, not {@link #RETRIES}' minute of retrying, because a
     * notification that cannot be sent is only a warning and must not hold up the end of the run.
     */
    public software.amazon.awssdk.services.sns.SnsClient sns() {
        return configure(software.amazon.awssdk.services.sns.SnsClient.builder(),
                AwsRetryStrategy.standardRetryStrategy()).region(regionOrDefault()).build();
    }

    /** Run notifications on EventBridge: as {@link #sns()}. */
    public software.amazon.awssdk.services.eventbridge.EventBridgeClient eventBridge() {
        return configure(software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder(),
                AwsRetryStrategy.standardRetryStrategy()).region(regionOrDefault()).build();
    }

    /** ECR in the region of an image's registry ({@code <account>.dkr.ecr.<region>.amazonaws.com}). */
    public software.amazon.awssdk.services.ecr.EcrClient ecr(String imageRegion) {
        var b = configure(software.amazon.awssdk.services.ecr.EcrClient.builder(), RETRIES);
        if (region == null && imageRegion != null) {
            b.region(Region.of(imageRegion));
        }
        return b.build();
    }

    public CloudWatchLogsClient logs() {
        return configure(CloudWatchLogsClient.builder(), RETRIES).region(regionOrDefault()).build();
    }

    /** The region given, else the region chain's answer, else us-east-1 (S3 redirects to the bucket's region). */
    public Region regionOrDefault() {
        if (region != null) {
            return Region.of(region);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            return Region.US_EAST_1;
        }
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, C>,
            C> B configure(B b, RetryStrategy retries) {
        b.httpClientBuilder(UrlConnectionHttpClient.builder());
        b.overrideConfiguration(o -> o.retryStrategy(retries));
        if (endpoint != null) {
            b.endpointOverride(endpoint);
            b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")));
        }
        if (region != null) {
            b.region(Region.of(region));
        }
        return b;
    }

    /**
     * What a failed request means, for the message that ends a start-up check: throttling that outlasted the
     * retries is said to be throttling (never a credentials problem), refused credentials are said to be
     * credentials, an unreachable endpoint is said to be the endpoint or region.
     */
    public static String explain(SdkException e) {
        if (RetryUtils.isThrottlingException(e)
                || e instanceof AwsServiceException a && (a.isThrottlingException() || a.statusCode() == 429)) {
            return "AWS kept throttling the requests (" + e.getMessage() + ") through " + MAX_ATTEMPTS
                    + " attempts over a minute or more: the account's API rate is shared by everything in it; start"
                    + " again when it is less busy, or lower [aws] api_rate of the runs already going";
        }
        if (e instanceof AwsServiceException a) {
            int status = a.statusCode();
            String code = a.awsErrorDetails() == null ? "" : a.awsErrorDetails().errorCode();
            if (status == 401 || status == 403 || code.contains("Token") || code.contains("Signature")
                    || code.contains("AccessDenied") || code.contains("UnrecognizedClient")) {
                return "AWS refused the request (" + e.getMessage() + "): check the credentials and the role's"
                        + " permissions";
            }
            return "AWS answered " + e.getMessage();
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("credentials")) {
            return "no AWS credentials (" + e.getMessage() + "): set AWS_PROFILE or AWS_ACCESS_KEY_ID/"
                    + "AWS_SECRET_ACCESS_KEY, or run with a role";
        }
        return "cannot reach AWS (" + e.getMessage() + "): check AWS_REGION and AWS_ENDPOINT_URL";
    }
}
