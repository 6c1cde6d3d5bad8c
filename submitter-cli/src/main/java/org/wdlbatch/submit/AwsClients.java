package org.wdlbatch.submit;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryUtils;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The submitter's one AWS client factory: every client of {@code submit_awsbatch} is made here, on first use (a
 * submission needs Batch and EFS; Logs only with --follow, S3 only with --s3upload), all on the JDK's HTTP client
 * and all with the one retry policy of this side, {@link #RETRIES}. With no endpoint given they follow the SDK's
 * usual settings (region and credential chains, {@code AWS_ENDPOINT_URL}); {@link #at} points them at one
 * endpoint, as for the emulator.
 *
 * <p>The retry policy: the SDK's standard strategy (it knows every AWS throttling code, HTTP 429 included, and
 * transient network and 5xx errors) with 12 attempts instead of 3, throttled requests backing off exponentially
 * with full jitter from 1 s up to 20 s (about 75 s of retrying on average before one request gives up), other
 * transient errors from 0.1 s up to 5 s, and no circuit breaker (it would fail the client fast once its retry
 * quota is spent: under an account-wide throttle that turns a slow submission into a failed one). Not ADAPTIVE:
 * its client-side rate limiter is for a client sending many requests, and a submission sends a handful.
 */
final class AwsClients implements AutoCloseable {

    /** Attempts per request (the first included) under {@link #RETRIES}. */
    static final int MAX_ATTEMPTS = 12;

    static final RetryStrategy RETRIES = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(MAX_ATTEMPTS)
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20)))
            .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
            .circuitBreakerEnabled(false)
            .build();

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final boolean pathStyle;
    private SdkHttpClient http;
    private BatchClient batch;
    private EfsClient efs;
    private CloudWatchLogsClient logs;
    private S3Client s3;
    private EcrClient ecr;

    private AwsClients(URI endpoint, Region region, AwsCredentialsProvider credentials, boolean pathStyle) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.pathStyle = pathStyle;
    }

    /** The SDK's default chains; the region from {@code AWS_REGION}/{@code AWS_DEFAULT_REGION} when set. */
    static AwsClients fromEnvironment(java.util.Map<String, String> env) {
        String r = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
        // an endpoint of one's own (an emulator, MinIO, ...) serves buckets by path, not by host name
        boolean pathStyle = env.containsKey("AWS_ENDPOINT_URL") || env.containsKey("AWS_ENDPOINT_URL_S3");
        return new AwsClients(null, r == null || r.isBlank() ? null : Region.of(r), null, pathStyle);
    }

    /** Every client at {@code endpoint}, e.g. an emulator, with fixed credentials. */
    static AwsClients at(URI endpoint, String region) {
        return new AwsClients(endpoint, Region.of(region),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")), true);
    }

    /** The region the clients talk to (from the SDK's region chain when not given). */
    String regionName() {
        if (region != null) {
            return region.id();
        }
        try {
            return batch().serviceClientConfiguration().region().id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = new TlsOnDemandHttpClient(Duration.ofSeconds(10), Duration.ofSeconds(60));
        }
        return http;
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>> B configure(B b) {
        b.httpClient(http()).overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RETRIES).build());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        if (region != null) {
            b.region(region);
        }
        if (credentials != null) {
            b.credentialsProvider(credentials);
        }
        return b;
    }

    synchronized BatchClient batch() {
        if (batch == null) {
            batch = configure(BatchClient.builder()).build();
        }
        return batch;
    }

    synchronized EfsClient efs() {
        if (efs == null) {
            efs = configure(EfsClient.builder()).build();
        }
        return efs;
    }

    synchronized CloudWatchLogsClient logs() {
        if (logs == null) {
            logs = configure(CloudWatchLogsClient.builder()).build();
        }
        return logs;
    }

    /** ECR, for {@code --check} only (is the workflow image there). */
    synchronized EcrClient ecr() {
        if (ecr == null) {
            ecr = configure(EcrClient.builder()).build();
        }
        return ecr;
    }

    synchronized S3Client s3() {
        if (s3 == null) {
            s3 = configure(S3Client.builder()).forcePathStyle(pathStyle).build();
        }
        return s3;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : new AutoCloseable[] {batch, efs, logs, s3, ecr, http}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing clients at exit: nothing to report
                }
            }
        }
    }

    /**
     * What a failed request means, for submit_awsbatch's last words: throttling that outlasted the retries is said
     * to be throttling (never a credentials problem), refused credentials are said to be credentials, an
     * unreachable endpoint is said to be the endpoint or region.
     */
    static String explain(SdkException e) {
        if (RetryUtils.isThrottlingException(e)
                || e instanceof AwsServiceException a && (a.isThrottlingException() || a.statusCode() == 429)) {
            return "AWS kept throttling the requests (" + e.getMessage() + ") through " + MAX_ATTEMPTS
                    + " attempts over a minute or more; the account's API rate is shared by everything in it:"
                    + " submit again when it is less busy";
        }
        if (e instanceof AwsServiceException a) {
            int status = a.statusCode();
            String code = a.awsErrorDetails() == null || a.awsErrorDetails().errorCode() == null ? ""
                    : a.awsErrorDetails().errorCode();
            if (status == 401 || status == 403 || code.contains("Token") || code.contains("Signature")
                    || code.contains("AccessDenied") || code.contains("UnrecognizedClient")) {
                return "AWS refused the request (" + e.getMessage() + "): check the credentials (AWS_PROFILE, ...)"
                        + " and the submitting user's permissions";
            }
            return "AWS answered " + e.getMessage() + ": check the submitting user's permissions";
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("credentials")) {
            return "no AWS credentials (" + e.getMessage() + "): set AWS_PROFILE or AWS_ACCESS_KEY_ID/"
                    + "AWS_SECRET_ACCESS_KEY";
        }
        return "cannot reach AWS (" + e.getMessage() + "): check AWS_REGION and AWS_ENDPOINT_URL";
    }
}
