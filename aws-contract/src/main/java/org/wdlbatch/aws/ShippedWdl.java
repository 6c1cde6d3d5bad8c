package org.wdlbatch.aws;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * How {@code submit_awsbatch} ships a local WDL bundle (the zip of {@code wdlbatch zip}) inside the workflow job's
 * request, and how the workflow job gets it back. No shared storage is needed and nothing is left behind.
 *
 * <p>The bundle is xz-compressed and base64url-encoded (no padding). The text goes first into the environment
 * variable {@value #ENV} as {@code 1:<total characters>:<first part>}; what does not fit there spills into tags,
 * first of the job, then of its job definition. A spill tag carries data in its key and in its value: the key is
 * {@code wdlNN.} (NN = the part's number, 00 to 99) followed by up to {@value #KEY_DATA_CHARS} characters, the value
 * holds up to {@value #MAX_TAG_VALUE} characters. Batch's limits decide the sizes: container overrides (command and
 * environment) at most 8 KiB, at most 50 tags per resource, tag keys 128 and values 256 characters.
 *
 * <p>The workflow job sees {@value #ARGUMENT_PREFIX}{@code <bundle name>} as the WDL argument of {@code wdlbatch
 * run}; it reads its own job's tags (DescribeJobs) and its job definition's tags (DescribeJobDefinitions) and calls
 * {@link #join}.
 */
public final class ShippedWdl {

    private ShippedWdl() {}

    /** Environment variable with the format version, the total length and the first part. */
    public static final String ENV = "WDLBATCH_WDL";
    /** The WDL argument of {@code wdlbatch run} meaning "the bundle shipped in this job's request", then a name. */
    public static final String ARGUMENT_PREFIX = "shipped:";
    public static final int MAX_TAG_KEY = 128;
    public static final int MAX_TAG_VALUE = 256;
    private static final String KEY_PREFIX = "wdl";
    private static final int KEY_HEADER = KEY_PREFIX.length() + 3; // "wdl" + NN + "."
    public static final int KEY_DATA_CHARS = MAX_TAG_KEY - KEY_HEADER;
    private static final Pattern SPILL_KEY = Pattern.compile("wdl(\\d\\d)\\.(.*)", Pattern.DOTALL);
    private static final int MAX_PARTS = 100;

    /** Where the parts of a shipped bundle go. Tags are in part order. */
    public record Parts(String env, Map<String, String> jobTags, Map<String, String> jobDefinitionTags) {

        /** Characters of request payload the parts take (environment value, tag keys and values). */
        public int chars() {
            int n = env.length();
            for (Map<String, String> tags : List.of(jobTags, jobDefinitionTags)) {
                for (Map.Entry<String, String> e : tags.entrySet()) {
                    n += e.getKey().length() + e.getValue().length();
                }
            }
            return n;
        }
    }

    /** The bundle does not fit in the room given. */
    public static final class TooLargeException extends Exception {
        private final int encodedChars;
        private final int roomChars;

        TooLargeException(int encodedChars, int roomChars) {
            this(encodedChars, roomChars, "");
        }

        TooLargeException(int encodedChars, int roomChars, String note) {
            super("the compressed WDL takes " + encodedChars + " characters but a job request has room for "
                    + roomChars + note);
            this.encodedChars = encodedChars;
            this.roomChars = roomChars;
        }

        public int encodedChars() {
            return encodedChars;
        }

        public int roomChars() {
            return roomChars;
        }
    }

    /** The bundle as xz-compressed base64url text. */
    public static String encode(byte[] bundle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Preset 9, but a dictionary no larger than the bundle: the same compression (a dictionary cannot help
        // beyond the input's size) without preset 9's 64 MiB dictionary, whose encoder allocates some 670 MB and
        // takes about a second in a cold JVM. Decoders read the dictionary size from the stream header.
        LZMA2Options options;
        try {
            options = new LZMA2Options(9);
            options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(options.getDictSize(), bundle.length)));
        } catch (org.tukaani.xz.UnsupportedOptionsException e) {
            throw new IllegalStateException("preset 9 with a smaller dictionary is always valid", e);
        }
        try (XZOutputStream xz = new XZOutputStream(out, options)) {
            xz.write(bundle);
        } catch (IOException e) {
            throw new IllegalStateException("xz into memory cannot fail", e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** The inverse of {@link #encode}. */
    public static byte[] decode(String text) throws IOException {
        byte[] xz;
        try {
            xz = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("the shipped WDL is not base64url text: " + e.getMessage());
        }
        try (InputStream in = new XZInputStream(new ByteArrayInputStream(xz))) {
            return in.readAllBytes();
        }
    }

    /**
     * Splits a bundle over the environment variable (at most {@code envChars} characters for the value) and up to
     * {@code jobTagSlots} job tags and {@code jobDefinitionTagSlots} job-definition tags.
     */
    public static Parts split(byte[] bundle, int envChars, int jobTagSlots, int jobDefinitionTagSlots)
            throws TooLargeException {
        String text = encode(bundle);
        String header = "1:" + text.length() + ":";
        int perTag = KEY_DATA_CHARS + MAX_TAG_VALUE;
        int tagSlots = Math.min(MAX_PARTS, Math.max(0, jobTagSlots) + Math.max(0, jobDefinitionTagSlots));
        int envRoom = Math.max(0, envChars - header.length());
        int room = envRoom + tagSlots * perTag;
        if (text.length() > room) {
            throw new TooLargeException(text.length(), room);
        }
        int pos = Math.min(envRoom, text.length());
        String env = header + text.substring(0, pos);
        Map<String, String> jobTags = new LinkedHashMap<>();
        Map<String, String> jobDefinitionTags = new LinkedHashMap<>();
        int part = 0;
        while (pos < text.length()) {
            int keyEnd = Math.min(text.length(), pos + KEY_DATA_CHARS);
            int valueEnd = Math.min(text.length(), keyEnd + MAX_TAG_VALUE);
            String key = KEY_PREFIX + String.format("%02d", part) + "." + text.substring(pos, keyEnd);
            String value = text.substring(keyEnd, valueEnd);
            (part < jobTagSlots ? jobTags : jobDefinitionTags).put(key, value);
            pos = valueEnd;
            part++;
        }
        return new Parts(env, jobTags, jobDefinitionTags);
    }

    /**
     * Splits a bundle for a job that propagates its tags to the ECS task: AWS fails such a job when its tags and its
     * job definition's add up to more than 50 ("If the total number of combined tags from the job and job definition
     * is over 50, the job is moved to the FAILED state":
     * https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html, propagateTags). So the spill tags
     * share one budget of 50 with the {@code reservedTags} distinct keys of job and definition (the user's tags and
     * the submitter's own), and all go on the job.
     *
     * @throws TooLargeException naming the tags reserved when the bundle does not fit in what they leave
     */
    public static Parts splitPropagated(byte[] bundle, int envChars, int reservedTags) throws TooLargeException {
        int slots = Math.max(0, MAX_PROPAGATED_TAGS - reservedTags);
        try {
            return split(bundle, envChars, slots, 0);
        } catch (TooLargeException e) {
            throw new TooLargeException(e.encodedChars(), e.roomChars(), " (with tags propagated, the job and its job"
                    + " definition share " + MAX_PROPAGATED_TAGS + " tags, and " + reservedTags + " of them are taken"
                    + " by --tag / [aws] tags and wdlbatch's own; fewer tags leave more room)");
        }
    }

    /** Tags of a job and its job definition together when they are propagated to the ECS task. */
    public static final int MAX_PROPAGATED_TAGS = 50;

    /**
     * Reassembles and decodes a shipped bundle from the environment value and the tags of the job and of its job
     * definition (tags that are not spill parts are ignored).
     */
    public static byte[] join(String env, Map<String, String> jobTags, Map<String, String> jobDefinitionTags)
            throws IOException {
        if (env == null || env.isEmpty()) {
            throw new IOException("the environment variable " + ENV + " is not set: this job carries no shipped WDL");
        }
        String[] head = env.split(":", 3);
        if (head.length != 3 || !head[0].equals("1")) {
            throw new IOException(ENV + " does not start with the format 1:<length>: (was it written by another"
                    + " version of submit_awsbatch?)");
        }
        int total;
        try {
            total = Integer.parseInt(head[1]);
        } catch (NumberFormatException e) {
            throw new IOException(ENV + " has a malformed length: " + head[1]);
        }
        TreeMap<Integer, String> parts = new TreeMap<>();
        for (Map<String, String> tags : new ArrayList<>(List.of(jobTags, jobDefinitionTags))) {
            for (Map.Entry<String, String> e : tags.entrySet()) {
                Matcher m = SPILL_KEY.matcher(e.getKey());
                if (m.matches()) {
                    parts.put(Integer.parseInt(m.group(1)), m.group(2) + e.getValue());
                }
            }
        }
        StringBuilder text = new StringBuilder(total).append(head[2]);
        int expected = 0;
        for (Map.Entry<Integer, String> p : parts.entrySet()) {
            if (p.getKey() != expected) {
                throw new IOException("the shipped WDL is missing tag part " + expected);
            }
            text.append(p.getValue());
            expected++;
        }
        if (text.length() != total) {
            throw new IOException("the shipped WDL is incomplete: " + text.length() + " of " + total
                    + " characters found in " + ENV + " and the job's tags (the workflow job's role needs"
                    + " batch:DescribeJobs and batch:DescribeJobDefinitions to read them)");
        }
        return decode(text.toString());
    }
}
