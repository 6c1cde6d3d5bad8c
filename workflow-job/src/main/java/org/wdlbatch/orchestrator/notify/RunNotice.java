package org.wdlbatch.orchestrator.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One run notification: the run started, or it ended with a status. Its JSON is the SNS message and the
 * EventBridge detail (docs/notifications.md lists the fields).
 *
 * @param event {@link #STARTED} or {@link #ENDED}
 * @param status STARTED, or how the run ended: SUCCEEDED, FAILED, STOPPED, INTERRUPTED
 * @param s3 the S3 folder the run was uploaded to, or null
 * @param durationSeconds seconds since the run started (0 in the start message)
 * @param failedCall the call that failed, or null
 * @param error the failure's message, or null
 * @param errorLine the last line the failed call wrote to stderr, or null
 * @param exitStatus the exit status of {@code wdlbatch run}, or null in the start message
 * @param jobId the workflow job's AWS Batch job id, or null outside Batch
 */
public record RunNotice(String event, String run, String status, String runDir, String s3, long durationSeconds,
        String failedCall, String error, String errorLine, Integer exitStatus, String jobId) {

    public static final String STARTED = "STARTED";
    public static final String ENDED = "ENDED";

    /** How a run ended. */
    public enum Status { SUCCEEDED, FAILED, STOPPED, INTERRUPTED }

    public ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("source", "wdlbatch").put("event", event).put("run", run).put("status", status).put("runDir", runDir);
        o.put("s3", s3).put("durationSeconds", durationSeconds);
        o.put("failedCall", failedCall).put("error", error).put("errorLine", errorLine);
        if (exitStatus != null) {
            o.put("exitStatus", exitStatus);
        } else {
            o.putNull("exitStatus");
        }
        o.put("jobId", jobId);
        return o;
    }

    /** A short line for the SNS subject (at most 100 printable ASCII characters, as SNS requires). */
    public String subject() {
        String s = "wdlbatch run " + run + " " + status;
        s = s.replaceAll("[^\\x20-\\x7E]", "_");
        return s.length() <= 99 ? s : s.substring(0, 99);
    }
}
