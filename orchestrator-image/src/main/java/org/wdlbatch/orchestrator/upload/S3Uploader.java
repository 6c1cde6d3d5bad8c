package org.wdlbatch.orchestrator.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Puts files and text into an S3 folder; failures become IOExceptions naming the object. */
public final class S3Uploader {

    private final S3Client s3;

    public S3Uploader(S3Client s3) {
        this.s3 = s3;
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
            s3.putObject(b -> b.bucket(folder.bucket()).key(folder.key(relative)), RequestBody.fromFile(file));
        } catch (SdkException | java.io.UncheckedIOException e) {
            throw new IOException("upload of " + file + " to " + folder.uri(relative) + " failed: " + e.getMessage(),
                    e);
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
