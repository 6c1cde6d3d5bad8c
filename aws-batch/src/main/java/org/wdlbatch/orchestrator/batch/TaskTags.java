package org.wdlbatch.orchestrator.batch;

import java.util.Map;
import java.util.regex.Pattern;
import org.wdlbatch.aws.PropagatedTags;

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
    static final Pattern ALLOWED = PropagatedTags.ALLOWED;
    static final int MAX_TAGS = PropagatedTags.MAX_TAGS;
    static final int MAX_VALUE = PropagatedTags.MAX_VALUE;
    /** The backend's own job tags: {@code wdlbatch:run}, {@code :workflow}, {@code :call}, {@code :parent-job}. */
    static final int OWN_JOB_TAGS = 4;
    /** Task job definitions carry no tags, so the job's tags are the whole propagated set. */
    static final int DEFINITION_TAGS = 0;

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
            String problem = PropagatedTags.problem(e.getKey(), e.getValue());
            if (problem != null) {
                throw new BatchConfigException("[aws] tags: tag \"" + e.getKey() + "\": " + problem);
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
