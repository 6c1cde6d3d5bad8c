package org.wdlbatch.emulator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.wdlbatch.emulator.http.AwsServiceException;

/** The request checks AWS Batch makes, answered with ClientException and a message in AWS's words. */
final class BatchValidation {

    static final int SUBMIT_JOB_LIMIT = 30 * 1024;
    static final int REGISTER_JOB_DEFINITION_LIMIT = 24 * 1024;
    static final int CONTAINER_OVERRIDES_LIMIT = 8192;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private BatchValidation() {}

    static AwsServiceException client(String message) {
        return new AwsServiceException(400, "ClientException", message);
    }

    static void payload(byte[] body, int limit, String what) {
        if (body.length > limit) {
            throw client("Error executing request, Exception : " + what + " size must be less than " + (limit / 1024)
                    + " KiB, got " + ((body.length + 1023) / 1024) + " KiB");
        }
    }

    static String required(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw client(field + " is required");
        }
        return v.asText();
    }

    static void name(String value, String field) {
        if (!NAME.matcher(value).matches()) {
            throw client("Error executing request, Exception : " + field + " '" + value + "' must be 1 to 128 letters, "
                    + "numbers, hyphens and underscores, starting with a letter or number");
        }
    }

    static void tags(JsonNode tags) {
        if (tags == null || tags.isNull()) {
            return;
        }
        if (!tags.isObject()) {
            throw client("tags must be a map of strings");
        }
        if (tags.size() > 50) {
            throw client("Error executing request, Exception : Tags: a resource can have at most 50 tags, got "
                    + tags.size());
        }
        Iterator<Map.Entry<String, JsonNode>> it = tags.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            String v = e.getValue().asText();
            if (k.isEmpty() || k.length() > 128) {
                throw client("Error executing request, Exception : Tag key '" + k + "' must be 1 to 128 characters");
            }
            if (v.length() > 256) {
                throw client("Error executing request, Exception : Value of tag '" + k + "' must be at most 256 characters, got "
                        + v.length());
            }
            if (k.toLowerCase().startsWith("aws:")) {
                throw client("Error executing request, Exception : Tag keys starting with 'aws:' are reserved: " + k);
            }
        }
    }

    /**
     * With {@code propagateTags}, the job's and the definition's tags go to the ECS task, which takes 50 at most:
     * "If the total number of combined tags from the job and job definition is over 50, the job is moved to the
     * FAILED state." (https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html, propagateTags).
     * The reason the job fails with when it would start, or null.
     */
    static String propagatedTags(boolean propagate, int count) {
        return propagate && count > 50 ? "Tags: the job and job definition tags propagated to the ECS task number "
                + count + ", over the limit of 50" : null;
    }

    static void retryStrategy(JsonNode rs) {
        if (rs == null || rs.isNull()) {
            return;
        }
        JsonNode attempts = rs.get("attempts");
        if (attempts != null && (attempts.asInt() < 1 || attempts.asInt() > 10)) {
            throw client("Error executing request, Exception : retryStrategy attempts must be between 1 and 10, got "
                    + attempts.asInt());
        }
        JsonNode eval = rs.path("evaluateOnExit");
        if (eval.isArray()) {
            if (eval.size() > 5) {
                throw client("Error executing request, Exception : evaluateOnExit can have at most 5 conditions");
            }
            for (JsonNode c : eval) {
                String action = c.path("action").asText("");
                if (!action.equalsIgnoreCase("RETRY") && !action.equalsIgnoreCase("EXIT")) {
                    throw client("Error executing request, Exception : evaluateOnExit action must be RETRY or EXIT, got '"
                            + action + "'");
                }
                pattern(c, "onStatusReason", REASON_PATTERN);
                pattern(c, "onReason", REASON_PATTERN);
                pattern(c, "onExitCode", EXIT_CODE_PATTERN);
            }
        }
    }

    /**
     * evaluateOnExit patterns (https://docs.aws.amazon.com/batch/latest/APIReference/API_EvaluateOnExit.html): up to
     * 512 characters; onStatusReason and onReason "can contain letters, numbers, periods (.), colons (:), and white
     * space", onExitCode "only numbers"; each "can optionally end with an asterisk (*)".
     */
    private static final Pattern REASON_PATTERN = Pattern.compile("[A-Za-z0-9.:\\s]*\\*?");
    private static final Pattern EXIT_CODE_PATTERN = Pattern.compile("[0-9]*\\*?");

    private static void pattern(JsonNode condition, String field, Pattern allowed) {
        JsonNode p = condition.get(field);
        if (p == null || p.isNull()) {
            return;
        }
        String v = p.asText();
        if (v.length() > 512) {
            throw client("Error executing request, Exception : evaluateOnExit " + field + " can be at most 512 "
                    + "characters, got " + v.length());
        }
        if (!allowed.matcher(v).matches()) {
            throw client("Error executing request, Exception : evaluateOnExit " + field + " '" + v + "' is not a valid "
                    + "pattern");
        }
    }

    static void timeout(JsonNode timeout) {
        if (timeout == null || timeout.isNull() || !timeout.has("attemptDurationSeconds")) {
            return;
        }
        int s = timeout.get("attemptDurationSeconds").asInt();
        if (s < 60) {
            throw client("Error executing request, Exception : timeout.attemptDurationSeconds must be at least 60, got " + s);
        }
    }
}
