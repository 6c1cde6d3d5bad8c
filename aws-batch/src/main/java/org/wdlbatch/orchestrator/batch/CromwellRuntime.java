package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a task's Cromwell-style runtime attributes ask of its AWS Batch job, read and checked before anything is
 * submitted (a bad value is an error naming the task and the key):
 * <ul>
 *   <li>{@code ulimits}, {@code sharedMemorySize}, {@code privileged}: members of the job definition's
 *       containerProperties ({@link #definition}), so tasks that differ in them get their own definition;
 *   <li>{@code queueArn}: the job queue of this task instead of {@code [aws] task_queue};
 *   <li>{@code disks}: Cromwell/PAPI's {@code local-disk N SSD|HDD}; on EC2 the task's scratch space is the
 *       instance's Docker volume, so the size is compared with {@code [aws] docker_volume_gib} and a warning noted
 *       when it is larger (Batch has no per-job disk on EC2);
 *   <li>{@code awsBatchEvaluateOnExit}: the retryStrategy's evaluateOnExit of the job.
 * </ul>
 * Task job definitions are EC2 ones ({@link TaskQueuePlatform}), where all of these are valid; the Fargate-only
 * {@code ephemeralStorage} never applies to them.
 *
 * @param definition members merged into the task's containerProperties (empty when none of the keys is given)
 * @param queue the task's own job queue, or null
 * @param evaluateOnExit the task's evaluateOnExit list, or null
 * @param notes what task.log should say about these attributes (e.g. a disk larger than the Docker volume)
 */
record CromwellRuntime(ObjectNode definition, String queue, ArrayNode evaluateOnExit, List<String> notes) {

    /** The runtime keys read here: the backend honours them, so the engine does not warn about them. */
    static final Set<String> KEYS = Set.of("ulimits", "sharedMemorySize", "privileged", "queueArn", "disks",
            "awsBatchEvaluateOnExit");

    /**
     * Ulimit names AWS Batch accepts (https://docs.aws.amazon.com/batch/latest/APIReference/API_Ulimit.html).
     */
    static final Set<String> ULIMIT_NAMES = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    /** {@code arn:aws:batch:<region>:<account>:job-queue/<name>} (any partition). */
    private static final Pattern QUEUE_ARN = Pattern.compile("arn:aws[a-z-]*:batch:[a-z0-9-]+:[0-9]{12}:job-queue/"
            + "[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    /** Cromwell/PAPI's disk syntax: {@code local-disk 100 SSD}, or a mount point {@code /mnt/x 10 HDD}. */
    private static final Pattern DISK = Pattern.compile("(\\S+)\\s+([0-9]+)\\s+(SSD|HDD|LOCAL)",
            Pattern.CASE_INSENSITIVE);

    /**
     * @param task the task's name, for error messages
     * @param other the task's runtime attributes the engine does not interpret (JSON-ready values)
     */
    static CromwellRuntime of(String task, Map<String, Object> other, BatchSettings settings) {
        ObjectNode def = SdkJson.MAPPER.createObjectNode();
        List<String> notes = new ArrayList<>();
        Object ulimits = other.get("ulimits");
        if (ulimits != null) {
            def.set("ulimits", ulimits(task, ulimits));
        }
        Object shm = other.get("sharedMemorySize");
        if (shm != null) {
            def.putObject("linuxParameters").put("sharedMemorySize", sharedMemoryMiB(task, shm));
        }
        Object privileged = other.get("privileged");
        if (privileged != null) {
            if (!(privileged instanceof Boolean b)) {
                throw new IllegalArgumentException(where(task, "privileged") + " must be true or false, got "
                        + privileged);
            }
            if (b && !settings.allowPrivileged()) {
                throw new IllegalArgumentException(where(task, "privileged") + " = true asks for a container with"
                        + " root privileges on the host instance, which this configuration does not allow: remove it"
                        + " from the task, or set [aws] allow_privileged = true (WDLBATCH__AWS__ALLOW_PRIVILEGED=true)"
                        + " if your task queue's instances may run privileged containers");
            }
            if (b) {
                def.put("privileged", true);
            }
        }
        String queue = null;
        Object q = other.get("queueArn");
        if (q != null) {
            if (!(q instanceof String s) || !QUEUE_ARN.matcher(s.strip()).matches()) {
                throw new IllegalArgumentException(where(task, "queueArn") + " must be a job queue ARN such as"
                        + " arn:aws:batch:us-east-1:123456789012:job-queue/my-queue, got " + q);
            }
            queue = s.strip();
        }
        Object disks = other.get("disks");
        if (disks != null) {
            disks(task, disks, settings.dockerVolumeGiB(), notes);
        }
        ArrayNode eval = null;
        Object e = other.get("awsBatchEvaluateOnExit");
        if (e != null) {
            eval = EvaluateOnExit.fromRuntime(task, e);
        }
        return new CromwellRuntime(def, queue, eval, List.copyOf(notes));
    }

    private static String where(String task, String key) {
        return "task " + task + ": runtime " + key;
    }

    private static ArrayNode ulimits(String task, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(where(task, "ulimits") + " must be a list of {\"name\", \"softLimit\","
                    + " \"hardLimit\"} objects, got " + value);
        }
        ArrayNode out = SdkJson.MAPPER.createArrayNode();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(where(task, "ulimits") + ": each entry must be an object with name,"
                        + " softLimit and hardLimit, got " + o);
            }
            Object name = m.get("name");
            if (!(name instanceof String n) || !ULIMIT_NAMES.contains(n)) {
                throw new IllegalArgumentException(where(task, "ulimits") + ": name " + name + " is not one AWS Batch"
                        + " knows; use one of " + new java.util.TreeSet<>(ULIMIT_NAMES));
            }
            long soft = limit(task, n, m.get("softLimit"), "softLimit");
            long hard = limit(task, n, m.get("hardLimit"), "hardLimit");
            if (soft > hard) {
                throw new IllegalArgumentException(where(task, "ulimits") + ": " + n + " softLimit " + soft
                        + " is above its hardLimit " + hard);
            }
            out.addObject().put("name", n).put("softLimit", (int) soft).put("hardLimit", (int) hard);
        }
        return out;
    }

    /** A limit as Cromwell writes it: an Int, or a String holding one (Batch's Ulimit takes 32-bit integers). */
    private static long limit(String task, String name, Object v, String field) {
        Long n = null;
        if (v instanceof Number x && x.doubleValue() == Math.rint(x.doubleValue())) {
            n = x.longValue();
        } else if (v instanceof String s && s.strip().matches("-?[0-9]{1,10}")) {
            n = Long.parseLong(s.strip());
        }
        if (n == null || n < -1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where(task, "ulimits") + ": " + name + " " + field + " must be a whole"
                    + " number from -1 (unlimited) to " + Integer.MAX_VALUE + ", got " + v);
        }
        return n;
    }

    /**
     * MiB of {@code /dev/shm}: an Int is MiB (Batch's unit,
     * https://docs.aws.amazon.com/batch/latest/APIReference/API_LinuxParameters.html), a String a size with a
     * unit as WDL's memory ("1 GiB", "512 MB").
     */
    static int sharedMemoryMiB(String task, Object v) {
        long mib;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            mib = n.longValue();
        } else if (v instanceof String s) {
            try {
                mib = (long) Math.ceil(org.wdlbatch.engine.task.TaskSettings.bytes(s, "sharedMemorySize")
                        / 1048576.0);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("task " + task + ": " + e.getMessage());
            }
        } else {
            throw new IllegalArgumentException(where(task, "sharedMemorySize") + " must be MiB (an Int) or a size"
                    + " such as \"1 GiB\", got " + v);
        }
        if (mib < 1 || mib > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where(task, "sharedMemorySize") + " must be at least 1 MiB, got " + v);
        }
        return (int) mib;
    }

    /**
     * {@code local-disk N SSD|HDD} (comma-separated, as Cromwell): on EC2 a task's files outside the shared file
     * system go to the instance's Docker volume, shared by the jobs on the instance. Larger than {@code [aws]
     * docker_volume_gib}: noted once per task, naming both sizes.
     */
    private static void disks(String task, Object v, int dockerVolumeGiB, List<String> notes) {
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(where(task, "disks") + " must be a String such as \"local-disk 100"
                    + " SSD\", got " + v);
        }
        long largest = 0;
        for (String part : s.split(",")) {
            Matcher m = DISK.matcher(part.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(where(task, "disks") + " = \"" + s + "\": each disk is \"local-disk"
                        + " <GiB> SSD|HDD\" (or \"<mount point> <GiB> SSD|HDD\"), comma-separated");
            }
            largest = Math.max(largest, Long.parseLong(m.group(2)));
        }
        if (dockerVolumeGiB > 0 && largest > dockerVolumeGiB) {
            notes.add("runtime disks asks for " + largest + " GiB, but the task instances' Docker volume is "
                    + dockerVolumeGiB + " GiB ([aws] docker_volume_gib), shared by every job on the instance: the"
                    + " task may run out of scratch space; deploy the CDK stack with a larger docker volume (cdk"
                    + " deploy -c dockerVolumeGiB=" + largest + ") or keep large files in the task's work/ folder on"
                    + " the shared file system");
        }
    }
}
