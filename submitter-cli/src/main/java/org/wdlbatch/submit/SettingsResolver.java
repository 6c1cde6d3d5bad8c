package org.wdlbatch.submit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueCheck;
import org.wdlbatch.aws.QueueTags;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;

/**
 * Resolves each setting from the command line, then the {@code WDLBATCH__*} environment, then the tags of the
 * workflow queue, then a default; checks them (queues and access point must exist) and fails with a
 * {@link UsageException} naming the flag or resource before anything is submitted.
 */
final class SettingsResolver {

    static final Set<String> DELETE_AFTER = Set.of("success", "failure", "always");
    /** An IAM role ARN, optionally with a path: what Batch accepts as a job definition's {@code jobRoleArn}. */
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}|arn:aws[a-z-]*:batch:.+");

    /** Settings only the submitter reads: they shape the launch and are never passed to the workflow job. */
    static final Set<String> LAUNCH_ONLY = Set.of("aws.workflow_queue", "aws.workflow_role", "aws.workflow_image",
            "aws.workflow_cpu", "aws.workflow_memory_gib", "aws.workflow_public_ip", "aws.run_dir", "aws.s3upload",
            "aws.delete_after");

    private final SubmitOptions o;
    private final Map<String, String> env;
    private final List<String> provenance = new ArrayList<>();

    SettingsResolver(SubmitOptions o, Map<String, String> env) {
        this.o = o;
        this.env = env;
    }

    private String mount;

    /** The shared file system's mount point in every job (needed early: it decides how the WDL is passed). */
    String mount(String defaultMount) throws UsageException {
        if (mount == null) {
            boolean efs = !o.noEfs && !isFalse(env("aws.efs"));
            String m = pick("mount", "--mount", o.mount, "file_io.root",
                    defaultMount != null ? defaultMount : efs ? AwsNames.EFS_MOUNT_POINT : "/mnt/net");
            if (!m.startsWith("/")) {
                throw new UsageException("--mount must be an absolute path, not " + m);
            }
            mount = stripSlash(Path.of(m).normalize().toString());
        }
        return mount;
    }

    /** The settings that need no AWS call, then those that do. */
    Settings resolve(AwsClients aws, String defaultWorkflowQueue, String defaultMount) throws UsageException {
        String workflowQueue = pick("workflow queue", "--workflow-queue", o.workflowQueue, "aws.workflow_queue",
                defaultWorkflowQueue);
        if (workflowQueue == null) {
            throw new UsageException("no workflow queue: pass --workflow-queue QUEUE or set"
                    + " WDLBATCH__AWS__WORKFLOW_QUEUE (the CDK stack names it " + AwsNames.DEFAULT_WORKFLOW_QUEUE + ")");
        }
        checkQueueName("--workflow-queue", workflowQueue);
        boolean efs = !o.noEfs && !isFalse(env("aws.efs"));
        String mount = mount(defaultMount);
        String dir = pick("run directory", "--dir", o.dir, "aws.run_dir", mount + "/wdlbatch_run");
        Path normalDir = Path.of(dir).normalize();
        if (!dir.startsWith("/") || !normalDir.startsWith(Path.of(mount)) ) {
            throw new UsageException("--dir " + dir + " is not under the mount " + mount + ": the workflow job and"
                    + " its task jobs share only the mount (give --dir " + mount + "/..., or change --mount)");
        }
        dir = normalDir.toString();
        String s3upload = pick("S3 upload", "--s3upload", o.s3upload, "aws.s3upload", null);
        if (s3upload != null && !s3upload.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
            throw new UsageException("--s3upload must be s3://BUCKET/PREFIX/, not " + s3upload);
        }
        String deleteAfter = pick("delete after", "--delete-after", o.deleteAfter, "aws.delete_after", null);
        if (deleteAfter != null) {
            deleteAfter = deleteAfter.trim().toLowerCase(Locale.ROOT);
            if (!DELETE_AFTER.contains(deleteAfter)) {
                throw new UsageException("--delete-after must be success, failure or always, not " + deleteAfter);
            }
            if (s3upload == null) {
                throw new UsageException("--delete-after needs --s3upload: without an upload, deleting the run"
                        + " directory would lose the outputs");
            }
        }
        String cpu = pick("workflow job vCPUs", "--cpu", o.cpu, "aws.workflow_cpu", "1");
        if (!cpu.matches("\\d+(\\.\\d+)?") || Double.parseDouble(cpu) <= 0) {
            throw new UsageException("--cpu must be a number of vCPUs such as 0.5, 1, 2 or 4 (Fargate), not " + cpu);
        }
        String memory = pick("workflow job memory (GiB)", "--memory-GiB", o.memoryGiB, "aws.workflow_memory_gib", "4");
        int memoryGiB;
        try {
            memoryGiB = Integer.parseInt(memory.trim());
        } catch (NumberFormatException e) {
            memoryGiB = 0;
        }
        if (memoryGiB < 1) {
            throw new UsageException("--memory-GiB must be a whole number of GiB (at least 1), not " + memory);
        }
        WorkflowJobSize.check(efs, cpu, source("--cpu", o.cpu, "aws.workflow_cpu"), memoryGiB,
                source("--memory-GiB", o.memoryGiB, "aws.workflow_memory_gib"));
        boolean publicIp = !o.noPublicIp && !isFalse(env("aws.workflow_public_ip"));
        String taskJobRole = pickNoDefault("--task-job-role", o.taskJobRole, "aws.task_job_role");
        if (NO_ROLE.equalsIgnoreCase(taskJobRole)) {
            taskJobRole = ""; // no job role for this run, even when the queue's tag names one
        } else if (taskJobRole != null) {
            checkRoleArn(o.taskJobRole != null ? "--task-job-role" : ConfigKeys.variableOf("aws.task_job_role"),
                    taskJobRole);
        }

        // Everything below asks AWS: the workflow queue (and any task queue named so far) in one call.
        String taskQueue = pickNoDefault("--task-queue", o.taskQueue, "aws.task_queue");
        String fallback = pickNoDefault("--task-queue-fallback", o.taskQueueFallback, "aws.task_queue_fallback");
        String gpuQueue = pickNoDefault("--gpu-task-queue", o.gpuTaskQueue, "aws.gpu_task_queue");
        Map<String, JobQueueDetail> queues = describeQueues(aws.batch(), workflowQueue, taskQueue, fallback, gpuQueue);
        JobQueueDetail wq = queues.get(workflowQueue);
        if (wq == null) {
            throw new UsageException(QueueCheck.noSuchQueue(new QueueCheck.Setting("--workflow-queue", workflowQueue),
                    region(aws)));
        }
        Map<String, String> tags = wq.tags() == null ? Map.of() : wq.tags();
        if (taskQueue == null) {
            taskQueue = fromTag("task queue", tags, QueueTags.DEFAULT_TASK_QUEUE, workflowQueue);
            if (taskQueue == null) {
                throw new UsageException("no task queue: pass --task-queue QUEUE or set WDLBATCH__AWS__TASK_QUEUE"
                        + " (the workflow queue " + workflowQueue + " has no tag " + QueueTags.DEFAULT_TASK_QUEUE + ")");
            }
        }
        if (fallback == null) {
            fallback = fromTag("task queue fallback", tags, QueueTags.DEFAULT_TASK_QUEUE_FALLBACK, workflowQueue);
        }
        if (gpuQueue == null) {
            gpuQueue = fromTag("GPU task queue", tags, QueueTags.DEFAULT_GPU_TASK_QUEUE, workflowQueue);
        }
        List<String> unseen = new ArrayList<>();
        for (String q : new String[] {taskQueue, fallback, gpuQueue}) {
            if (q != null && !queues.containsKey(q)) {
                unseen.add(q);
            }
        }
        if (!unseen.isEmpty()) {
            queues.putAll(describeQueues(aws.batch(), unseen.toArray(new String[0])));
        }
        checkQueueExists(queues, "--task-queue", taskQueue, aws);
        if (fallback != null) {
            checkQueueExists(queues, "--task-queue-fallback", fallback, aws);
        }
        if (gpuQueue != null) {
            checkQueueExists(queues, "--gpu-task-queue", gpuQueue, aws);
        }
        QueuePlatforms.check(aws.batch(), efs, wq, queues.get(taskQueue),
                fallback == null ? null : queues.get(fallback), gpuQueue == null ? null : queues.get(gpuQueue));

        if (taskJobRole == null) {
            taskJobRole = fromTag("task job role", tags, QueueTags.DEFAULT_TASK_JOB_ROLE_ARN, workflowQueue);
            if (taskJobRole != null) {
                checkRoleArn("the tag " + QueueTags.DEFAULT_TASK_JOB_ROLE_ARN + " of " + workflowQueue, taskJobRole);
            } else {
                provenance.add("task job role: none (task containers run without a job role; --task-job-role ARN"
                        + " or the tag " + QueueTags.DEFAULT_TASK_JOB_ROLE_ARN + " names one)");
            }
        }

        String fsap = null;
        String fileSystemId = null;
        String role = pickNoDefault("--workflow-role", o.workflowRole, "aws.workflow_role");
        if (role == null) {
            role = fromTag("workflow role", tags, QueueTags.WORKFLOW_ENGINE_ROLE_ARN, workflowQueue);
        }
        if (efs) {
            fsap = pickNoDefault("--fsap", o.fsap, "aws.fsap");
            if (fsap == null) {
                fsap = fromTag("EFS access point", tags, QueueTags.DEFAULT_FSAP, workflowQueue);
            }
            if (fsap == null) {
                throw new UsageException("no EFS access point: pass --fsap fsap-... or set WDLBATCH__AWS__FSAP (the"
                        + " workflow queue " + workflowQueue + " has no tag " + QueueTags.DEFAULT_FSAP
                        + "), or --no-efs");
            }
            var badId = QueueCheck.accessPointId(new QueueCheck.Setting("--fsap", fsap));
            if (badId.isPresent()) {
                throw new UsageException(badId.get());
            }
            fileSystemId = fileSystemOf(aws.efs(), fsap, aws);
            provenance.add("file system: " + fileSystemId + " (of access point " + fsap + ")");
            if (role == null) {
                throw new UsageException("no workflow role: pass --workflow-role ARN or set WDLBATCH__AWS__WORKFLOW_ROLE"
                        + " (the workflow queue " + workflowQueue + " has no tag " + QueueTags.WORKFLOW_ENGINE_ROLE_ARN
                        + "); a Fargate job needs an execution role");
            }
        }
        if (role != null && !role.startsWith("arn:")) {
            throw new UsageException("--workflow-role must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), not "
                    + role);
        }
        // the image the stack published with the deploy (tag WorkflowImage) unless --image or the variable says
        String image = pickNoDefault("--image", o.image, "aws.workflow_image");
        if (image == null) {
            image = fromTag("workflow image", tags, QueueTags.WORKFLOW_IMAGE, workflowQueue);
        }
        if (image == null) {
            image = SubmitMain.defaultImage(role, aws.regionName());
            provenance.add("workflow image: " + image + " (default; the workflow queue has no tag "
                    + QueueTags.WORKFLOW_IMAGE + ")");
        }
        return new Settings(workflowQueue, taskQueue, fallback, gpuQueue, efs, fsap, fileSystemId, mount, role, taskJobRole, cpu,
                memoryGiB, image, !o.noEnv, publicIp, dir, s3upload, deleteAfter, List.copyOf(provenance));
    }

    /** Where a setting came from, for messages: the flag, the variable, or the flag's default. */
    private String source(String flag, String flagValue, String key) {
        if (flagValue != null) {
            return flag;
        }
        return env(key) != null ? ConfigKeys.variableOf(key) : flag + " (default)";
    }

    private static String region(AwsClients aws) {
        return aws.regionName() == null ? "this region" : aws.regionName();
    }

    private static Map<String, JobQueueDetail> describeQueues(BatchClient batch, String... names) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : names) {
            if (n != null) {
                wanted.add(n);
            }
        }
        Map<String, JobQueueDetail> out = new LinkedHashMap<>();
        for (JobQueueDetail q : batch.describeJobQueues(r -> r.jobQueues(wanted)).jobQueues()) {
            out.put(q.jobQueueName(), q);
            out.put(q.jobQueueArn(), q);
        }
        return out;
    }

    private void checkQueueExists(Map<String, JobQueueDetail> queues, String flag, String name, AwsClients aws)
            throws UsageException {
        checkQueueName(flag, name);
        if (!queues.containsKey(name)) {
            throw new UsageException(QueueCheck.noSuchQueue(new QueueCheck.Setting(flag, name), region(aws)));
        }
    }

    private static void checkRoleArn(String source, String arn) throws UsageException {
        if (!ROLE_ARN.matcher(arn).matches()) {
            throw new UsageException(source + " must be an IAM role ARN of the form arn:aws:iam::<account>:role/<name>"
                    + ", not " + arn);
        }
    }

    private static void checkQueueName(String flag, String name) throws UsageException {
        if (!QUEUE_NAME.matcher(name).matches()) {
            throw new UsageException(flag + " " + name + " is not a job queue name (letters, digits, - and _) or ARN");
        }
    }

    private static String fileSystemOf(EfsClient efs, String fsap, AwsClients aws) throws UsageException {
        try {
            DescribeAccessPointsResponse r = efs.describeAccessPoints(b -> b.accessPointId(fsap));
            for (AccessPointDescription ap : r.accessPoints()) {
                if (fsap.equals(ap.accessPointId())) {
                    return ap.fileSystemId();
                }
            }
        } catch (AccessPointNotFoundException e) {
            // below
        }
        throw new UsageException(QueueCheck.noSuchAccessPoint(new QueueCheck.Setting("--fsap", fsap), region(aws)));
    }

    private String pick(String what, String flag, String flagValue, String key, String fallback) {
        if (flagValue != null) {
            provenance.add(what + ": " + flagValue + " (" + flag + ")");
            return flagValue;
        }
        String e = env(key);
        if (e != null) {
            provenance.add(what + ": " + e + " (" + ConfigKeys.variableOf(key) + ")");
            return e;
        }
        if (fallback != null) {
            provenance.add(what + ": " + fallback + " (default)");
        }
        return fallback;
    }

    /** {@code --task-job-role none}: task containers run without a job role, whatever the queue's tag says. */
    static final String NO_ROLE = "none";

    private String pickNoDefault(String flag, String flagValue, String key) {
        if (flagValue != null) {
            provenance.add(flag.substring(2) + ": " + flagValue + " (" + flag + ")");
            return flagValue;
        }
        String e = env(key);
        if (e != null) {
            provenance.add(flag.substring(2) + ": " + e + " (" + ConfigKeys.variableOf(key) + ")");
        }
        return e;
    }

    private String fromTag(String what, Map<String, String> tags, String tag, String queue) {
        String v = tags.get(tag);
        if (v != null && !v.isBlank()) {
            provenance.add(what + ": " + v + " (tag " + tag + " of " + queue + ")");
            return v;
        }
        return null;
    }

    /** An environment setting, blank counting as unset. */
    private String env(String key) {
        String v = env.get(ConfigKeys.variableOf(key));
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static boolean isFalse(String v) {
        return v != null && Set.of("false", "f", "0", "no", "n", "off").contains(v.toLowerCase(Locale.ROOT));
    }

    private static String stripSlash(String s) {
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
