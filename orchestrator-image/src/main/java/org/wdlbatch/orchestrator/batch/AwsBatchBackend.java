package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
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
 * within one API budget; scatter children are gathered into array jobs; spot reclaims beyond {@code preemptible}
 * move to the fallback queue; out-of-memory exits make the next attempt ask for more memory.
 */
public final class AwsBatchBackend implements TaskBackend {

    private static final Logger LOG = LoggerFactory.getLogger(AwsBatchBackend.class);
    static final String VOLUME = "efs";
    private static final long TERMINATE_WAIT_MILLIS = 30_000;
    /** The scatter indices at the end of a task directory's name (compiled once: it runs for every task). */
    private static final java.util.regex.Pattern SCATTER_INDICES = java.util.regex.Pattern.compile("(-\\d+)+$");

    private final BatchSettings settings;
    private final Path runsRoot;
    private final BatchClient batch;
    private final BatchMetrics metrics = new BatchMetrics();
    private final JobDefinitions jobDefs;
    private final Submitter submitter;
    private final Coalescer coalescer;
    private final Poller poller;
    private final Terminator terminator;
    private final ExecutorService completions = Executors.newFixedThreadPool(2, r -> daemon(r, "batch-complete"));
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "batch-retry-wait"));

    private final Map<String, TaskJob> byAttempt = new ConcurrentHashMap<>();
    private final Map<String, TaskJob> singles = new ConcurrentHashMap<>();
    private final Map<String, ArrayJob> arrays = new ConcurrentHashMap<>();
    private final Set<TaskJob> live = ConcurrentHashMap.newKeySet();
    /** Jobs waiting out {@code [aws] retry_wait} before they are submitted. */
    private final Map<TaskJob, java.util.concurrent.ScheduledFuture<?>> waiting = new ConcurrentHashMap<>();
    /** Spot reclaims so far per task directory, and the memory multiplier earned by out-of-memory exits. */
    private final Map<Path, Integer> reclaims = new ConcurrentHashMap<>();
    private final Map<Path, Double> memoryFactor = new ConcurrentHashMap<>();
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
        BatchCalls calls = new BatchCalls(new ApiBudget(settings.apiRate()), metrics);
        this.adopter = new Adopter(this, batch, calls);
        this.jobDefs = new JobDefinitions(batch, calls);
        // 16 requests in flight: at 48 requests/s the rate holds while SubmitJob answers within 330 ms
        this.submitter = new Submitter(this, batch, calls, jobDefs, metrics, 16);
        this.coalescer = new Coalescer(submitter, settings.arrayWindowMillis());
        this.poller = new Poller(this, batch, calls, settings.describePeriodSeconds());
        this.terminator = new Terminator(batch, calls);
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

    // ---- start ------------------------------------------------------------------------------------------------

    @Override
    public void start(TaskAttempt attempt, Consumer<TaskExit> onExit) {
        if (closed) {
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
        byAttempt.put(attempt.id(), job);
        live.add(job);
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
        int lost = reclaims.getOrDefault(attempt.taskDir(), 0);
        if (settings.taskQueueFallback() != null && lost > attempt.resources().preemptible()) {
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
        Definition def = definitions.computeIfAbsent(image, i -> {
            ObjectNode p = containerProperties(i);
            return new Definition(p, JobDefinitions.digest(p));
        });
        double factor = memoryFactor.getOrDefault(attempt.taskDir(), 1.0);
        return shapeFor(attempt, queue, def, factor);
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

    private JobShape shapeFor(TaskAttempt attempt, String queue, Definition def, double factor) throws IOException {
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
        String callBase = callBase(attempt.taskDir());
        String vcpus = vcpus(r.cpu());
        if (Double.parseDouble(vcpus) != r.cpu()) {
            attempt.note().accept("runtime cpu " + r.cpu() + " asks for " + vcpus + " vCPU: AWS Batch jobs on EC2"
                    + " take whole vCPUs, at least 1 (rounded up)");
        }
        String jobQueue = gpus > 0 ? gpuQueue(gpus) : queue;
        return new JobShape(jobQueue, def.props(), def.digest(), vcpus, memoryMiB, gpus, taskEnv, callBase,
                tags(attempt, callBase), retryAttempts);
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

    /** {@code call-align-3-1} is scatter child 3/1 of {@code call-align}. */
    static String callBase(Path taskDir) {
        return SCATTER_INDICES.matcher(taskDir.getFileName().toString()).replaceAll("");
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

    private Map<String, String> tags(TaskAttempt attempt, String callBase) {
        Map<String, String> tags = new LinkedHashMap<>();
        String runId = runDir(attempt).getFileName().toString();
        tags.put("wdlbatch:run", TaskTags.value(runId));
        tags.put("wdlbatch:workflow", TaskTags.value(runId.replaceFirst("^\\d{8}_\\d{6}_", "")));
        tags.put("wdlbatch:call", TaskTags.value(callBase.replaceFirst("^call-", "")));
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
        journal(job);
        singles.put(job.jobId, job);
        if (job.terminateRequested) {
            terminator.request(job);
        }
    }

    void submitted(ArrayJob array) {
        journal(array);
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
        if (job.terminateRequested) {
            end(job, TaskExit.terminated().withDetails(details));
            return;
        }
        Integer rc = readRc(a.taskDir());
        if (job.adopted && !e.succeeded() && stoppedByTheOrchestratorThatDied(e, rc)) {
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
        if (e.succeeded()) {
            end(job, TaskExit.exited(rc != null ? rc : e.exitCode() != null ? e.exitCode() : 0));
            return;
        }
        writeDetail(job, e);
        if (e.spotReclaim()) {
            int lost = reclaims.merge(a.taskDir(), 1, Integer::sum);
            String fallback = settings.taskQueueFallback();
            if (lost > a.resources().preemptible() && fallback != null && !fallback.equals(job.shape.queue())) {
                a.note().accept("AWS Batch job " + e.jobId() + ": " + e.statusReason() + " (spot reclaim " + lost
                        + ", preemptible " + a.resources().preemptible() + "); resubmitting on the fallback queue "
                        + fallback);
                keepApart(a.taskDir(), e.jobId());
                TaskJob again = new TaskJob(a, job.onExit, job.shape.onQueue(fallback));
                if (job.markEnded()) {
                    live.remove(job);
                    byAttempt.put(a.id(), again);
                    live.add(again);
                    submitAfterRetryWait(again);
                }
                return;
            }
            end(job, new TaskExit(-1, "spot instance reclaimed: " + e.statusReason(), true, details));
            return;
        }
        int code = rc != null ? rc : e.exitCode() != null ? e.exitCode() : -1;
        if (code > 0) {
            if (outOfMemory(a.taskDir(), e, code)) {
                double f = memoryFactor.merge(a.taskDir(), settings.memoryRetryMultiplier(), (x, y) -> x * y);
                a.note().accept("AWS Batch job " + e.jobId() + " ran out of memory (exit " + code + "); a retry asks"
                        + " for " + f + "x the memory");
            }
            end(job, TaskExit.exited(code).withDetails(details));
            return;
        }
        String reason = e.containerReason() != null
                ? e.containerReason() + (e.statusReason() != null ? " (" + e.statusReason() + ")" : "")
                : String.valueOf(e.statusReason());
        end(job, TaskExit.failedToRun("AWS Batch job " + e.jobId() + " failed: " + reason).withDetails(details));
    }

    /** Terminated by wdlbatch's own stop, or started after it and exited without running its command. */
    private static boolean stoppedByTheOrchestratorThatDied(JobEnd e, Integer rc) {
        return Terminator.REASON.equals(e.statusReason())
                || rc == null && e.exitCode() != null && e.exitCode() == WrapperScript.RUN_STOPPED;
    }

    private boolean outOfMemory(Path taskDir, JobEnd e, int code) {
        if (e.containerReason() != null && e.containerReason().contains("OutOfMemoryError")) {
            return true;
        }
        String tail = tail(taskDir.resolve("stderr.txt"), 8192);
        for (String key : settings.memoryRetryErrorKeys()) {
            if (!key.isEmpty() && tail.contains(key)) {
                return true;
            }
        }
        return false;
    }

    private static String tail(Path file, int bytes) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - bytes);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Integer readRc(Path taskDir) {
        try {
            String s = Files.readString(taskDir.resolve("rc")).strip();
            return s.isEmpty() ? null : Integer.valueOf(s);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
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

    /**
     * Before a reclaimed attempt runs again on the fallback queue, its partial output moves aside to
     * {@code stdout.<job id>.txt} / {@code stderr.<job id>.txt} so the final files hold the finishing job's only.
     */
    private static void keepApart(Path taskDir, String jobId) {
        String id = jobId.replace(':', '_');
        for (String name : new String[] {"stdout", "stderr"}) {
            try {
                Path p = taskDir.resolve(name + ".txt");
                if (Files.exists(p)) {
                    Files.move(p, taskDir.resolve(name + "." + id + ".txt"));
                }
            } catch (IOException ex) {
                LOG.warn("cannot move the output of reclaimed job {} aside: {}", jobId, ex.toString());
            }
        }
        try {
            Files.deleteIfExists(taskDir.resolve("rc"));
        } catch (IOException ex) {
            // the next attempt writes rc again
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

    @Override
    public void terminateAll() {
        List<TaskJob> all = new ArrayList<>(live);
        Set<Path> stops = new java.util.HashSet<>();
        all.forEach(j -> stops.add(stopFile(j.attempt)));
        for (Path stop : stops) {
            try {
                Files.writeString(stop, "stopped by wdlbatch\n");
            } catch (IOException e) {
                LOG.warn("cannot write {}: {}", stop, e.toString());
            }
        }
        all.forEach(this::requestTermination);
        coalescer.flush(true);
        long deadline = System.currentTimeMillis() + TERMINATE_WAIT_MILLIS;
        while (!live.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!live.isEmpty()) {
            LOG.warn("{} task jobs were not seen to stop within {} s", live.size(), TERMINATE_WAIT_MILLIS / 1000);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        terminateAll();
        closed = true;
        poller.stop();
        adopter.stop();
        terminator.stop();
        coalescer.shutdown();
        submitter.shutdown();
        delays.shutdownNow();
        completions.shutdown();
        try {
            completions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jobDefs.deregisterAll();
        journals.values().forEach(JobJournal::close);
        LOG.info("aws-batch: {} Batch API requests ({}), {} throttled; {} jobs submitted for {} tasks",
                metrics.totalCalls(), metrics.byAction(), metrics.throttledRequests(), metrics.jobsSubmitted(),
                metrics.tasksSubmitted());
        batch.close();
    }
}
