package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.wdlbatch.engine.backend.TaskAttempt;
import org.wdlbatch.engine.backend.TaskResources;
import org.wdlbatch.taskruntime.EnvFile;
import org.wdlbatch.taskruntime.WrapperScript;

/**
 * What each attempt's Batch job looks like ({@link JobShape}): its queue (the task queue, the fallback queue, a GPU
 * queue or a runtime {@code queueArn}), its container properties and their job definition (one per image, shared by
 * its tasks), vCPUs, memory, GPUs, Batch's retry strategy and the job's tags. Submitting the shape is
 * {@link JobSubmitter}'s job.
 */
final class JobShapes {

    /** The name of the shared file system's volume in every task job definition. */
    static final String VOLUME = "efs";

    /**
     * The runtime keys {@link #of} reads: Batch's retry strategy, the GPU count and type (Cromwell's and AWS's
     * names), and Cromwell's AWS attributes ({@link CromwellRuntime#KEYS}).
     */
    static final Set<String> RUNTIME_KEYS = runtimeKeys();

    private final BatchSettings settings;
    /** Runtime {@code queueArn} queues, each checked once (exists, VALID, ENABLED, EC2) before its first job. */
    private final TaskQueueOverrides taskQueues;

    /** Container properties by image: one shared (read-only) tree and digest per image, not one per task. */
    private record Definition(ObjectNode props, String digest) {}

    private final Map<String, Definition> definitions = new ConcurrentHashMap<>();

    JobShapes(BatchSettings settings, TaskQueueOverrides taskQueues) {
        this.settings = settings;
        this.taskQueues = taskQueues;
    }

    private static Set<String> runtimeKeys() {
        Set<String> keys = new java.util.HashSet<>(Set.of("awsBatchRetryAttempts", "acceleratorType",
                "acceleratorCount", "gpuCount"));
        keys.addAll(CromwellRuntime.KEYS);
        return Set.copyOf(keys);
    }

    /**
     * A task's literal Cromwell attributes, before the run starts: their values ({@link CromwellRuntime}) and its
     * {@code queueArn} queue, so a wrong one is an error naming the task and the ARN.
     */
    void checkLiterals(String task, Map<String, Object> literals) {
        CromwellRuntime cromwell = CromwellRuntime.of(task, literals, settings);
        if (cromwell.queue() != null) {
            taskQueues.check(task, cromwell.queue());
        }
    }

    /** The job of this attempt, on the queue its placement says (the task queue or the fallback queue). */
    JobShape of(TaskAttempt attempt) throws IOException {
        return shape(attempt, queueFor(attempt));
    }

    private String queueFor(TaskAttempt attempt) {
        if (attempt.placement().fallback() && settings.taskQueueFallback() != null) {
            return settings.taskQueueFallback();
        }
        return settings.taskQueue();
    }

    private JobShape shape(TaskAttempt attempt, String queue) throws IOException {
        TaskResources r = attempt.resources();
        String image = r.container() != null ? r.container() : settings.defaultImage();
        CromwellRuntime cromwell = CromwellRuntime.of(attempt.call().name(), r.other(), settings);
        if (attempt.number() == 1) {
            cromwell.notes().forEach(n -> attempt.note().accept("WARNING: " + n));
        }
        // tasks asking for ulimits, shared memory or privileges get their own definition; the rest share the image's
        Definition def = definitions.computeIfAbsent(image + "\n" + cromwell.definition(), k -> {
            ObjectNode p = TaskContainerProperties.withTask(containerProperties(image), cromwell.definition());
            return new Definition(p, JobDefinitions.digest(p));
        });
        return shapeFor(attempt, queue, def, attempt.placement().memoryFactor(), cromwell);
    }

