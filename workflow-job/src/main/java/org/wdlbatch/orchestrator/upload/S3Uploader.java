package org.wdlbatch.orchestrator.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Puts files and text into an S3 folder without ever replacing another run's object, and checks afterwards that
 * every object it put is in S3 as sent. Failures become IOExceptions naming the object.
 *
 * <p><b>Never overwrite.</b> Each object carries the uploading run's id as user metadata ({@value #OWNER_KEY}).
 * Before a PUT the key is looked at (HeadObject): absent, the PUT is conditional ({@code If-None-Match: *}, which
 * S3 honours on PutObject and CompleteMultipartUpload since August 2024 and answers 412 when the key appeared in
 * between: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html); present and written by
 * this same run (an upload repeated after {@code --resume}), it is replaced; present and anyone else's, the upload
 * of that object fails and the object is left alone. The HeadObject is what protects on S3 servers that ignore
 * the condition (older S3-compatible stores); the condition closes the race between the look and the PUT on S3.
 *
 * <p><b>Confirmed in S3.</b> Every PUT sends {@code Content-MD5}, so S3 rejects a body damaged on the way
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html). {@link #verify} then asks HeadObject for
 * each object: its size must be the file's, its owner this run, and its ETag the MD5 (or, for a multipart upload,
 * the MD5 of the parts' MD5s followed by {@code -<parts>}) wherever S3 gives an MD5 ETag, i.e. unless the bucket
 * encrypts with SSE-KMS / SSE-C, whose ETags are not digests
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html).
 */
public final class S3Uploader {

    /** The user metadata key naming the run that uploaded an object ({@code x-amz-meta-wdlbatch-run}). */
    public static final String OWNER_KEY = "wdlbatch-run";
    /** Files larger than this go up in parts (one PutObject takes at most 5 GiB). */
    static final long DEFAULT_MULTIPART_THRESHOLD = 256L << 20;
    /** At most 10,000 parts per upload; 64 MiB parts reach 625 GiB, larger files get larger parts. */
    static final long DEFAULT_PART_SIZE = 64L << 20;
    private static final int MAX_PARTS = 10_000;

    /** An object this uploader put: where, how large, and the ETag S3 should report for it. */
    public record Uploaded(String bucket, String key, long size, String expectedEtag) {
        String uri() {
            return "s3://" + bucket + "/" + key;
        }
    }

    private final S3Client s3;
    private final String owner;
    private final long multipartThreshold;
    private final long partSize;
    private final List<Uploaded> uploaded = new ArrayList<>();

    /** An uploader whose objects belong to a run of its own (for write-access checks). */
    public S3Uploader(S3Client s3) {
        this(s3, "check-" + UUID.randomUUID());
    }

    /** @param owner the id of the run the objects belong to (the same for every upload of that run) */
    public S3Uploader(S3Client s3, String owner) {
        this(s3, owner, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE);
    }

