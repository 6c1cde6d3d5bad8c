package org.wdlbatch.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.orchestrator.upload.S3Folder;
import org.wdlbatch.orchestrator.upload.S3Uploader;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/** The workflow job's S3 upload (write check, files, text, claim, verification) against LocalStack's S3. */
class S3UploadOnLocalStackTest {

    @Test
    void uploadsAreWrittenConfirmedAndClaimed(@TempDir Path dir) throws Exception {
        try (S3Client s3 = S3Client.builder().endpointOverride(LocalStack.endpoint()).region(LocalStack.region())
                .credentialsProvider(LocalStack.credentials()).forcePathStyle(true).build()) {
            s3.createBucket(b -> b.bucket("wdlbatch-results"));
            S3Folder folder = S3Folder.parse("s3://wdlbatch-results/runs/r1", "--s3upload");
            S3Uploader uploader = new S3Uploader(s3);
            uploader.proveWriteAccess(folder);
            assertThat(uploader.claim(folder)).isTrue();

            Path out = Files.writeString(dir.resolve("out.txt"), "hello\n");
            uploader.putFile(folder, "out/out.txt", out);
            uploader.putText(folder, "outputs.json", "{\"wf.x\": \"s3://wdlbatch-results/runs/r1/out/out.txt\"}\n");

            assertThat(uploader.verify()).isEmpty();
            assertThat(s3.getObject(b -> b.bucket("wdlbatch-results").key("runs/r1/out/out.txt"),
                    ResponseTransformer.toBytes()).asUtf8String()).isEqualTo("hello\n");
            assertThat(s3.listObjectsV2(b -> b.bucket("wdlbatch-results").prefix("runs/r1/")).contents())
                    .extracting(o -> o.key())
                    .contains("runs/r1/out/out.txt", "runs/r1/outputs.json")
                    .noneMatch(k -> k.contains(".wdlbatch-write-test-"));
        }
    }
}
