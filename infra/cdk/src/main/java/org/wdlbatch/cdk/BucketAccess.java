package org.wdlbatch.cdk;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * S3 permissions on named buckets only: read (list, get) on read buckets and write buckets, and put on write
 * buckets. Buckets are given by ARN so that a bucket created in this stack can be passed as a token.
 */
public final class BucketAccess {

    static final List<String> READ_OBJECT = List.of("s3:GetObject", "s3:GetObjectTagging");
    static final List<String> READ_BUCKET = List.of("s3:ListBucket", "s3:GetBucketLocation");
    static final List<String> WRITE_OBJECT = List.of("s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts");

    private final List<String> readBucketArns;
    private final List<String> writeBucketArns;

    public BucketAccess(List<String> readBucketArns, List<String> writeBucketArns) {
        List<String> readable = new ArrayList<>(readBucketArns);
        writeBucketArns.stream().filter(a -> !readable.contains(a)).forEach(readable::add);
        this.readBucketArns = List.copyOf(readable);
        this.writeBucketArns = List.copyOf(writeBucketArns);
    }

    public static String bucketArn(String bucketName) {
        return "arn:" + Aws.PARTITION + ":s3:::" + bucketName;
    }

    /** The statements to add to a role; empty when no bucket is listed. */
    public List<PolicyStatement> statements() {
        List<PolicyStatement> out = new ArrayList<>();
        if (!readBucketArns.isEmpty()) {
            out.add(PolicyStatement.Builder.create().sid("ListListedBuckets")
                    .actions(READ_BUCKET).resources(readBucketArns).build());
            out.add(PolicyStatement.Builder.create().sid("ReadListedBuckets")
                    .actions(READ_OBJECT).resources(objects(readBucketArns)).build());
        }
        if (!writeBucketArns.isEmpty()) {
            out.add(PolicyStatement.Builder.create().sid("WriteUploadBuckets")
                    .actions(WRITE_OBJECT).resources(objects(writeBucketArns)).build());
        }
        return out;
    }

    private static List<String> objects(List<String> bucketArns) {
        return bucketArns.stream().map(a -> a + "/*").toList();
    }
}
