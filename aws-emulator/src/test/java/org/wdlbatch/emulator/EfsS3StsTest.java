package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.efs.EfsApi;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.Tag;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sts.StsClient;

/** EFS descriptions, S3 through S3Proxy on the shared endpoint (sync, async multipart, presigned), and STS. */
class EfsS3StsTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    @Test
    void efsDescribesTheFileSystemAndAccessPointWithItsLocalFolder() {
        try (EfsClient efs = Clients.efs(AWS.emulator())) {
            FileSystemDescription fs = efs.describeFileSystems(r -> {}).fileSystems().get(0);
            assertThat(fs.fileSystemId()).isEqualTo(EmulatorConfig.DEFAULT_FILE_SYSTEM);
            assertThat(fs.lifeCycleStateAsString()).isEqualTo("available");
            AccessPointDescription ap = efs.describeAccessPoints(r -> r.accessPointId(EmulatorConfig.DEFAULT_ACCESS_POINT))
                    .accessPoints().get(0);
            assertThat(ap.fileSystemId()).isEqualTo(fs.fileSystemId());
            assertThat(ap.rootDirectory().path()).isEqualTo("/wdlbatch");
            assertThat(ap.posixUser().uid()).isEqualTo(1000L);
            assertThat(ap.tags()).extracting(Tag::key, Tag::value)
                    .contains(org.assertj.core.groups.Tuple.tuple(EfsApi.LOCAL_FOLDER_TAG,
                            AWS.emulator().efsFolder().toString()));
            assertThat(Files.isDirectory(AWS.emulator().efsFolder())).isTrue();
            assertThat(efs.describeAccessPoints(r -> r.fileSystemId(fs.fileSystemId())).accessPoints()).hasSize(1);
        }
    }

    @Test
    void s3PutGetListThroughTheSharedEndpoint() {
        try (S3Client s3 = Clients.s3(AWS.emulator().endpoint(), AWS.emulator().region())) {
            s3.createBucket(r -> r.bucket("sync-bucket"));
            s3.putObject(r -> r.bucket("sync-bucket").key("dir/hello.txt"), RequestBody.fromString("hello s3"));
            byte[] big = new byte[3 * 1024 * 1024 + 17];
            new Random(1).nextBytes(big);
            s3.putObject(r -> r.bucket("sync-bucket").key("dir/big.bin"), RequestBody.fromBytes(big));
            assertThat(s3.getObjectAsBytes(r -> r.bucket("sync-bucket").key("dir/hello.txt")).asUtf8String())
                    .isEqualTo("hello s3");
            assertThat(s3.getObjectAsBytes(r -> r.bucket("sync-bucket").key("dir/big.bin")).asByteArray()).isEqualTo(big);
            assertThat(s3.headObject(r -> r.bucket("sync-bucket").key("dir/big.bin")).contentLength())
                    .isEqualTo(big.length);
            assertThat(s3.listObjectsV2(r -> r.bucket("sync-bucket").prefix("dir/")).contents())
                    .extracting(S3Object::key).containsExactly("dir/big.bin", "dir/hello.txt");
            s3.deleteObject(r -> r.bucket("sync-bucket").key("dir/hello.txt"));
            assertThat(s3.listObjectsV2(r -> r.bucket("sync-bucket")).keyCount()).isEqualTo(1);
        }
    }

    @Test
    void s3AsyncMultipartUploadAndPresignedUrls() throws Exception {
        byte[] data = new byte[9 * 1024 * 1024 + 5]; // over the 8 MiB multipart threshold: two parts
        new Random(2).nextBytes(data);
        try (S3AsyncClient s3 = Clients.s3Async(AWS.emulator())) {
            s3.createBucket(r -> r.bucket("async-bucket")).join();
            s3.putObject(r -> r.bucket("async-bucket").key("multi.bin"), AsyncRequestBody.fromBytes(data)).join();
        }
        // S3Proxy cannot serve part-number GETs, so downloads go through a client without multipart
        try (S3AsyncClient plain = S3AsyncClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.of(AWS.emulator().region())).forcePathStyle(true).credentialsProvider(Clients.CREDENTIALS)
                .build()) {
            byte[] back = plain.getObject(r -> r.bucket("async-bucket").key("multi.bin"),
                    AsyncResponseTransformer.toBytes()).join().asByteArray();
            assertThat(back).isEqualTo(data);
        }
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.of(AWS.emulator().region()))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build())
                .credentialsProvider(() -> AwsBasicCredentials.create("emulator", "emulator")).build()) {
            URL put = presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(p -> p.bucket("async-bucket").key("presigned.txt"))).url();
            HttpURLConnection c = (HttpURLConnection) put.openConnection();
            c.setRequestMethod("PUT");
            c.setDoOutput(true);
            c.getOutputStream().write("via presigned PUT".getBytes(StandardCharsets.UTF_8));
            assertThat(c.getResponseCode()).isEqualTo(200);
            URL get = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("async-bucket").key("presigned.txt"))).url();
            try (var in = get.openStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("via presigned PUT");
            }
        }
    }

    @Test
    void stsGetCallerIdentity() {
        try (StsClient sts = Clients.sts(AWS.emulator())) {
            var id = sts.getCallerIdentity();
            assertThat(id.account()).isEqualTo("123456789012");
            assertThat(id.arn()).startsWith("arn:aws:iam::123456789012:");
        }
    }

}
