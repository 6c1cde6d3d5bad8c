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
            S3Uploader uploader = new S3Uploader(s3, "run-1", 6L << 20, 5L << 20);
            uploader.putFile(new S3Folder("parts", "run/"), "out/big.bin", file);
            byte[] back = s3.getObjectAsBytes(b -> b.bucket("parts").key("run/out/big.bin")).asByteArray();
            assertThat(back).hasSize(data.length).isEqualTo(data);
            assertThat(s3.headObject(b -> b.bucket("parts").key("run/out/big.bin")).eTag()).endsWith("-3\"");
            assertThat(s3.listMultipartUploads(b -> b.bucket("parts")).uploads()).isEmpty();
            assertThat(uploader.verify()).as("the multipart ETag is the MD5 of the parts' MD5s").isEmpty();
        }
    }

    @Test
    void anObjectOfAnotherRunIsNeverReplacedButARunMayReplaceItsOwn() throws Exception {
        Path mine = Files.writeString(tmp.resolve("mine.txt"), "run A's result\n");
        Path theirs = Files.writeString(tmp.resolve("theirs.txt"), "run B's result\n");
        try (S3Client s3 = EmulatorS3.client(AWS.emulator())) {
            s3.createBucket(b -> b.bucket("owners"));
            S3Folder folder = new S3Folder("owners", "runs/r1/");
            S3Uploader a = new S3Uploader(s3, "run-A");
            a.putFile(folder, "out.txt", mine);
            a.putFile(folder, "out.txt", mine); // the same run again (e.g. after --resume): allowed
            S3Uploader b = new S3Uploader(s3, "run-B");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.putFile(folder, "out.txt", theirs))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("s3://owners/runs/r1/out.txt already exists (uploaded by run run-A)")
                    .hasMessageContaining("upload to another --s3upload prefix");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.putText(folder, "out.txt", "x"))
                    .hasMessageContaining("already exists");
            assertThat(s3.getObjectAsBytes(r -> r.bucket("owners").key("runs/r1/out.txt")).asUtf8String())
                    .isEqualTo("run A's result\n");
            assertThat(a.verify()).isEmpty();
            assertThat(b.uploaded()).isEmpty();
        }
    }

    @Test
    void theEmulatorsS3HonoursIfNoneMatchOnPut() {
        // what the uploader's conditional PUT relies on (AWS: 412 Precondition Failed when the key exists)
        try (S3Client s3 = EmulatorS3.client(AWS.emulator())) {
            s3.createBucket(b -> b.bucket("conditional"));
            s3.putObject(b -> b.bucket("conditional").key("k").ifNoneMatch("*"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("first"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.putObject(
                    b -> b.bucket("conditional").key("k").ifNoneMatch("*"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("second")))
                    .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class)
                    .satisfies(e -> assertThat(((software.amazon.awssdk.services.s3.model.S3Exception) e).statusCode())
                            .isEqualTo(412));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("conditional").key("k")).asUtf8String()).isEqualTo("first");
        }
    }

    @Test
    void verifyFindsAnObjectThatIsNotWhatWasSent() throws Exception {
        Path file = Files.writeString(tmp.resolve("f.txt"), "exact bytes\n");
        try (S3Client s3 = EmulatorS3.client(AWS.emulator())) {
            s3.createBucket(b -> b.bucket("verify"));
            S3Folder folder = new S3Folder("verify", "r/");
            S3Uploader up = new S3Uploader(s3, "run-V");
            up.putFile(folder, "f.txt", file);
            up.putText(folder, "t.json", "{}\n");
            assertThat(up.verify()).isEmpty();
            // same size, same owner tag, other bytes: only the MD5 ETag tells
            s3.putObject(b -> b.bucket("verify").key("r/f.txt").metadata(java.util.Map.of(S3Uploader.OWNER_KEY, "run-V")),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("other bytes\n"));
            s3.deleteObject(b -> b.bucket("verify").key("r/t.json"));
            assertThat(up.verify()).hasSize(2)
                    .anySatisfy(m -> assertThat(m).startsWith("s3://verify/r/f.txt is not what was uploaded: ETag"))
                    .anySatisfy(m -> assertThat(m).startsWith("s3://verify/r/t.json cannot be confirmed"));
        }
    }

    @Test
    void aConditionalPutRetriedAfterItsFirstAttemptLandedIsASuccessOnlyForTheSameBytesOfTheSameRun() throws Exception {
        try (S3Client s3 = EmulatorS3.client(AWS.emulator())) {
            s3.createBucket(b -> b.bucket("retried"));
            S3Uploader up = new S3Uploader(s3, "run-R");
            up.putText(new S3Folder("retried", "r/"), "o.json", "{\"a\": 1}\n"); // the attempt that landed
            S3Uploader.Uploaded same = up.uploaded().get(0);
            var preconditionFailed = (software.amazon.awssdk.services.s3.model.S3Exception)
                    software.amazon.awssdk.services.s3.model.S3Exception.builder().statusCode(412).build();
            assertThat(up.isOwnEarlierAttempt(preconditionFailed, same)).isTrue();
            assertThat(up.isOwnEarlierAttempt(preconditionFailed,
                    new S3Uploader.Uploaded("retried", "r/o.json", same.size(), "0".repeat(32)))).isFalse();
            assertThat(new S3Uploader(s3, "run-other").isOwnEarlierAttempt(preconditionFailed, same)).isFalse();
            var denied = (software.amazon.awssdk.services.s3.model.S3Exception)
                    software.amazon.awssdk.services.s3.model.S3Exception.builder().statusCode(403).build();
            assertThat(up.isOwnEarlierAttempt(denied, same)).isFalse();
        }
    }

    @Test
    void twoRunsOfTheSameNameGetTwoFoldersAndARunKeepsItsOwn() throws Exception {
        try (S3Client s3 = EmulatorS3.client(AWS.emulator())) {
            s3.createBucket(b -> b.bucket("claims"));
            UploadTarget target = UploadTarget.parse("s3://claims/runs/", "--s3upload");
            S3Uploader first = new S3Uploader(s3, "run-1");
            S3Uploader second = new S3Uploader(s3, "run-2");
            assertThat(target.claimFolder("20260101_000000_wf", first).uri(""))
                    .isEqualTo("s3://claims/runs/20260101_000000_wf/");
            assertThat(target.claimFolder("20260101_000000_wf", second).uri(""))
                    .isEqualTo("s3://claims/runs/20260101_000000_wf_2/");
            assertThat(target.claimFolder("20260101_000000_wf", first).uri(""))
                    .as("the same run uploading again (--resume) gets its own folder back")
                    .isEqualTo("s3://claims/runs/20260101_000000_wf/");
            assertThat(first.verify()).isEmpty();
        }
    }
}
