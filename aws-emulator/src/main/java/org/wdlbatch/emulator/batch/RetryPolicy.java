package org.wdlbatch.emulator.batch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * AWS Batch's retry decision for a failed attempt: the first {@code evaluateOnExit} condition that matches decides
 * (RETRY or EXIT); when none matches, or there are none, the job is retried while attempts remain. Patterns may
 * end in {@code *}; all given fields of a condition must match; actions are not case sensitive
 * (https://docs.aws.amazon.com/batch/latest/APIReference/API_EvaluateOnExit.html: "If none of the EvaluateOnExit
 * conditions in a RetryStrategy match, then the job is retried"; https://docs.aws.amazon.com/batch/latest/userguide/job_retries.html).
 * The limits on conditions and patterns are checked when the request arrives ({@link BatchValidation}).
 */
public final class RetryPolicy {

    private RetryPolicy() {}

    /** True when the failed attempt should be retried. */
    public static boolean shouldRetry(JsonNode retryStrategy, int attemptsMade, String statusReason, String reason,
            Integer exitCode) {
        if (retryStrategy == null) {
            return false;
        }
        int max = retryStrategy.path("attempts").asInt(1);
        if (attemptsMade >= max) {
            return false;
        }
        JsonNode conditions = retryStrategy.path("evaluateOnExit");
        if (conditions.isArray()) {
            for (JsonNode c : conditions) {
                if (matches(c, "onStatusReason", statusReason) && matches(c, "onReason", reason)
                        && matches(c, "onExitCode", exitCode == null ? null : exitCode.toString())) {
                    return "RETRY".equalsIgnoreCase(c.path("action").asText());
                }
            }
        }
        return true;
    }

    private static boolean matches(JsonNode condition, String field, String value) {
        JsonNode p = condition.get(field);
        if (p == null || p.isNull()) {
            return true;
        }
        return glob(p.asText(), value == null ? "" : value);
    }

    /** AWS's patterns: literal text, optionally ending in {@code *} to match any suffix. */
    static boolean glob(String pattern, String value) {
        if (pattern.endsWith("*")) {
            return value.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return value.equals(pattern);
    }
}
