package org.wdlbatch.orchestrator.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.backend.TaskAttempt;
import org.wdlbatch.engine.backend.TaskBackend;
import org.wdlbatch.engine.backend.TaskExit;
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
    /**
     * How long after a stop began the orchestrator goes on sending TerminateJob requests: AWS sends SIGKILL 30 s
     * after SIGTERM, and the upload, error.json and the end-of-log line need the rest.
     */
    static final long STOP_SEND_MILLIS = 20_000;

    private final BatchSettings settings;
    private final BatchClient batch;
    private final BatchMetrics metrics = new BatchMetrics();
    private final JobDefinitions jobDefs;
    private final JobSubmitter submitter;
    private final Coalescer coalescer;
    private final Poller poller;
    private final Terminator terminator;
    private final JobShapes shapes;
    private final JobConclusions conclusions;
    private final RunDirectories runDirs;
    private final RetryWaits retryWaits;
    private final BatchCalls calls;
    private final Object stopLock = new Object();
    /** Set once the run stops (SIGTERM, Ctrl-C, fail-fast); nothing is submitted after that. */
    private volatile StopSequence stop;
    /** Ended jobs are concluded here, off the poller's thread (reading rc and stderr, writing the job's detail). */
    private final ExecutorService completions = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "batch-complete");
        t.setDaemon(true);
        return t;
    });

    private final ActiveJobs jobs = new ActiveJobs();
    private volatile boolean closed;
    /** Resume: re-attaches jobs of an earlier orchestrator of the run. */
    private final Adopter adopter;

    /**
     * @param settings checked settings with the task queue and file system resolved ({@link BatchBackendFactory})
     * @param runsRoot the folder run directories are created in ({@code --dir}), under {@code [file_io] root}
     */
    public AwsBatchBackend(BatchSettings settings, Path runsRoot, BatchClient batch) {
        this.settings = settings;
        this.batch = batch;
        this.calls = new BatchCalls(new ApiBudget(settings.apiRate()), metrics);
        this.adopter = new Adopter(this, batch, calls);
        this.jobDefs = new JobDefinitions(batch, calls);
        // 16 requests in flight: at 48 requests/s the rate holds while SubmitJob answers within 330 ms
        this.submitter = new JobSubmitter(this, batch, calls, jobDefs, metrics, 16);
        this.coalescer = new Coalescer(submitter, settings.arrayWindowMillis());
        this.poller = new Poller(this, jobs, batch, calls, settings.describePeriodSeconds(),
                settings.runnableTimeoutSeconds());
        this.terminator = new Terminator(batch, calls);
        this.shapes = new JobShapes(settings, new TaskQueueOverrides(batch, calls));
        this.conclusions = new JobConclusions(new JobExits(settings.memoryRetryErrorKeys()), metrics);
        this.runDirs = new RunDirectories(runsRoot);
        this.retryWaits = new RetryWaits(settings.retryWaitSeconds(), submitter::single);
        poller.start();
        terminator.start();
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
        return java.util.Optional.of(JobStates.of(jobs.live(), metrics));
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

    /** Read by {@link JobShapes}. */
    @Override
    public Set<String> runtimeKeys() {
        return JobShapes.RUNTIME_KEYS;
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
        literalRuntime.forEach(shapes::checkLiterals);
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
            shape = shapes.of(attempt);
        } catch (IOException | RuntimeException e) {
            onExit.accept(TaskExit.failedToRun("cannot prepare the Batch job: " + e.getMessage()));
            return;
        }
        TaskJob job = new TaskJob(attempt, onExit, shape);
        runDirs.started(attempt);
        jobs.add(job);
        if (stop != null) {
            end(job, TaskExit.terminated()); // the run stopped while this attempt was being prepared
            return;
        }
        if (attempt.number() > 1) {
            retryWaits.submit(job);
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
            shape = shapes.of(attempt);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        TaskJob job = new TaskJob(attempt, onExit, shape);
        job.jobId = jobId;
        job.adopted = true;
        jobs.add(job);
        adopter.add(job);
        return true;
    }

    /** Batch knows the adopted job: from now on the poller watches it (and it may have ended already). */
    void adopted(TaskJob job, JobDetail d) {
        job.attempt.note().accept("re-attached to AWS Batch job " + d.jobId() + " (" + d.statusAsString() + ")");
        jobs.watchSingle(job);
        if (job.terminateRequested) {
            terminator.request(job);
        }
        poller.single(d);
    }

    /** Batch no longer knows the adopted job: the attempt is submitted again (as a single job). */
    void unknownToBatch(TaskJob job) {
        job.attempt.note().accept("AWS Batch no longer knows job " + job.jobId + " (ended too long ago?): submitting"
                + " attempt " + job.attempt.number() + " again");
        job.jobId = null;
        submitter.single(job);
    }

    /** Where the wrapper looks for the run's stop ({@link RunDirectories#stopFile}). */
    Path stopFile(TaskAttempt attempt) {
        return runDirs.stopFile(attempt);
    }

    // ---- submitted, ended -------------------------------------------------------------------------------------

    void submitted(TaskJob job) {
        runDirs.journal(job); // first: a job submitted is a job to account for, on resume too, even if the run stopped
        StopSequence s = stop;
        if (s != null) {
            s.late(job.jobId); // its SubmitJob answered after the stop
            return;
        }
        jobs.watchSingle(job);
        if (job.terminateRequested) {
            terminator.request(job);
        }
    }

    void submitted(ArrayJob array) {
        runDirs.journal(array);
        StopSequence s = stop;
        if (s != null) {
            array.terminateSent = true;
            s.late(array.id); // its SubmitJob answered after the stop
            return;
        }
        jobs.watchArray(array);
        for (TaskJob c : array.children) {
            if (c.terminateRequested) {
                terminator.request(c);
            }
        }
    }

    int submitBacklog() {
        return submitter.backlog() + coalescer.waiting();
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

    /** {@link JobConclusions} says what the end means; acting on it needs the jobs in flight and the submitter. */
    private void conclude(TaskJob job, JobEnd end) {
        JobConclusions.Conclusion c = conclusions.of(job, end);
        if (c instanceof JobConclusions.Exit x) {
            end(job, x.exit());
        } else if (c instanceof JobConclusions.SubmitAgain) {
            TaskJob again = new TaskJob(job.attempt, job.onExit, job.shape);
            if (job.markEnded()) {
                jobs.replace(job, again);
                submitter.single(again);
            }
        }
    }

    /** Reports the attempt's exit, once. */
    void end(TaskJob job, TaskExit exit) {
        if (!job.markEnded()) {
            return;
        }
        jobs.remove(job);
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
        TaskJob job = jobs.ofAttempt(attempt.id());
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
        if (retryWaits.cancel(job)) {
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
        runDirs.markStopped();
        submitter.stop();
        coalescer.discard();
        retryWaits.dropAll();
        poller.stop();
        List<TaskJob> all = new ArrayList<>(jobs.live());
        StopSequence.Queued q = s.terminateJobs(jobs.arrays(), all);
        LOG.info("stopping: {} task jobs to terminate ({} array jobs, {} single jobs), {} submissions dropped",
                q.arrays() + q.singles(), q.arrays(), q.singles(), all.stream().filter(j -> j.jobId == null).count());
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
        if (!jobs.isEmpty()) {
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
        retryWaits.dropAll();
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
        runDirs.close();
        LOG.info("aws-batch: {} Batch API requests ({}), {} throttled; {} jobs submitted for {} tasks",
                metrics.totalCalls(), metrics.byAction(), metrics.throttledRequests(), metrics.jobsSubmitted(),
                metrics.tasksSubmitted());
        batch.close();
    }
}