    /** With a part size of at least 5 MiB (S3's minimum for all parts but the last). */
    S3Uploader(S3Client s3, String owner, long multipartThreshold, long partSize) {
        this.s3 = s3;
        this.owner = owner;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    /**
     * Proves that objects can be written and looked at under {@code folder} by writing a small test object, reading
     * its head and deleting it again (when allowed), so a wrong bucket or missing permission shows before hours of
     * work.
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
            // uploads look at each key before writing it and confirm each object afterwards: both need HeadObject
            s3.headObject(b -> b.bucket(folder.bucket()).key(key));
        } catch (SdkException e) {
            throw new IOException("cannot read back s3://" + folder.bucket() + "/" + key + " with HeadObject (uploads"
                    + " need s3:GetObject on the prefix to check and confirm what they write): " + e.getMessage(), e);
        }
        try {
            s3.deleteObject(b -> b.bucket(folder.bucket()).key(key));
        } catch (SdkException e) {
            // Writing is what we need; a role without s3:DeleteObject leaves a tiny object behind.
        }
    }

    public void putFile(S3Folder folder, String relative, Path file) throws IOException {
        String bucket = folder.bucket();
        String key = folder.key(relative);
        try {
            long size = Files.size(file);
            boolean exists = mayWrite(bucket, key);
            String etag;
            if (size > multipartThreshold) {
                etag = putInParts(bucket, key, file, size, exists);
            } else {
                byte[] md5 = md5Of(file);
                etag = HexFormat.of().formatHex(md5);
                Uploaded expected = new Uploaded(bucket, key, size, etag);
                try {
                    s3.putObject(b -> b.bucket(bucket).key(key).metadata(Map.of(OWNER_KEY, owner))
                            .contentMD5(Base64.getEncoder().encodeToString(md5)).ifNoneMatch(exists ? null : "*"),
                            RequestBody.fromFile(file));
                } catch (S3Exception e) {
                    if (!isOwnEarlierAttempt(e, expected)) {
                        throw e;
                    }
                }
            }
            record(new Uploaded(bucket, key, size, etag));
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new ObjectTaken("upload of " + file + " to " + folder.uri(relative) + " failed: " + conflict(e),
                        e);
            }
            throw new IOException("upload of " + file + " to " + folder.uri(relative) + " failed: " + conflict(e), e);
        } catch (SdkException | java.io.UncheckedIOException e) {
            throw new IOException("upload of " + file + " to " + folder.uri(relative) + " failed: " + e.getMessage(),
                    e);
        }
    }

    public void putText(S3Folder folder, String relative, String text) throws IOException {
        String bucket = folder.bucket();
        String key = folder.key(relative);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            boolean exists = mayWrite(bucket, key);
            byte[] md5 = md5().digest(bytes);
            Uploaded expected = new Uploaded(bucket, key, bytes.length, HexFormat.of().formatHex(md5));
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json")
                        .metadata(Map.of(OWNER_KEY, owner)).contentMD5(Base64.getEncoder().encodeToString(md5))
                        .ifNoneMatch(exists ? null : "*"), RequestBody.fromBytes(bytes));
            } catch (S3Exception e) {
                if (!isOwnEarlierAttempt(e, expected)) {
                    throw e;
                }
            }
            record(expected);
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new ObjectTaken("upload to " + folder.uri(relative) + " failed: " + conflict(e), e);
            }
            throw new IOException("upload to " + folder.uri(relative) + " failed: " + conflict(e), e);
        } catch (SdkException e) {
            throw new IOException("upload to " + folder.uri(relative) + " failed: " + e.getMessage(), e);
        }
    }

    /** The object in a run's folder that claims the folder for one run: it holds the run's upload id. */
    public static final String CLAIM = ".wdlbatch-run";

    /**
     * Claims {@code folder} for this uploader's run by writing {@value #CLAIM} there unless it exists (a conditional
     * PUT: of two runs claiming at once, exactly one gets the folder). True when the folder is this run's now
     * (claimed just now, or by an earlier upload of the same run); false when another run holds it.
     */
    public boolean claim(S3Folder folder) throws IOException {
        try {
            putText(folder, CLAIM, owner + "\n");
            return true;
        } catch (ObjectTaken e) {
            return false;
        }
    }

    /** Every object put so far. */
    public synchronized List<Uploaded> uploaded() {
        return List.copyOf(uploaded);
    }

    /**
     * Checks every object put so far with HeadObject; returns one message per object that is not in S3 as sent
     * (missing, another size, another owner, another MD5). Empty: all confirmed.
     */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        for (Uploaded u : uploaded()) {
            try {
                HeadObjectResponse h = s3.headObject(b -> b.bucket(u.bucket()).key(u.key()));
                String problem = mismatch(u, h);
                if (problem != null) {
                    problems.add(u.uri() + " is not what was uploaded: " + problem);
                }
            } catch (SdkException e) {
                problems.add(u.uri() + " cannot be confirmed: " + e.getMessage());
            }
        }
        return problems;
    }

    /** Why {@code h} is not the object {@code u} describes, or null when it is. */
    String mismatch(Uploaded u, HeadObjectResponse h) {
        if (h.contentLength() == null || h.contentLength() != u.size()) {
            return "size " + h.contentLength() + ", expected " + u.size();
        }
        String by = h.metadata().get(OWNER_KEY);
        if (!owner.equals(by)) {
            return "written by " + (by == null ? "someone else" : "run " + by) + ", not by this run (" + owner + ")";
        }
        String etag = h.eTag() == null ? "" : h.eTag().replace("\"", "");
        String sse = h.serverSideEncryptionAsString();
        boolean md5Etag = etag.matches("[0-9a-f]{32}(-\\d+)?") && !"aws:kms".equals(sse) && !"aws:kms:dsse".equals(sse)
                && h.sseCustomerAlgorithm() == null;
        if (md5Etag && !etag.equals(u.expectedEtag())) {
            return "ETag " + etag + ", expected " + u.expectedEtag() + " (the MD5 of what was sent)";
        }
        return null;
    }

