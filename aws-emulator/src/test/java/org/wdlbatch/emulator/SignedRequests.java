package org.wdlbatch.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * SigV4-signed raw requests, for bodies the SDK's typed clients cannot send (a misspelt member, a wrong JSON type).
 */
final class SignedRequests {

    /** Status, x-amzn-ErrorType and body of an answer. */
    record Answer(int status, String errorType, String body) {}

    private SignedRequests() {}

    static Answer batch(URI endpoint, String operationPath, String json) throws IOException {
        return batch(endpoint, operationPath, json, java.time.Clock.systemUTC());
    }

    /** Signed as at {@code clock}'s time. */
    static Answer batch(URI endpoint, String operationPath, String json, java.time.Clock clock) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath(operationPath).putHeader("Content-Type", "application/json").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create("emulator", "emulator")).request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "batch")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        try (SdkHttpClient http = ApacheHttpClient.create()) {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            String body;
            try (InputStream in = response.responseBody().orElseThrow()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Answer(response.httpResponse().statusCode(),
                    response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null), body);
        }
    }
}
