package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.backend.TaskAttempt;
import org.wdlbatch.engine.backend.TaskBackend;
import org.wdlbatch.engine.backend.TaskExit;
import org.wdlbatch.engine.report.AttemptRecord;
import org.wdlbatch.engine.backend.TaskResources;
import org.wdlbatch.engine.rundir.JobJournal;
import org.wdlbatch.taskruntime.EnvFile;
import org.wdlbatch.taskruntime.WrapperScript;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * {@code --backend aws-batch}: every task attempt is an AWS Batch job on the task queue, mounting the run's EFS
 * access point at {@code [file_io] root} (the same path the orchestrator sees), running the short wrapper of
 * {@link WrapperScript} on the task directory. One submitter, one poller and one terminator serve all calls
 * within one API budget; scatter children are gathered into array jobs. Retries are the engine's
 * ({@code AttemptPolicy}): this backend reports how each job ended (exited, out of memory, spot reclaim, failed to
 * start, terminated) and runs each attempt where its {@link org.wdlbatch.engine.backend.Placement} says (the
 * fallback queue, more memory). Batch's own retryStrategy ({@code [aws] retry_attempts}, runtime
 * {@code awsBatchRetryAttempts}) retries inside one job; the wrapper keeps those attempts apart.
 */
public final class AwsBatchBackend implements TaskBackend {

    private static final Logger LOG = LoggerFactory.getLogger(AwsBatchBackend.class);
    static final String VOLUME = "efs";
    /**
     * How long after a stop began the orchestrator goes on sending TerminateJob requests: AWS sends SIGKILL 30 s
     * after SIGTERM, and the upload, error.json and the end-of-log line need the rest.
     */
    static final long STOP_SEND_MILLIS = 20_000;

