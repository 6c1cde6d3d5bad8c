package org.wdlbatch.submit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the workflow log says about a failed run: {@code wdlbatch run} ends a failed run with
 * {@code wdlbatch: <call> failed: <message>} and {@code   details: <run dir>/error.json} on its stderr, which is
 * the container log. The watcher feeds it every log line and, when the job failed, prints the reason and where
 * error.json is (on EFS, and under the S3 upload when there is one).
 */
final class WorkflowFailureNotes {

    private static final Pattern FAILED = Pattern.compile("^wdlbatch: (.+ failed: .+)$");
    private static final Pattern DETAILS = Pattern.compile("^\\s+details: (\\S+/error\\.json)\\s*$");

    private String reason;
    private String errorJson;

    void accept(String line) {
        Matcher m = FAILED.matcher(line);
        if (m.matches()) {
            reason = m.group(1);
        }
        m = DETAILS.matcher(line);
        if (m.matches()) {
            errorJson = m.group(1);
        }
    }

    boolean any() {
        return reason != null || errorJson != null;
    }

    String reason() {
        return reason;
    }

    String errorJson() {
        return errorJson;
    }

    /**
     * Where the run's upload puts error.json ([aws] s3upload): {@code <s3upload>/<run name>/error.json}, or right
     * under the prefix when it ends with '/'.
     */
    String uploadedErrorJson(String s3upload) {
        if (s3upload == null || errorJson == null) {
            return null;
        }
        String runDir = errorJson.substring(0, errorJson.length() - "/error.json".length());
        String runName = runDir.substring(runDir.lastIndexOf('/') + 1);
        return s3upload.endsWith("/") ? s3upload + "error.json" : s3upload + "/" + runName + "/error.json";
    }
}
