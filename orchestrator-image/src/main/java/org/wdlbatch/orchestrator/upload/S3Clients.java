package org.wdlbatch.orchestrator.upload;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client of the workflow job: the SDK's standard region and credential chains and {@code AWS_ENDPOINT_URL}
 * / {@code AWS_ENDPOINT_URL_S3}, path-style addressing when an endpoint is overridden (local S3 servers such as
 * the emulator's need it), the JDK's HTTP client.
 */
public final class S3Clients {

    private S3Clients() {}

    public static S3Client fromEnvironment() {
        boolean endpointOverridden = System.getenv("AWS_ENDPOINT_URL") != null
                || System.getenv("AWS_ENDPOINT_URL_S3") != null
                || System.getProperty("aws.endpointUrl") != null;
        return S3Client.builder()
                .region(region())
                .forcePathStyle(endpointOverridden)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** The region chain's answer, or us-east-1 when it has none (S3 redirects to the bucket's region). */
    public static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            return Region.US_EAST_1;
        }
    }
}
