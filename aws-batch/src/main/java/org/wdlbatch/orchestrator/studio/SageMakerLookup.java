package org.wdlbatch.orchestrator.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.wdlbatch.orchestrator.batch.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * DescribeDomain and DescribeUserProfile as two signed JSON requests: the SageMaker SDK module is 14 MB for the
 * two calls Studio detection makes once per run. Region, credentials and endpoint ({@code AWS_ENDPOINT_URL_SAGEMAKER},
 * {@code AWS_ENDPOINT_URL}) come from the SDK's standard settings.
 */
final class SageMakerLookup implements StudioDetection.SageMaker {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Null: from the SDK's standard settings at each call (production); set: fixed, e.g. an emulator's. */
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;

    /** Endpoint, region and credentials from the SDK's standard settings. */
    SageMakerLookup() {
        this(null, null, null);
    }

    /** A fixed endpoint, region and credentials (tests against the emulator, without environment variables). */
    SageMakerLookup(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    @Override
    public String homeEfsFileSystemId(String domainId) {
        return field(call("DescribeDomain", Map.of("DomainId", domainId)), "HomeEfsFileSystemId", "DescribeDomain");
    }

    @Override
    public String homeEfsFileSystemUid(String domainId, String userProfileName) {
        return field(call("DescribeUserProfile", Map.of("DomainId", domainId, "UserProfileName", userProfileName)),
                "HomeEfsFileSystemUid", "DescribeUserProfile");
    }

    /** A field the answer must have: without it detection would go on with an empty file system id or uid. */
    private static String field(JsonNode answer, String name, String action) {
        String value = answer.path(name).asText("");
        if (value.isEmpty()) {
            throw new IllegalStateException("SageMaker " + action + " answered without " + name + ": " + answer);
        }
        return value;
    }

    /** One request, sent again while SageMaker throttles it, as the orchestrator's clients do ({@link AwsClients}). */
    private JsonNode call(String action, Map<String, String> body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return callOnce(action, body);
            } catch (Throttled e) {
                if (attempt >= AwsClients.MAX_ATTEMPTS) {
                    throw new IllegalStateException("SageMaker " + action + " was throttled " + attempt
                            + " times in a row: " + e.getMessage());
                }
                try {
                    Thread.sleep(AwsClients.THROTTLING_BACKOFF.computeDelay(attempt).toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while SageMaker " + action + " was throttled");
                }
            }
        }
    }

    /** HTTP 429, or a ThrottlingException: worth sending again after a while. */
    private static final class Throttled extends RuntimeException {
        Throttled(String message) {
            super(message);
        }
    }

    private JsonNode callOnce(String action, Map<String, String> body) {
        Region region = this.region != null ? this.region : new DefaultAwsRegionProviderChain().getRegion();
        URI uri = endpoint != null ? endpoint : endpointFromEnvironment(region);
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
            uri = uri.resolve("/"); // JSON 1.1 posts to "/"; an endpoint setting usually has no path
        }
        try (SdkHttpClient http = UrlConnectionHttpClient.create();
                DefaultCredentialsProvider defaults = credentials == null
                        ? DefaultCredentialsProvider.builder().build() : null) {
            AwsCredentialsProvider creds = credentials != null ? credentials : defaults;
            byte[] payload = JSON.writeValueAsBytes(body);
            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                    .putHeader("X-Amz-Target", "SageMaker." + action).build();
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(creds.resolveCredentials())
                    .request(request).payload(ContentStreamProvider.fromByteArray(payload))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            byte[] bytes;
            try (InputStream in = response.responseBody().orElse(null)) {
                bytes = in == null ? new byte[0] : in.readAllBytes();
            }
            int status = response.httpResponse().statusCode();
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (status == 429 || (status == 400 && text.contains("ThrottlingException"))) {
                throw new Throttled("HTTP " + status + ": " + text);
            }
            if (!response.httpResponse().isSuccessful()) {
                throw new IllegalStateException("SageMaker " + action + " answered HTTP "
                        + response.httpResponse().statusCode() + ": " + new String(bytes, StandardCharsets.UTF_8));
            }
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI endpointFromEnvironment(Region region) {
        String endpoint = System.getenv("AWS_ENDPOINT_URL_SAGEMAKER");
        if (endpoint == null) {
            endpoint = System.getenv("AWS_ENDPOINT_URL");
        }
        return URI.create(endpoint != null ? endpoint : "https://api.sagemaker." + region.id() + ".amazonaws.com");
    }
}
