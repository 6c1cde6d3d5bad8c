package org.wdlbatch.orchestrator.upload;

/**
 * The value of {@code --s3upload}: a run named {@code R} goes to {@code s3://b/p/R/}, whether the value is
 * {@code s3://b/p} or {@code s3://b/p/}. The run's name is always appended so two runs never share a folder (an
 * earlier version uploaded {@code s3://b/p/} values to the folder itself, and a second run overwrote the first).
 */
public record UploadTarget(S3Folder base) {

    public static UploadTarget parse(String uri, String flag) {
        return new UploadTarget(S3Folder.parse(uri, flag));
    }

    /** The run's own folder, {@code <base>/<runName>/}. */
    public S3Folder folderFor(String runName) {
        if (runName.isEmpty() || runName.contains("/") || runName.equals(".") || runName.equals("..")) {
            throw new IllegalArgumentException("'" + runName + "' cannot name a run's S3 folder");
        }
        return base.resolve(runName);
    }
}