    private final BatchSettings settings;
    private final Path runsRoot;
    private final BatchClient batch;
    private final BatchMetrics metrics = new BatchMetrics();
    private final JobDefinitions jobDefs;
    private final JobSubmitter submitter;
    private final Coalescer coalescer;
    private final Poller poller;
    private final Terminator terminator;
    private final JobExits exits;
    /** Runtime {@code queueArn} queues, each checked once (exists, VALID, ENABLED, EC2) before its first job. */
    private final TaskQueueOverrides taskQueues;
    private final BatchCalls calls;
    /** Run directories of the attempts started, where {@code .stopped} goes when the run stops. */
    private final Set<Path> runDirs = ConcurrentHashMap.newKeySet();
    private final Object stopLock = new Object();
    /** Set once the run stops (SIGTERM, Ctrl-C, fail-fast); nothing is submitted after that. */
    private volatile StopSequence stop;
    private final ExecutorService completions = Executors.newFixedThreadPool(2, r -> daemon(r, "batch-complete"));
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "batch-retry-wait"));

    private final Map<String, TaskJob> byAttempt = new ConcurrentHashMap<>();
    private final Map<String, TaskJob> singles = new ConcurrentHashMap<>();
    private final Map<String, ArrayJob> arrays = new ConcurrentHashMap<>();
    private final Set<TaskJob> live = ConcurrentHashMap.newKeySet();
    /** Jobs waiting out {@code [aws] retry_wait} before they are submitted. */
    private final Map<TaskJob, java.util.concurrent.ScheduledFuture<?>> waiting = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** Resume: re-attaches jobs of an earlier orchestrator of the run. */
    private final Adopter adopter;
    /** The job journal of each run directory ({@code <run dir>/jobs.journal}), opened at its first submission. */
    private final Map<Path, JobJournal> journals = new ConcurrentHashMap<>();

    /**
     * @param settings checked settings with the task queue and file system resolved ({@link BatchBackendFactory})
     * @param runsRoot the folder run directories are created in ({@code --dir}), under {@code [file_io] root}
     */
    public AwsBatchBackend(BatchSettings settings, Path runsRoot, BatchClient batch) {
        this.settings = settings;
        this.runsRoot = runsRoot;
        this.batch = batch;
        this.calls = new BatchCalls(new ApiBudget(settings.apiRate()), metrics);
        this.adopter = new Adopter(this, batch, calls);
        this.jobDefs = new JobDefinitions(batch, calls);
        // 16 requests in flight: at 48 requests/s the rate holds while SubmitJob answers within 330 ms
        this.submitter = new JobSubmitter(this, batch, calls, jobDefs, metrics, 16);
        this.coalescer = new Coalescer(submitter, settings.arrayWindowMillis());
        this.poller = new Poller(this, batch, calls, settings.describePeriodSeconds());
        this.terminator = new Terminator(batch, calls);
        this.exits = new JobExits(settings.memoryRetryErrorKeys());
        this.taskQueues = new TaskQueueOverrides(batch, calls);
        poller.start();
        terminator.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String name() {
        return "aws-batch";
    }

    BatchSettings settings() {
        return settings;
    }

    public BatchMetrics metrics() {
        return metrics;
    }

    /** The live task jobs by AWS Batch's states, from the poller's last answers. */
    @Override
    public java.util.Optional<org.wdlbatch.engine.progress.BackendStates> states() {
        return java.util.Optional.of(JobStates.of(live, metrics));
    }

    /** Many calls run at once: the queue's compute environments, not this machine, bound them. */
    @Override
    public int defaultConcurrency() {
        return 100_000;
    }

    /**
     * Preparing a call is a few creates on EFS, each a network round trip: many threads keep the file system busy
     * while each waits, so a 10,000-call scatter is ready to submit in seconds.
     */
    @Override
    public int ioThreads() {
        return 16;
    }

    /** The wrapper makes {@code work/} in the task job ({@link WrapperScript}). */
    @Override
    public boolean createsWorkDir() {
        return true;
    }

    /** The wrapper links File inputs from the task directory's {@code links} file ({@link WrapperScript}). */
    @Override
    public boolean linksInputs() {
        return true;
    }

    /**
     * Read by {@code shape}: Batch's retry strategy, the GPU count and type (Cromwell's and AWS's names), and
     * Cromwell's AWS attributes ({@link CromwellRuntime#KEYS}).
     */
    @Override
    public Set<String> runtimeKeys() {
        Set<String> keys = new java.util.HashSet<>(Set.of("awsBatchRetryAttempts", "acceleratorType",
                "acceleratorCount", "gpuCount"));
        keys.addAll(CromwellRuntime.KEYS);
        return Set.copyOf(keys);
    }

    /** ECR images are looked up with the ECR API (null: only other registries are asked). */
    private volatile org.wdlbatch.engine.image.DigestLookup ecrDigests;

    void imageDigestsFrom(org.wdlbatch.engine.image.DigestLookup ecr) {
        this.ecrDigests = ecr;
    }

    /** What task jobs pull: ECR images through the ECR API, others through their registry. */
    @Override
    public java.util.List<org.wdlbatch.engine.image.DigestLookup> imageDigestLookups(java.time.Duration timeout) {
        var registry = new org.wdlbatch.engine.image.RegistryManifestLookup(timeout);
        return ecrDigests == null ? java.util.List.of(registry) : java.util.List.of(ecrDigests, registry);
    }

    /**
     * The Cromwell attributes tasks give as literals, before the run starts: their values ({@link CromwellRuntime})
     * and each {@code queueArn} queue (exists, ENABLED, VALID, EC2), so a wrong one is an error naming the task and
     * the ARN before anything is created or submitted.
     */
    @Override
    public void checkBeforeRun(Map<String, Map<String, Object>> literalRuntime) {
        literalRuntime.forEach((task, literals) -> {
            CromwellRuntime cromwell = CromwellRuntime.of(task, literals, settings);
            if (cromwell.queue() != null) {
                taskQueues.check(task, cromwell.queue());
            }
        });
    }

    /** {@code [aws] task_queue_fallback}: where the engine moves calls that spot reclaims keep taking away. */
    @Override
    public boolean hasFallback() {
        return settings.taskQueueFallback() != null;
    }

    // ---- start ------------------------------------------------------------------------------------------------

    @Override
    public void start(TaskAttempt attempt, Consumer<TaskExit> onExit) {
        if (closed || stop != null) {
            onExit.accept(TaskExit.terminated());
            return;
        }
        if (!attempt.taskDir().toAbsolutePath().startsWith(settings.root())) {
            onExit.accept(TaskExit.failedToRun("task directory " + attempt.taskDir() + " is not under [file_io] root "
                    + settings.root() + ", so task jobs cannot see it; run with --dir under " + settings.root()));
            return;
        }
        JobShape shape;
        try {
            shape = shape(attempt, queueFor(attempt));
        } catch (IOException | RuntimeException e) {
            onExit.accept(TaskExit.failedToRun("cannot prepare the Batch job: " + e.getMessage()));
            return;
        }
        TaskJob job = new TaskJob(attempt, onExit, shape);
        runDirs.add(runDir(attempt));
        byAttempt.put(attempt.id(), job);
        live.add(job);
        if (stop != null) {
            end(job, TaskExit.terminated()); // the run stopped while this attempt was being prepared
            return;
        }
        if (attempt.number() > 1) {
            submitAfterRetryWait(job);
        } else if (settings.arrayJobs()) {
            coalescer.add(job);
        } else {
            submitter.single(job);
        }
    }

    /**
     * Resume: the attempt's job was submitted by an earlier orchestrator of this run (its id from the job journal):
     * it is confirmed with Batch and then polled like the jobs this instance submits ({@link Adopter}).
     */
    @Override
    public boolean adopt(TaskAttempt attempt, String jobId, Consumer<TaskExit> onExit) {
        if (closed || !attempt.taskDir().toAbsolutePath().startsWith(settings.root())) {
            return false;
        }
        JobShape shape;
        try {
            shape = shape(attempt, queueFor(attempt));
        } catch (IOException | RuntimeException e) {
            return false;
        }
        TaskJob job = new TaskJob(attempt, onExit, shape);
        job.jobId = jobId;
        job.adopted = true;
        byAttempt.put(attempt.id(), job);
        live.add(job);
        adopter.add(job);
        return true;
    }

    /** Batch knows the adopted job: from now on the poller watches it (and it may have ended already). */
    void adopted(TaskJob job, JobDetail d) {
        job.attempt.note().accept("re-attached to AWS Batch job " + d.jobId() + " (" + d.statusAsString() + ")");
        singles.put(job.jobId, job);
        if (job.terminateRequested) {
            terminator.request(job);
        }
        observed(d);
    }

    /** Batch no longer knows the adopted job: the attempt is submitted again (as a single job). */
    void unknownToBatch(TaskJob job) {
        job.attempt.note().accept("AWS Batch no longer knows job " + job.jobId + " (ended too long ago?): submitting"
                + " attempt " + job.attempt.number() + " again");
        job.jobId = null;
        submitter.single(job);
    }

    /** Journals a submitted single job in its run directory, before anything else can happen to it. */
    private void journal(TaskJob job) {
        try {
            journalOf(job.attempt).single(job.attempt.taskDir(), job.attempt.number(), job.jobId);
        } catch (IOException e) {
            LOG.warn("cannot journal job {} of {} (a resume would submit it again): {}", job.jobId,
                    job.attempt.id(), e.toString());
        }
    }

    private void journal(ArrayJob array) {
        TaskJob first = array.children.get(0);
        try {
            journalOf(first.attempt).array(array.id, first.attempt.number(), array.manifest);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot journal array job {} (a resume would submit its children again): {}", array.id,
                    e.toString());
        }
    }

    private JobJournal journalOf(TaskAttempt attempt) {
        return journals.computeIfAbsent(runDir(attempt), JobJournal::of);
    }

    /**
     * {@code [aws] retry_wait}: a retried or reclaimed attempt is submitted that many seconds after its predecessor
     * was seen to end (a pause for whatever failed it, such as a busy service, to recover).
     */
    private void submitAfterRetryWait(TaskJob job) {
        long millis = (long) (settings.retryWaitSeconds() * 1000);
        if (millis <= 0) {
            submitter.single(job);
            return;
        }
        job.attempt.note().accept("waiting " + settings.retryWaitSeconds() + " s ([aws] retry_wait) before submitting"
                + " attempt " + job.attempt.number());
        waiting.put(job, delays.schedule(() -> {
            waiting.remove(job);
            submitter.single(job);
        }, millis, TimeUnit.MILLISECONDS));
    }

    private String queueFor(TaskAttempt attempt) {
        if (attempt.placement().fallback() && settings.taskQueueFallback() != null) {
            return settings.taskQueueFallback();
        }
        return settings.taskQueue();
    }

    /** Container properties by image: one shared (read-only) tree and digest per image, not one per task. */
    private record Definition(ObjectNode props, String digest) {}

    private final Map<String, Definition> definitions = new ConcurrentHashMap<>();

    JobShape shape(TaskAttempt attempt, String queue) throws IOException {
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

    /** The run directory an attempt belongs to: the first folder under {@code --dir}. */
    private Path runDir(TaskAttempt attempt) {
        Path t = attempt.taskDir().toAbsolutePath();
        if (t.startsWith(runsRoot) && runsRoot.relativize(t).getNameCount() > 1) {
            return runsRoot.resolve(runsRoot.relativize(t).getName(0));
        }
        return t.getParent();
    }

    /**
     * {@code <run dir>/.stopped}: created when the run stops (fail-fast, SIGTERM, Ctrl-C); a task job that starts
     * after that exits at once (the wrapper looks for it), so even jobs the orchestrator had no time to terminate
     * run nothing.
     */
    Path stopFile(TaskAttempt attempt) {
        return runDir(attempt).resolve(".stopped");
    }

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

    // ---- submitted, observed, ended ---------------------------------------------------------------------------

    void submitted(TaskJob job) {
        journal(job); // first: a job submitted is a job to account for, on resume too, even if the run stopped
        StopSequence s = stop;
        if (s != null) {
            s.late(job.jobId); // its SubmitJob answered after the stop
            return;
        }
        singles.put(job.jobId, job);
        if (job.terminateRequested) {
            terminator.request(job);
        }
    }

    void submitted(ArrayJob array) {
        journal(array);
        StopSequence s = stop;
        if (s != null) {
            array.terminateSent = true;
            s.late(array.id); // its SubmitJob answered after the stop
            return;
        }
        arrays.put(array.id, array);
        for (TaskJob c : array.children) {
            if (c.terminateRequested) {
                terminator.request(c);
            }
        }
    }

    List<String> activeSingleIds() {
        return new ArrayList<>(singles.keySet());
    }

    List<String> activeArrayIds() {
        return new ArrayList<>(arrays.keySet());
    }

    ArrayJob array(String id) {
        return arrays.get(id);
    }

    void arrayDone(ArrayJob array) {
        arrays.remove(array.id);
    }

    int submitBacklog() {
        return submitter.backlog() + coalescer.waiting();
    }

    /** A DescribeJobs answer for a single job. */
    /** The single (non-array) task job with this id while it is active, else null. */
    TaskJob single(String jobId) {
        return singles.get(jobId);
    }

        void observed(JobDetail d) {
        TaskJob job = singles.get(d.jobId());
        if (job == null) {
            return;
        }
        String stream = d.container() == null ? null : d.container().logStreamName();
        if (stream != null && !job.logStreamNoted) {
            job.logStreamNoted = true;
            job.attempt.note().accept("AWS Batch job " + d.jobId() + " log: CloudWatch group /aws/batch/job, stream "
                    + stream);
        }
        String status = d.statusAsString();
        job.status = status;
        job.running = "RUNNING".equals(status) || "STARTING".equals(status);
        if ("SUCCEEDED".equals(status) || "FAILED".equals(status)) {
            singles.remove(d.jobId());
            ended(job, JobEnd.of(d));
        }
    }

    /** The job of a task ended; decides what that means off the poller's thread. */
    void ended(TaskJob job, JobEnd end) {
        completions.execute(() -> {
            try {
                conclude(job, end);
            } catch (RuntimeException e) {
                LOG.error("handling the end of {} failed", job.jobId, e);
                end(job, TaskExit.failedToRun("internal error: " + e));
            }
        });
    }

    private void conclude(TaskJob job, JobEnd e) {
        TaskAttempt a = job.attempt;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("jobId", e.jobId());
        if (e.statusReason() != null) {
            details.put("statusReason", e.statusReason());
        }
        if (e.logStreamName() != null) {
            details.put("logStreamName", e.logStreamName());
            if (!job.logStreamNoted) {
                job.logStreamNoted = true;
                a.note().accept("AWS Batch job " + e.jobId() + " log: CloudWatch group /aws/batch/job, stream "
                        + e.logStreamName());
            }
        }
        details.put("jobQueue", job.shape.queue());
        timestamps(e, details);
        if (job.terminateRequested) {
            end(job, TaskExit.terminated().withDetails(details));
            return;
        }
        if (job.adopted && !e.succeeded() && stoppedByTheOrchestratorThatDied(e, JobExits.readRc(a.directory()))) {
            // the earlier orchestrator's stop, not the task's failure: the resumed run needs the attempt to run
            a.note().accept("AWS Batch job " + e.jobId() + " was stopped with the run before the resume ("
                    + e.statusReason() + "): submitting attempt " + a.number() + " again");
            TaskJob again = new TaskJob(a, job.onExit, job.shape);
            if (job.markEnded()) {
                live.remove(job);
                byAttempt.put(a.id(), again);
                live.add(again);
                submitter.single(again);
            }
            return;
        }
        if (!e.succeeded()) {
            writeDetail(job, e);
        }
        if (e.spotReclaim()) {
            metrics.spotReclaimed();
        }
        TaskExit exit = exits.of(e, a.directory(), details);
        // a succeeded job's exit carries no details for error.json; the report still wants its job and times
        end(job, exit.details().isEmpty() ? exit.withDetails(details) : exit);
    }

    /** Batch's timestamps of the job, for the run's report ({@code AttemptRecord}). */
    private static void timestamps(JobEnd e, Map<String, String> details) {
        if (e.createdAt() != null) {
            details.put(AttemptRecord.CREATED_AT, e.createdAt().toString());
        }
        if (e.startedAt() != null) {
            details.put(AttemptRecord.STARTED_AT, e.startedAt().toString());
        }
        if (e.stoppedAt() != null) {
            details.put(AttemptRecord.STOPPED_AT, e.stoppedAt().toString());
        }
    }

    /** Terminated by wdlbatch's own stop, or started after it and exited without running its command. */
    private static boolean stoppedByTheOrchestratorThatDied(JobEnd e, Integer rc) {
        return Terminator.REASON.equals(e.statusReason())
                || rc == null && e.exitCode() != null && e.exitCode() == WrapperScript.RUN_STOPPED;
    }

    /** The job's final description, once, for failed and retried jobs: {@code awsBatchJobDetail.<id>.json}. */
    private void writeDetail(TaskJob job, JobEnd e) {
        if (e.detail() == null) {
            return;
        }
        Path file = job.attempt.taskDir().resolve("awsBatchJobDetail." + e.jobId().replace(':', '_') + ".json");
        try {
            Files.writeString(file, SdkJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(e.detail()));
        } catch (IOException ex) {
            LOG.warn("cannot write {}: {}", file, ex.toString());
        }
    }

    /** Reports the attempt's exit, once. */
    void end(TaskJob job, TaskExit exit) {
        if (!job.markEnded()) {
            return;
        }
        live.remove(job);
        byAttempt.remove(job.attempt.id(), job);
        if (job.jobId != null) {
            singles.remove(job.jobId);
        }
        metrics.ended();
        try {
            job.onExit.accept(exit);
        } catch (RuntimeException e) {
            LOG.error("exit handler of {} failed", job.attempt.id(), e);
        }
    }

    // ---- termination ------------------------------------------------------------------------------------------

    @Override
    public void terminate(TaskAttempt attempt) {
        TaskJob job = byAttempt.get(attempt.id());
        if (job != null) {
            requestTermination(job);
        }
    }

    private void requestTermination(TaskJob job) {
        if (job.terminateRequested || job.ended()) {
            return;
        }
        job.terminateRequested = true;
        if (job.jobId != null) {
            terminator.request(job);
            return;
        }
        java.util.concurrent.ScheduledFuture<?> wait = waiting.remove(job);
        if (wait != null && wait.cancel(false)) {
            end(job, TaskExit.terminated()); // still waiting out retry_wait: never submitted
        }
        // otherwise not submitted yet: the submitter ends it without submitting
    }

    /**
     * The run stops (SIGTERM, Ctrl-C, fail-fast), in this order: {@code .stopped} in every run directory (a job
     * that starts from now on exits without running its command); nothing more is submitted (queued submissions,
     * array groups and retry waits are dropped, SubmitJob requests in flight interrupted); TerminateJob for every
     * array parent (one request takes all its children), then for single jobs, those seen running first
     * ({@link StopSequence}); and every attempt is reported terminated at once, so the engine writes error.json
     * without waiting for Batch. Returns at once; {@link #close} waits for the requests, {@link #STOP_SEND_MILLIS}
     * at most.
     */
    @Override
    public void stopping() {
        StopSequence s;
        synchronized (stopLock) {
            if (stop != null) {
                return;
            }
            s = new StopSequence(batch, calls);
            stop = s;
        }
        for (Path dir : runDirs) {
            try {
                Files.writeString(dir.resolve(".stopped"), "stopped by wdlbatch\n");
            } catch (IOException e) {
                LOG.warn("cannot write {}: {}", dir.resolve(".stopped"), e.toString());
            }
        }
        submitter.stop();
        coalescer.discard();
        delays.shutdownNow();
        waiting.clear();
        poller.stop();
        List<TaskJob> all = new ArrayList<>(live);
        List<String> ids = new ArrayList<>();
        for (ArrayJob a : arrays.values()) {
            if (!a.terminateSent) {
                a.terminateSent = true;
                ids.add(a.id);
            }
        }
        s.terminate(ids);
        List<String> singleIds = new ArrayList<>();
        all.stream().filter(j -> j.array == null && j.jobId != null && j.running).forEach(j -> singleIds.add(j.jobId));
        all.stream().filter(j -> j.array == null && j.jobId != null && !j.running).forEach(j -> singleIds.add(j.jobId));
        Set<String> queues = new java.util.HashSet<>();
        all.stream().filter(j -> j.array == null && j.jobId != null).forEach(j -> queues.add(j.shape.queue()));
        s.terminateSingles(singleIds, queues);
        LOG.info("stopping: {} task jobs to terminate ({} array jobs, {} single jobs), {} submissions dropped",
                ids.size() + singleIds.size(), ids.size(), singleIds.size(),
                all.stream().filter(j -> j.jobId == null).count());
        for (TaskJob j : all) {
            j.terminateRequested = true;
            end(j, TaskExit.terminated());
        }
    }

    @Override
    public void terminateAll() {
        stopping();
        stop.await(STOP_SEND_MILLIS, submitter::stopped);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (!live.isEmpty()) {
            stopping(); // the run ended with jobs still going (the engine did not stop them): stop them now
        }
        closed = true;
        StopSequence s = stop;
        boolean allSent = s == null || s.await(STOP_SEND_MILLIS, submitter::stopped);
        poller.stop();
        adopter.stop();
        terminator.stop();
        coalescer.shutdown();
        submitter.shutdown();
        delays.shutdownNow();
        completions.shutdown();
        try {
            completions.awaitTermination(s == null ? 5 : 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (s != null) {
            s.shutdown();
        }
        if (allSent) {
            jobDefs.deregisterAll();
        }
        journals.values().forEach(JobJournal::close);
        LOG.info("aws-batch: {} Batch API requests ({}), {} throttled; {} jobs submitted for {} tasks",
                metrics.totalCalls(), metrics.byAction(), metrics.throttledRequests(), metrics.jobsSubmitted(),
                metrics.tasksSubmitted());
        batch.close();
    }
}