    /**
     * Whether the key holds an object of this run (then it may be replaced); false when it is free. An object of
     * anyone else is an IOException: it is never replaced.
     */
    private boolean mayWrite(String bucket, String key) throws IOException {
        HeadObjectResponse h;
        try {
            h = s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("cannot check s3://" + bucket + "/" + key + " before writing it: " + e.getMessage(),
                    e);
        } catch (SdkException e) {
            throw new IOException("cannot check s3://" + bucket + "/" + key + " before writing it: " + e.getMessage(),
                    e);
        }
        String by = h.metadata().get(OWNER_KEY);
        if (owner.equals(by)) {
            return true;
        }
        throw new ObjectTaken("s3://" + bucket + "/" + key + " already exists (" + (by == null
                ? "not uploaded by wdlbatch" : "uploaded by run " + by) + "); it is left as it is and this run's file"
                + " is not uploaded there: upload to another --s3upload prefix");
    }

    /**
     * A conditional PUT answered 412 (or 409; a completed multipart upload 404) because the key is taken, but by
     * this very upload: the SDK retried a request whose first attempt reached S3 and whose answer was lost. Then
     * the object is ours, with our bytes, and the upload succeeded.
     */
    boolean isOwnEarlierAttempt(S3Exception e, Uploaded expected) {
        if (e.statusCode() != 412 && e.statusCode() != 409 && e.statusCode() != 404) {
            return false;
        }
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(expected.bucket()).key(expected.key()));
            return mismatch(expected, h) == null;
        } catch (SdkException again) {
            return false;
        }
    }

    private static String conflict(S3Exception e) {
        if (e.statusCode() == 412 || e.statusCode() == 409) {
            return "another writer created the object while this run uploaded it; it is left as it is ("
                    + e.getMessage() + ")";
        }
        return e.getMessage();
    }

    private synchronized void record(Uploaded u) {
        uploaded.removeIf(x -> x.bucket().equals(u.bucket()) && x.key().equals(u.key()));
        uploaded.add(u);
    }

    /**
     * A multipart upload, one part at a time from the file; aborted (no stray parts billed) when a part fails.
     * Returns the ETag S3 gives such an object: the MD5 of the parts' MD5s, {@code -}, the number of parts.
     */
    private String putInParts(String bucket, String key, Path file, long size, boolean exists) throws IOException {
        long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(Map.of(OWNER_KEY, owner)))
                .uploadId();
        List<CompletedPart> done = new ArrayList<>();
        MessageDigest ofParts = md5();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(part, size));
            int n = 1;
            for (; (long) (n - 1) * part < size; n++) {
                buf.clear();
                buf.limit((int) Math.min(part, size - (long) (n - 1) * part));
                while (buf.hasRemaining() && ch.read(buf) >= 0) {
                    // fill the part
                }
                buf.flip();
                MessageDigest md = md5();
                md.update(buf.duplicate());
                byte[] partMd5 = md.digest();
                ofParts.update(partMd5);
                int number = n;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentMD5(Base64.getEncoder().encodeToString(partMd5)), RequestBody.fromByteBuffer(buf))
                        .eTag();
                done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            String etag = HexFormat.of().formatHex(ofParts.digest()) + "-" + done.size();
            try {
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .ifNoneMatch(exists ? null : "*").multipartUpload(m -> m.parts(done)));
            } catch (S3Exception e) {
                if (!isOwnEarlierAttempt(e, new Uploaded(bucket, key, size, etag))) {
                    throw e;
                }
            }
            return etag;
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the bucket's lifecycle rule for incomplete uploads cleans up what is left
            }
            throw e;
        }
    }

    private static byte[] md5Of(Path file) throws IOException {
        MessageDigest md = md5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