    private ObjectNode containerProperties(String image) {
        ObjectNode props = SdkJson.MAPPER.createObjectNode();
        props.put("image", image);
        ArrayNode cmd = props.putArray("command");
        WrapperScript.command(settings.containerSync()).forEach(cmd::add);
        ArrayNode defaults = props.putArray("resourceRequirements");
        defaults.addObject().put("type", "VCPU").put("value", "1");
        defaults.addObject().put("type", "MEMORY").put("value", "1024");
        if (settings.efs()) {
            ObjectNode efs = props.putArray("volumes").addObject().put("name", VOLUME)
                    .putObject("efsVolumeConfiguration");
            efs.put("fileSystemId", settings.fs()).put("transitEncryption", "ENABLED");
            if (settings.fsap() != null) {
                efs.putObject("authorizationConfig").put("accessPointId", settings.fsap());
            }
        } else {
            // [aws] efs = false: the instances mount the shared file system at [file_io] root themselves
            props.putArray("volumes").addObject().put("name", VOLUME).putObject("host")
                    .put("sourcePath", settings.root().toString());
        }
        props.putArray("mountPoints").addObject().put("sourceVolume", VOLUME)
                .put("containerPath", settings.root().toString()).put("readOnly", false);
        if (settings.taskJobRole() != null) {
            props.put("jobRoleArn", settings.taskJobRole());
        }
        if (settings.repositoryCredentials() != null) {
            props.putObject("repositoryCredentials").put("credentialsParameter", settings.repositoryCredentials());
        }
        // merged, not replacing: the user's volumes and mount points come after our shared file system's
        return TaskContainerProperties.merge(props, settings.containerProperties());
    }

    private JobShape shapeFor(TaskAttempt attempt, String queue, Definition def, double factor,
            CromwellRuntime cromwell) throws IOException {
        TaskResources r = attempt.resources();
        long mib = (long) Math.ceil(r.memoryBytes() / 1048576.0 * factor) + settings.memoryDeltaMiB();
        int memoryMiB = (int) Math.max(128, Math.min(Integer.MAX_VALUE, mib));
        int gpus = gpus(attempt);
        boolean taskEnv = !attempt.env().isEmpty();
        if (taskEnv) {
            EnvFile.write(attempt.taskDir(), attempt.env());
        }
        Integer retryAttempts = null;
        Object a = r.other().get("awsBatchRetryAttempts");
        if (a instanceof Number n) {
            retryAttempts = Math.max(1, Math.min(10, n.intValue()));
        } else if (settings.retryAttempts() > 1) {
            retryAttempts = settings.retryAttempts();
        }
        String callBase = attempt.call().base();
        String vcpus = vcpus(r.cpu());
        if (Double.parseDouble(vcpus) != r.cpu()) {
            attempt.note().accept("runtime cpu " + r.cpu() + " asks for " + vcpus + " vCPU: AWS Batch jobs on EC2"
                    + " take whole vCPUs, at least 1 (rounded up)");
        }
        String jobQueue;
        if (cromwell.queue() != null && !(attempt.placement().fallback() && settings.taskQueueFallback() != null)) {
            jobQueue = taskQueues.check(attempt.call().name(), cromwell.queue());
        } else {
            jobQueue = gpus > 0 ? gpuQueue(gpus) : queue;
        }
        ArrayNode evaluateOnExit = null;
        if (retryAttempts != null && retryAttempts > 1) {
            // Batch retries only what the conditions say; without any it would rerun failed commands too
            evaluateOnExit = cromwell.evaluateOnExit() != null ? cromwell.evaluateOnExit() : EvaluateOnExit.defaults();
        } else if (cromwell.evaluateOnExit() != null && attempt.number() == 1) {
            attempt.note().accept("WARNING: runtime awsBatchEvaluateOnExit has no effect without"
                    + " awsBatchRetryAttempts (or [aws] retry_attempts) above 1: Batch does not retry this job");
        }
        return new JobShape(jobQueue, def.props(), def.digest(), vcpus, memoryMiB, gpus, taskEnv, callBase,
                tags(attempt), retryAttempts, evaluateOnExit);
    }

