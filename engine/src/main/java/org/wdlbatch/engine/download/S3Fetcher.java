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
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code s3://bucket/key} through AWS SDK v2 with its standard settings (region and credential chains,
 * {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_S3}), so the same code reads AWS or a local S3.
 * Path-style addressing is used when an endpoint is overridden (local S3 servers need it); without credentials
 * the request is anonymous, which works for public buckets.
 */
final class S3Fetcher implements UriFetcher {

    private volatile S3Client client;

    @Override
    public SourceVersion head(URI uri) throws IOException {
        String bucket = bucket(uri);
        String key = key(uri);
        try {
            HeadObjectResponse h = client().headObject(b -> b.bucket(bucket).key(key));
            long size = h.contentLength() == null ? -1 : h.contentLength();
            // A VersionId (versioned buckets) names one immutable version; the ETag changes with the content.
            String version = h.versionId() == null || h.versionId().equals("null") ? "" : ",version:" + h.versionId();
            return new SourceVersion("etag:" + h.eTag() + version, size);
        } catch (S3Exception e) {
            throw failure(e);
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Opened open(URI uri, SourceVersion expected) throws IOException {
        String bucket = bucket(uri);
        String key = key(uri);
        String etag = expected == null ? null : etagOf(expected.tag());
        try {
            // If-Match: S3 answers 412 when the object was replaced after the HEAD, so the bytes are the version
            // the cache files them under (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
            ResponseInputStream<GetObjectResponse> in = client().getObject(b -> b.bucket(bucket).key(key)
                    .ifMatch(etag));
            Long length = in.response().contentLength();
            return new Opened(in, length == null ? -1 : length);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new IOException("it changed while being downloaded (" + expected.tag() + ")", e);
            }
            throw failure(e);
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String etagOf(String tag) {
        if (!tag.startsWith("etag:")) {
            return null;
        }
        int comma = tag.indexOf(",version:");
        return comma < 0 ? tag.substring(5) : tag.substring(5, comma);
    }

    private static String bucket(URI uri) throws IOException {
        if (uri.getHost() == null || key(uri).isEmpty()) {
            throw new SourceRefused("not of the form s3://bucket/key");
        }
        return uri.getHost();
    }

    private static String key(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** No such bucket or key, or access denied, does not pass by asking again; throttling and 5xx may. */
    private static IOException failure(S3Exception e) {
        int status = e.statusCode();
        String message = status == 404 ? "no such object (HTTP 404)"
                : status == 403 ? "access denied (HTTP 403): the credentials may not read it" : e.getMessage();
        if (status == 404 || status == 403 || status == 400 || status == 301) {
            return new SourceRefused(message, e);
        }
        return new IOException(message, e);
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
