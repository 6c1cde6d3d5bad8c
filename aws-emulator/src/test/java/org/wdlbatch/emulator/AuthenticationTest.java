package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/** SigV4 against the configured key pairs on every service, and the control API's token and content type. */
class AuthenticationTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    private static StaticCredentialsProvider creds(String key, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    }

    private static BatchClient batch(String key, String secret) {
        return BatchClient.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds(key, secret)).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @Test
    void batchAcceptsTheDefaultKeyPairsAndRefusesOthersWithAwsErrors() {
        for (String[] pair : new String[][] {{"emulator", "emulator"}, {"test", "test"}}) {
            try (BatchClient b = batch(pair[0], pair[1])) {
                assertThat(b.describeJobQueues(r -> {}).jobQueues()).isNotEmpty();
            }
        }
        try (BatchClient b = batch("emulator", "wrong")) {
            assertThatThrownBy(() -> b.describeJobQueues(r -> {})).isInstanceOf(AwsServiceException.class)
                    .satisfies(e -> {
                        AwsServiceException a = (AwsServiceException) e;
                        assertThat(a.statusCode()).isEqualTo(403);
                        assertThat(a.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(a.awsErrorDetails().errorMessage()).contains("signature we calculated does not match");
                    });
        }
        try (BatchClient b = batch("AKIDUNKNOWN", "emulator")) {
            assertThatThrownBy(() -> b.describeJobQueues(r -> {})).isInstanceOf(AwsServiceException.class)
                    .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                            .isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void pathsWithEncodedArnsVerify() {
        // ListTagsForResource puts an ARN (':' and '/') in the path: the canonical URI encodes it twice
        try (BatchClient b = batch("emulator", "emulator")) {
            String arn = b.describeJobQueues(r -> {}).jobQueues().get(0).jobQueueArn();
            assertThat(b.listTagsForResource(r -> r.resourceArn(arn)).tags()).isNotNull();
        }
    }

    @Test
    void signaturesOlderOrNewerThanFifteenMinutesHaveExpired() throws Exception {
        java.time.Duration twenty = java.time.Duration.ofMinutes(20);
        var old = SignedRequests.batch(AWS.emulator().endpoint(), "/v1/describejobqueues", "{}",
                java.time.Clock.offset(java.time.Clock.systemUTC(), twenty.negated()));
        assertThat(old.status()).isEqualTo(403);
        assertThat(old.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(old.body()).contains("Signature expired");
        var future = SignedRequests.batch(AWS.emulator().endpoint(), "/v1/describejobqueues", "{}",
                java.time.Clock.offset(java.time.Clock.systemUTC(), twenty));
        assertThat(future.body()).contains("Signature not yet current");
        var now = SignedRequests.batch(AWS.emulator().endpoint(), "/v1/describejobqueues", "{}");
        assertThat(now.status()).isEqualTo(200);
    }

    @Test
    void unsignedRequestsAreRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> batch = http.send(HttpRequest.newBuilder(URI.create(AWS.emulator().endpoint()
                + "/v1/describejobqueues")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(batch.statusCode()).isEqualTo(403);
        assertThat(batch.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(batch.body()).contains("Missing Authentication Token");

        HttpResponse<String> logs = http.send(HttpRequest.newBuilder(AWS.emulator().endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Logs_20140328.DescribeLogGroups")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logs.statusCode()).isEqualTo(400);
        assertThat(logs.body()).contains("MissingAuthenticationTokenException");

        HttpResponse<String> sts = http.send(HttpRequest.newBuilder(AWS.emulator().endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sts.statusCode()).isEqualTo(403);
        assertThat(sts.body()).contains("<Code>MissingAuthenticationToken</Code>");

        HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(AWS.emulator().endpoint()
                + "/v1/describejobqueues")).header("Content-Type", "application/json")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=emulator/20260101/us-east-1/batch/aws4_request")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("x-amzn-ErrorType")).hasValue("IncompleteSignatureException");
    }

    @Test
    void logsStsAndS3CheckTheSecretToo() {
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.US_EAST_1).credentialsProvider(creds("test", "nope"))
                .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            assertThatThrownBy(() -> logs.describeLogGroups(r -> {})).isInstanceOf(AwsServiceException.class)
                    .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                            .isEqualTo("InvalidSignatureException"));
        }
        try (StsClient sts = StsClient.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds("emulator", "nope")).httpClientBuilder(ApacheHttpClient.builder()).build()) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOf(AwsServiceException.class)
                    .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                            .isEqualTo("SignatureDoesNotMatch"));
        }
        try (S3Client good = Clients.s3(AWS.emulator().endpoint(), AWS.emulator().region());
                S3Client bad = S3Client.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.US_EAST_1)
                        .forcePathStyle(true).credentialsProvider(creds("emulator", "nope"))
                        .httpClientBuilder(ApacheHttpClient.builder()).build();
                S3Client unknown = S3Client.builder().endpointOverride(AWS.emulator().endpoint())
                        .region(Region.US_EAST_1).forcePathStyle(true).credentialsProvider(creds("nobody", "x"))
                        .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            good.createBucket(r -> r.bucket("auth-bucket"));
            good.putObject(r -> r.bucket("auth-bucket").key("k"), RequestBody.fromString("v"));
            assertThatThrownBy(() -> bad.getObjectAsBytes(r -> r.bucket("auth-bucket").key("k")))
                    .isInstanceOf(AwsServiceException.class)
                    .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                            .isEqualTo("SignatureDoesNotMatch"));
            assertThatThrownBy(() -> unknown.getObjectAsBytes(r -> r.bucket("auth-bucket").key("k")))
                    .isInstanceOf(AwsServiceException.class)
                    .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                            .isEqualTo("InvalidAccessKeyId"));
        }
    }

    @Test
    void unsignedS3RequestsAreDenied() throws Exception {
        try (S3Client good = Clients.s3(AWS.emulator().endpoint(), AWS.emulator().region())) {
            good.createBucket(r -> r.bucket("private-bucket"));
            good.putObject(r -> r.bucket("private-bucket").key("k"), RequestBody.fromString("secret"));
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(AWS.emulator().endpoint() + "/private-bucket/k")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("AccessDenied").doesNotContain("secret");
    }

    @Test
    void s3StoresFormEncodedBodiesAsSent() throws Exception {
        // what `curl -d` sends: Jetty would read it as form parameters and S3Proxy would store nothing
        try (S3Client s3 = Clients.s3(AWS.emulator().endpoint(), AWS.emulator().region())) {
            s3.createBucket(r -> r.bucket("form-bucket"));
            s3.putObject(r -> r.bucket("form-bucket").key("data.txt").contentType("application/x-www-form-urlencoded"),
                    RequestBody.fromString("a=1&b=two"));
            var back = s3.getObjectAsBytes(r -> r.bucket("form-bucket").key("data.txt"));
            assertThat(back.asUtf8String()).isEqualTo("a=1&b=two");
            assertThat(back.response().contentType()).isEqualTo("application/x-www-form-urlencoded");
        }
    }

    @Test
    void controlApiNeedsTheTokenAndJson() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI throttle = URI.create(AWS.emulator().endpoint() + "/_emulator/faults/throttle");
        String body = "{\"preset\":\"none\"}";
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(throttle)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("X-Emulator-Token");
        HttpResponse<String> wrongToken = http.send(HttpRequest.newBuilder(throttle).header("X-Emulator-Token", "guess")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        // a cross-origin "simple" request from a web page: text/plain, no custom header possible
        HttpResponse<String> textPlain = http.send(HttpRequest.newBuilder(throttle)
                .header("X-Emulator-Token", AWS.controlToken()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(textPlain.statusCode()).isEqualTo(415);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(throttle)
                .header("X-Emulator-Token", AWS.controlToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(AWS.emulator().endpoint()
                + "/_emulator/health")).header("X-Emulator-Token", AWS.controlToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body().getBytes(StandardCharsets.UTF_8).length).isPositive();
        assertThat(AWS.controlToken()).hasSizeGreaterThanOrEqualTo(32);
    }
}