    /**
     * GPU tasks go to {@code [aws] gpu_task_queue} (the workflow queue's tag {@code DefaultGpuTaskQueue}): the CPU
     * task queues have no GPU instances, so a GPU job there would wait in RUNNABLE for ever. Without a GPU queue
     * the task fails now, before anything is submitted.
     */
    private String gpuQueue(int gpus) {
        if (settings.gpuTaskQueue() == null) {
            throw new IllegalArgumentException("this task asks for " + gpus + " GPU" + (gpus == 1 ? "" : "s")
                    + " but no GPU task queue is configured, and the task queues have no GPU instances: deploy the"
                    + " CDK stack with the GPU option (cdk deploy -c gpu=true), which tags the workflow queue with "
                    + org.wdlbatch.aws.QueueTags.DEFAULT_GPU_TASK_QUEUE + ", or set [aws] gpu_task_queue"
                    + " (WDLBATCH__AWS__GPU_TASK_QUEUE) to a job queue with GPU instances");
        }
        return settings.gpuTaskQueue();
    }

    /**
     * GPUs the job asks for (its GPU resource requirement; 0 = none): tasks with {@code gpu: true}, or with an
     * {@code acceleratorType} naming an NVIDIA model (as miniwdl-aws reads it), get {@code acceleratorCount} GPUs,
     * else {@code gpuCount} (Cromwell's name; also where a WDL 1.2 {@code hints { gpu: N }} goes), else
     * {@code [aws] gpu_value}. Batch has no field for the model: the task queue's instance types decide it.
     */
    private int gpus(TaskAttempt attempt) {
        TaskResources r = attempt.resources();
        boolean wanted = r.gpu();
        Object type = r.other().get("acceleratorType");
        if (type != null) {
            if (!(type instanceof String t)) {
                throw new IllegalArgumentException("runtime acceleratorType must be a String such as"
                        + " \"nvidia-tesla-t4\", got " + type);
            }
            if (t.strip().toLowerCase(java.util.Locale.ROOT).startsWith("nvidia")) {
                wanted = true;
            } else {
                attempt.note().accept("runtime acceleratorType \"" + t + "\" ignored: AWS Batch offers NVIDIA GPUs"
                        + " (acceleratorType nvidia-...) only");
            }
        }
        String countKey = r.other().containsKey("acceleratorCount") ? "acceleratorCount" : "gpuCount";
        Object count = r.other().get(countKey);
        if (count != null && !(count instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() >= 0)) {
            throw new IllegalArgumentException("runtime " + countKey + " must be a whole number of GPUs (0 or more),"
                    + " got " + count);
        }
        if (!wanted) {
            return 0;
        }
        return count != null ? ((Number) count).intValue() : settings.gpuValue();
    }

    /**
     * Task jobs run on EC2, where Batch takes whole vCPUs, at least 1 (a fractional VCPU is a ClientException:
     * https://docs.aws.amazon.com/batch/latest/APIReference/API_ResourceRequirement.html): {@code cpu: 0.5} asks
     * for 1, {@code cpu: 1.5} for 2.
     */
    static String vcpus(double cpu) {
        return Long.toString(Math.max(1L, (long) Math.ceil(cpu)));
    }

    /** The tags every task job carries: its run, workflow and call, the parent job, and {@code [aws] tags}. */
    private Map<String, String> tags(TaskAttempt attempt) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("wdlbatch:run", TaskTags.value(attempt.call().run()));
        tags.put("wdlbatch:workflow", TaskTags.value(attempt.call().workflow()));
        tags.put("wdlbatch:call", TaskTags.value(attempt.call().name()));
        String parent = System.getenv("AWS_BATCH_JOB_ID");
        if (parent != null && !parent.isEmpty()) {
            tags.put("wdlbatch:parent-job", TaskTags.value(parent));
        }
        // checked at start-up (TaskTags.check): ECS's characters, and within the 50 propagated tags with ours
        tags.putAll(settings.tags());
        return tags;
    }
}
