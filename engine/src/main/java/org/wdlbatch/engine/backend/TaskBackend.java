package org.wdlbatch.engine.backend;

import java.util.function.Consumer;

/**
 * Where task attempts run: host processes (local), containers, or AWS Batch jobs. Backends never block the
 * scheduler: {@link #start} returns at once and the completion callback is called later from a backend thread;
 * the scheduler's event loop takes it from there (no thread waits per task).
 */
public interface TaskBackend extends AutoCloseable {

    /** Short name used in config and logs: {@code local}, {@code aws-batch}, ... */
    String name();

    /** Starts an attempt; {@code onExit} is called exactly once when it ends, however it ends. */
    void start(TaskAttempt attempt, Consumer<TaskExit> onExit);

    /**
     * Resume: takes over the job an earlier orchestrator of this run submitted for {@code attempt} (its id from the
     * run's job journal) instead of starting a new one, so nothing is paid twice: a job still queued or running is
     * watched to its end, one that ended while nobody watched is collected (its {@code rc} and status read), and
     * {@code onExit} is called exactly once, as for {@link #start}. Returns false when this backend cannot adopt
     * jobs (the caller then starts the attempt afresh); a backend that takes the job but then finds it unknown to
     * its service (expired, never existed) starts the attempt itself.
     */
    default boolean adopt(TaskAttempt attempt, String jobId, Consumer<TaskExit> onExit) {
        return false;
    }

    /**
     * Runtime attributes this backend honours beyond those the engine itself interprets (container, cpu, memory,
     * gpu, maxRetries, returnCodes, preemptible), e.g. AWS Batch's {@code awsBatchRetryAttempts}. A task's other
     * runtime attributes are named in a warning in its task.log, so nothing a pipeline asks for is ignored silently.
     */
    default java.util.Set<String> runtimeKeys() {
        return java.util.Set.of();
    }

    /**
     * Before the run starts (no run directory, nothing submitted): the runtime attributes the document's tasks give
     * as literals (task name → key → String, Boolean, Long or Double), so the backend can refuse now what it would
     * refuse when the call runs, e.g. a job queue that does not exist. Throws {@link IllegalArgumentException}
     * naming the task and the key ({@code wdlbatch run} exits 2 with it).
     */
    default void checkBeforeRun(java.util.Map<String, java.util.Map<String, Object>> literalRuntime) {}

    /** Stops an attempt if it is still running (its {@code onExit} still fires, with a terminated exit). */
    void terminate(TaskAttempt attempt);

    /** Stops every attempt still running; returns when they are stopped or the backend gave up waiting. */
    void terminateAll();

    /**
     * The run is stopping (Ctrl-C, SIGTERM, fail-fast): start nothing more and stop every attempt, beginning now.
     * Must return at once (the scheduler calls it on its event loop, then terminates each running call); each
     * attempt's {@code onExit} still fires, with a terminated exit. The default does nothing: a backend whose
     * {@link #terminate} is immediate needs no more than those per-call requests.
     */
    default void stopping() {}

    /**
     * How many calls may run at once when {@code [scheduler] call_concurrency = 0}: the CPUs of this machine for
     * host processes; backends that run tasks elsewhere (AWS Batch) allow many more.
     */
    default int defaultConcurrency() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Threads for preparing calls and collecting outputs when {@code [file_io] io_threads = 0}. Their work is file
     * system calls; on a network file system each one waits a round trip, so backends on one use more.
     */
    default int ioThreads() {
        return Math.max(4, Runtime.getRuntime().availableProcessors());
    }

    /**
     * True when the backend creates the task's {@code work/} folder itself where the task runs (the aws-batch
     * wrapper does), so the engine need not create it for calls without input files: one file-system create less
     * per call on the orchestrator's critical path.
     */
    default boolean createsWorkDir() {
        return false;
    }

    /**
     * True when the task job links its File inputs itself, from the {@code links} file the engine writes in the
     * task directory ({@link org.wdlbatch.engine.rundir.TaskDirectory#LINKS}; the aws-batch wrapper does): the
     * orchestrator then creates one file per call instead of {@code work/}, {@code work/_inputs/}, a folder per
     * source folder and a link per file before the job is submitted. Directory inputs and copied inputs
     * ({@code copy_input_files}) are still made by the engine.
     */
    default boolean linksInputs() {
        return false;
    }

    /**
     * True when the backend has fallback capacity for attempts that spot reclaims keep taking away (the aws-batch
     * backend's {@code [aws] task_queue_fallback}): the attempt policy then moves a call there once its
     * {@code preemptible} budget is spent ({@link Placement#fallback()}), instead of failing it.
     */
    default boolean hasFallback() {
        return false;
    }

    /**
     * Where the digests of task images are looked up, in order, for the call cache key
     * ({@link org.wdlbatch.engine.image.ImageDigests}); empty when the image does not decide what runs (tasks on
     * the host). {@code timeout} bounds each network request.
     */
    default java.util.List<org.wdlbatch.engine.image.DigestLookup> imageDigestLookups(java.time.Duration timeout) {
        return java.util.List.of();
    }

    /**
     * The calls this backend holds by its own service's states, for the status line; empty when the backend runs
     * a call as soon as it is started (host processes: every started call is running).
     */
    default java.util.Optional<org.wdlbatch.engine.progress.BackendStates> states() {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {
        terminateAll();
    }
}
