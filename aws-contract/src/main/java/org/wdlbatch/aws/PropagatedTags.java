package org.wdlbatch.aws;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules a user's tag must meet to travel on a Batch job that propagates its tags to the ECS task (the
 * workflow job and every task job do): what {@code [aws] tags} and {@code submit_awsbatch --tag} are checked
 * against before anything is submitted, on both sides of the boundary.
 *
 * <ul>
 *   <li>ECS tag keys are 1-128 and values 0-256 characters of letters, digits, spaces and {@code _ . : / = + - @}
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html); the {@code aws:} prefix is
 *   reserved for AWS.</li>
 *   <li>With propagation, the job's and the job definition's tags together may be at most 50: "If the total number
 *   of combined tags from the job and job definition is over 50, the job is moved to the FAILED state."
 *   (https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html, propagateTags).</li>
 *   <li>{@code wdlbatch:} keys are wdlbatch's own (run, workflow, call, run directory, the shipped WDL).</li>
 * </ul>
 */
public final class PropagatedTags {

    /** What ECS accepts in a tag key or value. */
    public static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    /** Tags of job and job definition together once propagated to the ECS task. */
    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY = 128;
    public static final int MAX_VALUE = 256;
    public static final String OWN_PREFIX = "wdlbatch:";

    private PropagatedTags() {}

    /** The first rule the tag breaks, as a sentence to follow {@code tag "KEY": }, or null when it is fine. */
    public static String problem(String key, String value) {
        if (key.isEmpty() || key.length() > MAX_KEY) {
            return "a tag key is 1 to " + MAX_KEY + " characters";
        }
        if (value.length() > MAX_VALUE) {
            return "its value has " + value.length() + " characters; at most " + MAX_VALUE;
        }
        if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            return "keys starting with aws: are reserved for AWS";
        }
        if (key.toLowerCase(Locale.ROOT).startsWith(OWN_PREFIX)) {
            return "keys starting with " + OWN_PREFIX + " are set by wdlbatch itself; choose another key";
        }
        if (!ALLOWED.matcher(key).matches()) {
            return "the key has a character ECS does not accept in a propagated tag (letters, digits, spaces and"
                    + " _ . : / = + - @ only)";
        }
        if (!ALLOWED.matcher(value).matches()) {
            return "the value \"" + value + "\" has a character ECS does not accept in a propagated tag (letters,"
                    + " digits, spaces and _ . : / = + - @ only)";
        }
        return null;
    }
}
