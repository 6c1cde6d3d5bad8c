package org.wdlbatch.engine.download;

import java.io.IOException;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * {@code s3://bucket/key} through AWS SDK v2 with its standard settings (region and credential chains,
 * {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_S3}), so the same code reads AWS or a local S3.
 * Path-style addressing is used when an endpoint is overridden (local S3 servers need it); without credentials
 * the request is anonymous, which works for public buckets.
 */
final class S3Fetcher implements UriFetcher {

    private volatile S3Client client;

    @Override
    public Opened open(URI uri) throws IOException {
        String bucket = uri.getHost();
        String key = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
        if (bucket == null || key.isEmpty()) {
            throw new IOException("not of the form s3://bucket/key");
        }
        try {
            ResponseInputStream<GetObjectResponse> in = client().getObject(b -> b.bucket(bucket).key(key));
            Long length = in.response().contentLength();
            return new Opened(in, length == null ? -1 : length);
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private S3Client client() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = build();
                }
                c = client;
            }
        }
        return c;
    }

    private static S3Client build() {
        boolean endpointOverridden = System.getenv("AWS_ENDPOINT_URL") != null
                || System.getenv("AWS_ENDPOINT_URL_S3") != null
                || System.getProperty("aws.endpointUrl") != null;
        return S3Client.builder()
                .region(region())
                .credentialsProvider(credentials())
                .forcePathStyle(endpointOverridden)
                .build();
    }

    private static Region region() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            // S3 answers any region's bucket with a redirect the SDK follows; us-east-1 is a safe start.
            return Region.US_EAST_1;
        }
    }

    private static AwsCredentialsProvider credentials() {
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        try {
            chain.resolveCredentials();
            return chain;
        } catch (SdkException e) {
            return AnonymousCredentialsProvider.create();
        }
    }
}
