package org.wdlbatch.orchestrator.upload;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.wdlbatch.emulator.AwsEmulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Test access to the emulator's S3 (a real S3Proxy), and the system properties that point in-process
 * {@code wdlbatch run} calls at it (the SDK reads {@code aws.endpointUrl}, {@code aws.region} and credentials
 * from system properties as it reads the {@code AWS_*} environment variables).
 */
public final class EmulatorS3 {

    private EmulatorS3() {}

    public static S3Client client(AwsEmulator aws) {
        return S3Client.builder().endpointOverride(aws.endpoint()).region(Region.of(aws.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
                .forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    public static void pointSdkAt(AwsEmulator aws) {
        System.setProperty("aws.endpointUrl", aws.endpoint().toString());
        System.setProperty("aws.region", aws.region());
        System.setProperty("aws.accessKeyId", "emulator");
        System.setProperty("aws.secretAccessKey", "emulator");
    }

    public static void unpointSdk() {
        for (String p : List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey")) {
            System.clearProperty(p);
        }
    }

    public static String get(S3Client s3, String uri) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        return s3.getObjectAsBytes(b -> b.bucket(rest.substring(0, slash)).key(rest.substring(slash + 1)))
                .asString(StandardCharsets.UTF_8);
    }

    public static List<String> keys(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }
}
