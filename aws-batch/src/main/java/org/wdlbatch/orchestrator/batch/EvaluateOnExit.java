package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code evaluateOnExit} list of a task job's retryStrategy: which failed Batch attempts Batch itself retries.
 * AWS's rules (https://docs.aws.amazon.com/batch/latest/APIReference/API_EvaluateOnExit.html): at most 5
 * conditions, the first whose given patterns all match decides (RETRY or EXIT); patterns are up to 512 characters,
 * may end in {@code *}; {@code onExitCode} holds digits only, {@code onStatusReason} and {@code onReason} letters,
 * digits, periods, colons and white space; when none matches, Batch retries.
 *
 * <p>Our default, when a task asks Batch for retries ({@code awsBatchRetryAttempts} or {@code [aws]
 * retry_attempts} above 1) and gives no conditions: retry only a lost host ({@code Host EC2*}, the status reason of
 * a spot reclaim or a terminated instance: "Host EC2 (instance i-...) terminated.", as in AWS's retry-strategy
 * examples), and EXIT for everything else, so a command that fails is not rerun by Batch (the engine's
 * {@code maxRetries} decides that, once, with its own budget).
 */
final class EvaluateOnExit {

    static final int MAX_CONDITIONS = 5;
    static final int MAX_PATTERN = 512;
    private static final Pattern REASON = Pattern.compile("[A-Za-z0-9.:\\s]*\\*?");
    private static final Pattern EXIT_CODE = Pattern.compile("[0-9]*\\*?");
    private static final List<String> FIELDS = List.of("onStatusReason", "onReason", "onExitCode");

    private EvaluateOnExit() {}

    /** Retry a lost host, exit on anything else. */
    static ArrayNode defaults() {
        ArrayNode a = SdkJson.MAPPER.createArrayNode();
        a.addObject().put("onStatusReason", "Host EC2*").put("action", "RETRY");
        a.addObject().put("onReason", "*").put("action", "EXIT");
        return a;
    }

    /** The runtime attribute {@code awsBatchEvaluateOnExit}: a list of condition objects, checked as AWS would. */
    static ArrayNode fromRuntime(String task, Object value) {
        String where = "task " + task + ": runtime awsBatchEvaluateOnExit";
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(where + " must be a list of 1 to " + MAX_CONDITIONS + " objects such as"
                    + " {\"onStatusReason\": \"Host EC2*\", \"action\": \"RETRY\"}, got " + value);
        }
        if (list.size() > MAX_CONDITIONS) {
            throw new IllegalArgumentException(where + " has " + list.size() + " conditions; AWS Batch takes at most "
                    + MAX_CONDITIONS);
        }
        ArrayNode out = SdkJson.MAPPER.createArrayNode();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(where + ": each condition must be an object, got " + o);
            }
            ObjectNode c = out.addObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                String v = e.getValue() == null ? null : String.valueOf(e.getValue());
                if (k.equals("action")) {
                    String a = v == null ? "" : v.strip().toUpperCase(Locale.ROOT);
                    if (!a.equals("RETRY") && !a.equals("EXIT")) {
                        throw new IllegalArgumentException(where + ": action must be RETRY or EXIT, got " + v);
                    }
                    c.put("action", a);
                } else if (FIELDS.contains(k)) {
                    if (v == null) {
                        continue;
                    }
                    if (e.getValue() instanceof Number n) {
                        v = Long.toString(n.longValue()); // onExitCode: 1 as well as "1"
                    }
                    pattern(where, k, v);
                    c.put(k, v);
                } else {
                    throw new IllegalArgumentException(where + ": unknown member " + k + "; a condition has action and"
                            + " any of " + FIELDS);
                }
            }
            if (!c.has("action")) {
                throw new IllegalArgumentException(where + ": a condition needs an action (RETRY or EXIT): " + o);
            }
        }
        return out;
    }

    private static void pattern(String where, String field, String v) {
        if (v.length() > MAX_PATTERN) {
            throw new IllegalArgumentException(where + ": " + field + " is " + v.length() + " characters; AWS Batch"
                    + " takes at most " + MAX_PATTERN);
        }
        boolean ok = field.equals("onExitCode") ? EXIT_CODE.matcher(v).matches() : REASON.matcher(v).matches();
        if (!ok) {
            throw new IllegalArgumentException(where + ": " + field + " \"" + v + "\" is not an AWS Batch pattern: "
                    + (field.equals("onExitCode") ? "digits" : "letters, digits, periods, colons and spaces")
                    + ", optionally ending in *");
        }
    }
}
