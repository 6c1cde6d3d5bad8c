package org.wdlbatch.orchestrator.batch;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tags of task jobs as AWS accepts them. Task jobs are submitted with {@code propagateTags}, so Batch copies the
 * job's and the job definition's tags onto the ECS task: ECS's tag rules apply, and a job whose tags add up to more
 * than 50 is moved to FAILED by AWS, minutes after submission. {@code [aws] tags} is therefore checked when the
 * backend starts, naming the offending tag.
 *
 * <ul>
 *   <li>ECS tag keys are 1-128 and values 0-256 characters of letters, digits, spaces and {@code _ . : / = + - @}
 *   ({@code https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html}); the {@code aws:} prefix is
 *   reserved for AWS.</li>
 *   <li>With propagation, job + job definition tags may be at most 50
 *   ({@code https://docs.aws.amazon.com/batch/latest/userguide/using-tags.html}).</li>
 * </ul>
 */
final class TaskTags {

    /** What ECS accepts in a tag key or value. */
    static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    static final int MAX_TAGS = 50;
    static final int MAX_KEY = 128;
    static final int MAX_VALUE = 256;
    /** The backend's own job tags: {@code wdlbatch:run}, {@code :workflow}, {@code :call}, {@code :parent-job}. */
    static final int OWN_JOB_TAGS = 4;
    /** Task job definitions carry no tags, so the job's tags are the whole propagated set. */
    static final int DEFINITION_TAGS = 0;
    static final String OWN_PREFIX = "wdlbatch:";

    private TaskTags() {}

    /** The room left for {@code [aws] tags} within the 50 propagated tags. */
    static int userBudget() {
        return MAX_TAGS - OWN_JOB_TAGS - DEFINITION_TAGS;
    }

    /** Checks {@code [aws] tags}; the error names the tag and the rule. */
    static void check(Map<String, String> tags) {
        if (tags.size() > userBudget()) {
            throw new BatchConfigException("[aws] tags has " + tags.size() + " tags; at most " + userBudget()
                    + " fit: AWS Batch propagates job and job definition tags to the ECS task and fails a job with"
                    + " more than " + MAX_TAGS + " together, and wdlbatch sets " + OWN_JOB_TAGS + " of its own");
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            String where = "[aws] tags: tag \"" + k + "\"";
            if (k.isEmpty() || k.length() > MAX_KEY) {
                throw new BatchConfigException(where + ": a tag key is 1 to " + MAX_KEY + " characters");
            }
            if (v.length() > MAX_VALUE) {
                throw new BatchConfigException(where + ": its value has " + v.length() + " characters; at most "
                        + MAX_VALUE);
            }
            if (k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw new BatchConfigException(where + ": keys starting with aws: are reserved for AWS");
            }
            if (k.toLowerCase(Locale.ROOT).startsWith(OWN_PREFIX)) {
                throw new BatchConfigException(where + ": keys starting with " + OWN_PREFIX + " are set by wdlbatch"
                        + " itself; choose another key");
            }
            if (!ALLOWED.matcher(k).matches()) {
                throw new BatchConfigException(where + ": the key has a character ECS does not accept in a"
                        + " propagated tag (letters, digits, spaces and _ . : / = + - @ only)");
            }
            if (!ALLOWED.matcher(v).matches()) {
                throw new BatchConfigException(where + ": the value \"" + v + "\" has a character ECS does not accept"
                        + " in a propagated tag (letters, digits, spaces and _ . : / = + - @ only)");
            }
        }
    }

    /** One of the backend's own values, made acceptable: other characters become {@code _}, clipped to 256. */
    static String value(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_VALUE));
        s.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            if (b.length() + c.length() <= MAX_VALUE) {
                b.append(ALLOWED.matcher(c).matches() ? c : "_");
            }
        });
        return b.toString();
    }
}
