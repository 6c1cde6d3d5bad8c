package org.wdlbatch.orchestrator.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Puts files and text into an S3 folder; failures become IOExceptions naming the object. */
public final class S3Uploader {

    /** Files larger than this go up in parts (one PutObject takes at most 5 GiB). */
    static final long DEFAULT_MULTIPART_THRESHOLD = 256L << 20;
    /** At most 10,000 parts per upload; 64 MiB parts reach 625 GiB, larger files get larger parts. */
    static final long DEFAULT_PART_SIZE = 64L << 20;
    private static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final long multipartThreshold;
    private final long partSize;

    public S3Uploader(S3Client s3) {
        this(s3, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }

    /** With a part size of at least 5 MiB (S3's minimum for all parts but the last). */
    S3Uploader(S3Client s3, long multipartThreshold, long partSize) {
        this.s3 = s3;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    /**
     * Proves that objects can be written under {@code folder} by writing a small test object (and deleting it
     * again, when allowed), so a wrong bucket or missing permission shows before hours of work.
     */
    public void proveWriteAccess(S3Folder folder) throws IOException {
        String key = folder.key(".wdlbatch-write-test-" + UUID.randomUUID());
        try {
            s3.putObject(b -> b.bucket(folder.bucket()).key(key),
                    RequestBody.fromString("wdlbatch checks it may write here before running\n"));
        } catch (SdkException e) {
            throw new IOException("cannot write s3://" + folder.bucket() + "/" + key + ": " + e.getMessage(), e);
        }
        try {
            s3.deleteObject(b -> b.bucket(folder.bucket()).key(key));
        } catch (SdkException e) {
            // Writing is what we need; a role without s3:DeleteObject leaves a tiny object behind.
        }
    }

    public void putFile(S3Folder folder, String relative, Path file) throws IOException {
        try {
            long size = Files.size(file);
            if (size > multipartThreshold) {
                putInParts(folder.bucket(), folder.key(relative), file, size);
                return;
            }
            s3.putObject(b -> b.bucket(folder.bucket()).key(folder.key(relative)), RequestBody.fromFile(file));
        } catch (SdkException | java.io.UncheckedIOException e) {
            throw new IOException("upload of " + file + " to " + folder.uri(relative) + " failed: " + e.getMessage(),
                    e);
        }
    }

    /** A multipart upload, one part at a time from the file; aborted (no stray parts billed) when a part fails. */
    private void putInParts(String bucket, String key, Path file, long size) throws IOException {
        long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> done = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(part, size));
            for (int n = 1; (long) (n - 1) * part < size; n++) {
                buf.clear();
                buf.limit((int) Math.min(part, size - (long) (n - 1) * part));
                while (buf.hasRemaining() && ch.read(buf) >= 0) {
                    // fill the part
                }
                buf.flip();
                int number = n;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromByteBuffer(buf)).eTag();
                done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the bucket's lifecycle rule for incomplete uploads cleans up what is left
            }
            throw e;
        }
    }

    public void putText(S3Folder folder, String relative, String text) throws IOException {
        try {
            s3.putObject(b -> b.bucket(folder.bucket()).key(folder.key(relative)).contentType("application/json"),
                    RequestBody.fromBytes(text.getBytes(StandardCharsets.UTF_8)));
        } catch (SdkException e) {
            throw new IOException("upload to " + folder.uri(relative) + " failed: " + e.getMessage(), e);
        }
    }
}
