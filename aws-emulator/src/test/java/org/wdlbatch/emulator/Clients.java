package org.wdlbatch.emulator;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** Real AWS SDK v2 clients pointed at an emulator: the only way tests talk to it. */
public final class Clients {

    private Clients() {}

    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator"));

    public static BatchClient batch(AwsEmulator aws) {
        return BatchClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder().maxConnections(64)).build();
    }

    /** A Batch client that surfaces throttling at once instead of retrying. */
    public static BatchClient batchNoRetry(AwsEmulator aws) {
        return BatchClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    public static CloudWatchLogsClient logs(AwsEmulator aws) {
        return CloudWatchLogsClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    public static CloudWatchLogsClient logsNoRetry(AwsEmulator aws) {
        return CloudWatchLogsClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    public static EfsClient efs(AwsEmulator aws) {
        return EfsClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    public static StsClient sts(AwsEmulator aws) {
        return StsClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    public static S3Client s3(URI endpoint, String region) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.of(region)).forcePathStyle(true)
                .credentialsProvider(CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    public static S3AsyncClient s3Async(AwsEmulator aws) {
        return S3AsyncClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .forcePathStyle(true).multipartEnabled(true).credentialsProvider(CREDENTIALS).build();
    }
}
