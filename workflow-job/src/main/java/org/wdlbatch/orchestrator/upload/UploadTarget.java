package org.wdlbatch.orchestrator.upload;

import java.io.IOException;

/**
 * The value of {@code --s3upload}: a run named {@code R} goes to {@code s3://b/p/R/}, whether the value is
 * {@code s3://b/p} or {@code s3://b/p/}. The run's name is always appended so two runs never share a folder (an
 * earlier version uploaded {@code s3://b/p/} values to the folder itself, and a second run overwrote the first).
 * Two runs can still have the same name (run directories under different {@code --dir}s, or a name reused once
 * {@code --delete-after} deleted the first directory); the second then gets {@code R_2/}, {@code R_3/}, ...: each
 * run claims its folder in S3 before uploading (see {@link S3Uploader#claim}).
 */
public record UploadTarget(S3Folder base) {

    /** How many same-named folders are tried before the upload gives up. */
    static final int MAX_SUFFIX = 100;

    public static UploadTarget parse(String uri, String flag) {
        return new UploadTarget(S3Folder.parse(uri, flag));
    }

    /** The run's folder without claiming it: {@code <base>/<runName>/}. */
    public S3Folder folderFor(String runName) {
        if (runName.isEmpty() || runName.contains("/") || runName.equals(".") || runName.equals("..")) {
            throw new IllegalArgumentException("'" + runName + "' cannot name a run's S3 folder");
        }
        return base.resolve(runName);
    }

    /** The first of {@code <runName>/}, {@code <runName>_2/}, ... that is free or already this run's, claimed. */
    public S3Folder claimFolder(String runName, S3Uploader uploader) throws IOException {
        for (int n = 1; n <= MAX_SUFFIX; n++) {
            S3Folder folder = folderFor(n == 1 ? runName : runName + "_" + n);
            if (uploader.claim(folder)) {
                return folder;
            }
        }
        throw new ObjectTaken(base.uri(runName) + "/ and " + (MAX_SUFFIX - 1) + " same-named folders belong to other"
                + " runs: upload to another --s3upload prefix");
    }
}
