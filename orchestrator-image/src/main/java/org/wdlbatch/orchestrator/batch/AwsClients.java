package org.wdlbatch.orchestrator.batch;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * The Batch and EFS clients: the JDK's HTTP client, the SDK's standard region, credential and endpoint settings
 * ({@code AWS_ENDPOINT_URL} and friends, so the same code talks to AWS or the emulator), and no SDK-level retries
 * for Batch ({@link BatchCalls} retries throttled requests itself, and counts them).
 *
 * @param endpoint explicit endpoint (tests with an in-process emulator), or null for the SDK's settings
 * @param region explicit region, or null for the SDK's region chain
 */
public record AwsClients(URI endpoint, String region) {

    public static AwsClients standard() {
        return new AwsClients(null, null);
    }

    public BatchClient batch() {
        return configure(BatchClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))).build();
    }

    public EfsClient efs() {
        return configure(EfsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())).build();
    }

    private <B extends AwsClientBuilder<B, C>, C> B configure(B b) {
        if (endpoint != null) {
            b.endpointOverride(endpoint);
            b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")));
        }
        if (region != null) {
            b.region(Region.of(region));
        }
        return b;
    }
}
