package org.wdlbatch.orchestrator.upload;

/**
 * The value of {@code --s3upload}: a run named {@code R} goes to {@code s3://b/p/R/} for {@code s3://b/p}, or to
 * {@code s3://b/p/} itself when the value ends with {@code /} (the user named the exact folder).
 */
public record UploadTarget(S3Folder base, boolean appendRunName) {

    public static UploadTarget parse(String uri, String flag) {
        return new UploadTarget(S3Folder.parse(uri, flag), !uri.endsWith("/"));
    }

    public S3Folder folderFor(String runName) {
        return appendRunName ? base.resolve(runName) : base;
    }
}
