package org.wdlbatch.submit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.AwsEmulator;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What end-to-end tests against an emulator share: the submitter set up for it, its EFS folders, its S3 objects. */
final class EmulatorRuns {

    private EmulatorRuns() {}

    /** submit_awsbatch with the emulator's EFS folder as mount and its default workflow queue. */
    static SubmitCli cli(AwsEmulator aws) {
        return new SubmitCli(aws).env("WDLBATCH__FILE_IO__ROOT", aws.efsFolder().toString())
                .env("WDLBATCH__AWS__WORKFLOW_QUEUE", AwsNames.DEFAULT_WORKFLOW_QUEUE);
    }

    /** A --dir under the emulator's EFS folder. */
    static String dir(AwsEmulator aws, String name) {
        return aws.efsFolder().resolve(name).toString();
    }

    /** An S3 client of the emulator's S3 (path-style, the emulator's credentials). */
    static S3Client s3(AwsEmulator aws) {
        return S3Client.builder().endpointOverride(aws.endpoint()).region(software.amazon.awssdk.regions.Region.of(
                aws.region())).credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
                .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("emulator", "emulator")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .forcePathStyle(true).build();
    }

    static List<String> keys(S3Client s3, String bucket, String prefix) {
        List<String> out = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            out.add(o.key());
        }
        return out;
    }

    static String object(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    /** The object at {@code s3://bucket/key} as text. */
    static String objectAt(S3Client s3, String s3uri) {
        URI u = URI.create(s3uri);
        return object(s3, u.getHost(), u.getPath().substring(1));
    }
}
