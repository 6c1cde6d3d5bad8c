package org.wdlbatch.submit;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS clients, made on first use (a submission needs Batch and EFS; Logs only with --follow, S3 only with
 * --s3upload), all on the JDK's HTTP client. With no endpoint given they follow the SDK's usual settings (region
 * and credential chains, {@code AWS_ENDPOINT_URL}); {@link #at} points them at one endpoint, as for the emulator.
 */
final class AwsClients implements AutoCloseable {

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
            http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)).build();
        }
        return http;
    }

    private <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>> B configure(B b) {
        b.httpClient(http()).overrideConfiguration(ClientOverrideConfiguration.builder().build());
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
}
