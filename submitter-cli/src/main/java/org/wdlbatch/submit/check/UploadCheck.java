package org.wdlbatch.submit.check;

import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 upload bucket (written to with a probe object, then deleted) and the Batch log group. */
final class UploadCheck {

    private final CheckClients aws;

    UploadCheck(CheckClients aws) {
        this.aws = aws;
    }

    CheckLine checkBucket(String s3upload) {
        if (s3upload == null) {
            return CheckLine.ok("S3 upload", "none asked for (--s3upload); results stay on EFS");
        }
        String item = "S3 upload " + s3upload;
        if (!s3upload.startsWith("s3://") || s3upload.length() <= "s3://".length()) {
            return CheckLine.fail(item, "not an s3:// URI", "give s3://BUCKET/PREFIX/");
        }
        String rest = s3upload.substring("s3://".length());
        String bucket = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String prefix = rest.contains("/") ? rest.substring(rest.indexOf('/') + 1) : "";
        String key = prefix + (prefix.isEmpty() || prefix.endsWith("/") ? "" : "/") + ".wdlbatch-check-"
                + UUID.randomUUID();
        try {
            aws.s3().get().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("submit_awsbatch --check"));
            aws.s3().get().deleteObject(b -> b.bucket(bucket).key(key));
            return CheckLine.ok(item, "writable (a probe object was written and deleted)");
        } catch (NoSuchBucketException e) {
            return CheckLine.fail(item, "no bucket " + bucket, "aws s3 mb s3://" + bucket
                    + " (in the queues' region), or name an existing bucket");
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode())
                    : e.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                return CheckLine.fail(item, "no bucket " + bucket, "aws s3 mb s3://" + bucket
                        + " (in the queues' region), or name an existing bucket");
            }
            if (e.statusCode() == 403) {
                // the run writes as the workflow role, which may be allowed where this user is not
                return CheckLine.warn(item, "this user may not write there (" + code + "); the workflow role may"
                        + " (the run proves it before starting)", "check that the stack's writeBuckets (or"
                        + " resultsBucket) covers " + bucket);
            }
            return CheckLine.fail(item, "not writable (" + code + ")", "allow s3:PutObject on arn:aws:s3:::" + bucket
                    + "/" + prefix + "* for the workflow role (the stack's setting does it: cdk deploy -c"
                    + " writeBuckets=" + bucket + ")");
        } catch (SdkException e) {
            return CheckLine.fail(item, "AWS error: " + e.getMessage(), "check the region and credentials");
        }
    }

    CheckLine checkLogGroup() {
        String group = AccountCheck.batchLogGroup();
        String item = "log group " + group;
        try {
            boolean found = aws.logs().get().describeLogGroups(b -> b.logGroupNamePrefix(group)).logGroups().stream()
                    .anyMatch(g -> group.equals(g.logGroupName()));
            return found ? CheckLine.ok(item, "exists")
                    : CheckLine.ok(item, "not yet: AWS Batch creates it with the first job's log");
        } catch (SdkException e) {
            return CheckLine.warn(item, "AWS error: " + e.getMessage(), "--follow needs logs:DescribeLogGroups,"
                    + " logs:GetLogEvents for the submitting user");
        }
    }
}
