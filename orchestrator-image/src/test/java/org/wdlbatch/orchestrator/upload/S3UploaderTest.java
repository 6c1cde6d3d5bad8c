package org.wdlbatch.orchestrator.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** Large files go up in parts (PutObject stops at 5 GiB); the object is byte for byte the file. */
class S3UploaderTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    @TempDir
    Path tmp;

    @Test
    void aFileAboveTheThresholdIsUploadedInPartsIntact() throws Exception {
        byte[] data = new byte[(11 << 20) + 12345]; // three parts of 5 MiB, the last one short
        new Random(7).nextBytes(data);
        Path file = Files.write(tmp.resolve("big.bin"), data);
        try (S3Client s3 = EmulatorS3.client(AWS.emulator())) {
            s3.createBucket(b -> b.bucket("parts"));
            S3Uploader uploader = new S3Uploader(s3, 6L << 20, 5L << 20);
            uploader.putFile(new S3Folder("parts", "run/"), "out/big.bin", file);
            byte[] back = s3.getObjectAsBytes(b -> b.bucket("parts").key("run/out/big.bin")).asByteArray();
            assertThat(back).hasSize(data.length).isEqualTo(data);
            assertThat(s3.headObject(b -> b.bucket("parts").key("run/out/big.bin")).eTag()).endsWith("-3\"");
            assertThat(s3.listMultipartUploads(b -> b.bucket("parts")).uploads()).isEmpty();
        }
    }
}
