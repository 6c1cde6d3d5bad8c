package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeUserProfileResponse;
import software.amazon.awssdk.services.sagemaker.model.DomainStatus;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** DescribeDomain and DescribeUserProfile through the real SageMaker SDK client; the world comes from the config. */
class SageMakerApiTest {

    static final String DOMAIN = "d-studio0test1";

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.sageMakerDomains.add(new EmulatorConfig.SageMakerDomain(DOMAIN, "team", EmulatorConfig.DEFAULT_FILE_SYSTEM));
        c.sageMakerUserProfiles.add(new EmulatorConfig.SageMakerUserProfile(DOMAIN, "alice", "200001"));
    });

    @TempDir
    Path tmp;

    static SageMakerClient client() {
        AwsEmulator aws = AWS.emulator();
        return SageMakerClient.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(Clients.CREDENTIALS).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @Test
    void describesTheConfiguredDomainAndUserProfile() {
        try (SageMakerClient sm = client()) {
            DescribeDomainResponse d = sm.describeDomain(r -> r.domainId(DOMAIN));
            assertThat(d.homeEfsFileSystemId()).isEqualTo(EmulatorConfig.DEFAULT_FILE_SYSTEM);
            assertThat(d.domainName()).isEqualTo("team");
            assertThat(d.status()).isEqualTo(DomainStatus.IN_SERVICE);
            assertThat(d.domainArn()).isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:domain/" + DOMAIN);
            DescribeUserProfileResponse u = sm.describeUserProfile(r -> r.domainId(DOMAIN).userProfileName("alice"));
            assertThat(u.homeEfsFileSystemUid()).isEqualTo("200001");
            assertThat(u.domainId()).isEqualTo(DOMAIN);
            // user profile names are not case sensitive in SageMaker
            assertThat(sm.describeUserProfile(r -> r.domainId(DOMAIN).userProfileName("ALICE")).userProfileName())
                    .isEqualTo("alice");
        }
    }

    @Test
    void defaultWorldHasADomainOnTheDefaultFileSystemWithTheDefaultAccessPointsUid() {
        try (SageMakerClient sm = client()) {
            assertThat(sm.describeDomain(r -> r.domainId(EmulatorConfig.DEFAULT_STUDIO_DOMAIN)).homeEfsFileSystemId())
                    .isEqualTo(EmulatorConfig.DEFAULT_FILE_SYSTEM);
            assertThat(sm.describeUserProfile(r -> r.domainId(EmulatorConfig.DEFAULT_STUDIO_DOMAIN)
                    .userProfileName(EmulatorConfig.DEFAULT_STUDIO_USER)).homeEfsFileSystemUid()).isEqualTo("1000");
        }
    }

    @Test
    void unknownDomainOrProfileIsResourceNotFound() {
        try (SageMakerClient sm = client()) {
            assertThatThrownBy(() -> sm.describeDomain(r -> r.domainId("d-nosuchdomain")))
                    .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("d-nosuchdomain");
                    });
            assertThatThrownBy(() -> sm.describeUserProfile(r -> r.domainId(DOMAIN).userProfileName("bob")))
                    .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("bob");
            // a profile belongs to its domain only
            assertThatThrownBy(() -> sm.describeUserProfile(r -> r.domainId(EmulatorConfig.DEFAULT_STUDIO_DOMAIN)
                    .userProfileName("alice"))).isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void missingOrMalformedParametersAreValidationExceptions() {
        try (SageMakerClient sm = client()) {
            assertThatThrownBy(() -> sm.describeDomain(r -> {}))
                    .isInstanceOfSatisfying(SageMakerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("'domainId'", "must not be null");
                    });
            assertThatThrownBy(() -> sm.describeUserProfile(r -> r.domainId(DOMAIN)))
                    .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("ValidationException"))
                    .hasMessageContaining("'userProfileName'");
            assertThatThrownBy(() -> sm.describeDomain(r -> r.domainId("not-a-domain")))
                    .isInstanceOfSatisfying(SageMakerException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("ValidationException"))
                    .hasMessageContaining("regular expression pattern");
        }
    }

    @Test
    void aRequestSignedForAnotherServiceIsRefused() throws IOException {
        try (SdkHttpClient http = ApacheHttpClient.create()) {
            HttpExecuteResponse right = signedPost(http, "sagemaker");
            assertThat(right.httpResponse().statusCode()).isEqualTo(200);
            assertThat(body(right)).contains("\"HomeEfsFileSystemId\":\"" + EmulatorConfig.DEFAULT_FILE_SYSTEM + "\"");
            HttpExecuteResponse wrong = signedPost(http, "sagemakerx");
            assertThat(wrong.httpResponse().statusCode()).isEqualTo(403);
            assertThat(body(wrong)).contains("InvalidSignatureException", "'sagemaker'");
        }
    }

    private static String body(HttpExecuteResponse response) throws IOException {
        try (InputStream in = response.responseBody().orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** DescribeDomain as raw JSON 1.1, SigV4-signed with the given signing name. */
    private static HttpExecuteResponse signedPost(SdkHttpClient http, String signingName) throws IOException {
        byte[] payload = ("{\"DomainId\":\"" + DOMAIN + "\"}").getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(AWS.emulator().endpoint())
                .encodedPath("/").putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "SageMaker.DescribeDomain").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create("emulator", "emulator")).request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        return http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null)).build()).call();
    }

    @Test
    void configFileReplacesTheDefaultStudioWorldAndNamesBadReferences() throws IOException {
        Path file = tmp.resolve("world.json");
        Files.writeString(file, "{\"sageMakerDomains\": [{\"id\": \"d-abc123\", \"name\": \"lab\", "
                + "\"homeEfsFileSystemId\": \"" + EmulatorConfig.DEFAULT_FILE_SYSTEM + "\"}],"
                + " \"sageMakerUserProfiles\": [{\"domainId\": \"d-abc123\", \"name\": \"bo\", "
                + "\"homeEfsFileSystemUid\": \"200002\"}]}");
        EmulatorConfig c = EmulatorConfig.read(file);
        assertThat(c.sageMakerDomains).extracting(d -> d.id).containsExactly("d-abc123");
        assertThat(c.sageMakerUserProfiles).extracting(u -> u.homeEfsFileSystemUid).containsExactly("200002");

        Files.writeString(file, "{\"sageMakerDomains\": [{\"id\": \"d-abc123\", \"homeEfsFileSystemId\": \"fs-nope\"}]}");
        assertThatThrownBy(() -> EmulatorConfig.read(file)).hasMessageContaining("d-abc123")
                .hasMessageContaining("'homeEfsFileSystemId' 'fs-nope'").hasMessageContaining("'fileSystems'");
        Files.writeString(file, "{\"sageMakerUserProfiles\": [{\"domainId\": \"d-other\", \"name\": \"bo\", "
                + "\"homeEfsFileSystemUid\": \"1\"}]}");
        assertThatThrownBy(() -> EmulatorConfig.read(file)).hasMessageContaining("'domainId' 'd-other'")
                .hasMessageContaining("'sageMakerDomains'");
        Files.writeString(file, "{\"sageMakerDomains\": [{\"id\": \"D_BAD\", \"homeEfsFileSystemId\": \""
                + EmulatorConfig.DEFAULT_FILE_SYSTEM + "\"}], \"sageMakerUserProfiles\": []}");
        assertThatThrownBy(() -> EmulatorConfig.read(file)).hasMessageContaining("sageMakerDomains")
                .hasMessageContaining("'D_BAD'");
    }
}
