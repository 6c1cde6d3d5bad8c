package org.wdlbatch.emulator.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.emulator.http.Json;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * Moves jobs through SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING to SUCCEEDED or FAILED, one step per tick
 * (so every state can be observed), starts attempts as local processes within each queue's capacity, applies
 * retry strategies and timeouts, and stops running attempts on TerminateJob and spot reclaims.
 */
public final class JobScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    static final String ESSENTIAL_EXITED = "Essential container in task exited";

    private final BatchState state;
    private final JobLauncher launcher;
    private final EmulatorConfig config;
    private final ScheduledExecutorService ticker;
    private final ExecutorService starter;

    public JobScheduler(BatchState state, JobLauncher launcher) {
        this.state = state;
        this.launcher = launcher;
        this.config = state.config;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "batch-scheduler"));
        this.starter = Executors.newCachedThreadPool(r -> daemon(r, "batch-job-starter"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts ticking every {@code tickMillis}; with 0 the state machine moves only on {@link #tick()}. */
    public void start() {
        if (config.tickMillis <= 0) {
            return;
        }
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.error("scheduler tick failed", e);
            }
        }, config.tickMillis, config.tickMillis, TimeUnit.MILLISECONDS);
    }

    /** One step for every active job. */
    public void tick() {
        long now = System.currentTimeMillis();
        List<Job> toLaunch = new ArrayList<>();
        synchronized (state) {
            Map<String, Integer> busy = new HashMap<>();
            for (Job j : state.active) {
                if (j.status == JobStatus.STARTING || j.status == JobStatus.RUNNING) {
                    busy.merge(j.queueName, 1, Integer::sum);
                }
            }
            for (Job j : new ArrayList<>(state.active)) {
                if (j.isArrayParent()) {
                    stepParent(j, now);
                    continue;
                }
                switch (j.status) {
                    case SUBMITTED:
                        j.status = JobStatus.PENDING;
                        break;
                    case PENDING:
                        stepPending(j, now);
                        break;
                    case RUNNABLE: {
                        EmulatorConfig.Queue q = config.queue(j.queueName);
                        int used = busy.getOrDefault(j.queueName, 0);
                        String blocked = q == null ? null : ComputeFit.blockedReason(j, state.computeEnvironmentsOf(q));
                        if (blocked != null) {
                            j.statusReason = blocked; // stays RUNNABLE, as on AWS
                            j.blockedSince = j.blockedSince == null ? now : j.blockedSince;
                            if (ComputeFit.timeLimitReached(j, q, now, config.timeoutMillisPerSecond)) {
                                j.cancelled = true;
                                finish(j, JobStatus.FAILED, blocked, now);
                            }
                        } else if (q != null && "ENABLED".equals(q.state) && used < q.capacity) {
                            busy.put(j.queueName, used + 1);
                            j.status = JobStatus.STARTING;
                        }
                        break;
                    }
                    case STARTING:
                        if (config.runner.noProcessRunMillis > 0) {
                            startWithoutProcess(j, now);
                        } else if (!j.launching) {
                            j.launching = true;
                            toLaunch.add(j);
                        }
                        break;
                    case RUNNING:
                        if (j.withoutProcess) {
                            stepWithoutProcess(j, now);
                        } else if (j.attemptDurationSeconds != null && j.stopCause == null && now - j.attemptStartedAt
                                > j.attemptDurationSeconds * config.timeoutMillisPerSecond) {
                            stop(j, Job.StopCause.TIMEOUT, "Job attempt duration exceeded timeout");
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        for (Job j : toLaunch) {
            starter.execute(() -> launch(j));
        }
    }

    /** Benchmark mode ({@code runner.noProcessRunMillis}): the attempt runs, with no process behind it. */
    private void startWithoutProcess(Job j, long now) {
        j.withoutProcess = true;
        j.status = JobStatus.RUNNING;
        j.attemptStartedAt = now;
        if (j.startedAt == null) {
            j.startedAt = now;
        }
        String task = Long.toHexString(j.id.hashCode() & 0xffffffffL) + Integer.toHexString(j.attemptNumber());
        j.logStreamName = j.jobDefinitionName + "/default/" + task;
        String cluster = "arn:aws:ecs:" + config.region + ":" + config.accountId;
        j.taskArn = cluster + ":task/" + j.queueName + "/" + task;
        j.containerInstanceArn = cluster + ":container-instance/" + j.queueName + "/" + task;
        j.exitCode = null;
        j.containerReason = null;
    }

    /** Benchmark mode: exit 0 once the run time is over; a stop (terminate, reclaim, timeout) ends it now. */
    private void stepWithoutProcess(Job j, long now) {
        if (j.stopCause != null) {
            processExited(j, 137); // SIGKILL's status: what a container stopped before it exited reports
        } else if (j.attemptDurationSeconds != null
                && now - j.attemptStartedAt > j.attemptDurationSeconds * config.timeoutMillisPerSecond) {
            stop(j, Job.StopCause.TIMEOUT, "Job attempt duration exceeded timeout");
            processExited(j, 137);
        } else if (now - j.attemptStartedAt >= config.runner.noProcessRunMillis) {
            processExited(j, 0);
        }
    }

    private void stepPending(Job j, long now) {
        for (Job.Dependency d : dependencies(j)) {
            Job dep = state.jobs.get(d.jobId());
            if (dep == null) {
                continue;
            }
            if (dep.status == JobStatus.FAILED) {
                finish(j, JobStatus.FAILED, "Dependent Job failed", now);
                return;
            }
            if (dep.status != JobStatus.SUCCEEDED) {
                return;
            }
        }
        j.status = JobStatus.RUNNABLE;
    }

    /** A job's dependencies; an array child inherits its parent's, N_TO_N and SEQUENTIAL resolved per index. */
    private List<Job.Dependency> dependencies(Job j) {
        if (j.parentId == null) {
            return j.dependsOn;
        }
        Job parent = state.jobs.get(j.parentId);
        List<Job.Dependency> out = new ArrayList<>();
        for (Job.Dependency d : parent.dependsOn) {
            if ("SEQUENTIAL".equals(d.type()) && (d.jobId() == null || d.jobId().equals(parent.id))) {
                if (j.arrayIndex > 0) {
                    out.add(new Job.Dependency(parent.id + ":" + (j.arrayIndex - 1), null));
                }
            } else if ("N_TO_N".equals(d.type())) {
                out.add(new Job.Dependency(d.jobId() + ":" + j.arrayIndex, null));
            } else if (d.jobId() != null) {
                out.add(d);
            }
        }
        return out;
    }

    private void stepParent(Job p, long now) {
        if (p.status == JobStatus.SUBMITTED) {
            for (int i = 0; i < p.arraySize; i++) {
                Job c = newChild(p, i, now);
                p.childIds.add(c.id);
                state.add(c);
            }
            p.status = JobStatus.PENDING;
            return;
        }
        Map<JobStatus, Integer> s = state.childSummary(p);
        // the parent stays PENDING while its children run, then takes their outcome
        // (https://docs.aws.amazon.com/batch/latest/userguide/array_jobs.html)
        if (p.startedAt == null && s.get(JobStatus.STARTING) + s.get(JobStatus.RUNNING)
                + s.get(JobStatus.SUCCEEDED) + s.get(JobStatus.FAILED) > 0) {
            p.startedAt = now;
        }
        if (s.get(JobStatus.SUCCEEDED) + s.get(JobStatus.FAILED) == p.arraySize) {
            boolean ok = s.get(JobStatus.FAILED) == 0;
            if (p.startedAt == null) {
                p.startedAt = now;
            }
            finish(p, ok ? JobStatus.SUCCEEDED : JobStatus.FAILED,
                    ok ? null : (p.statusReason != null ? p.statusReason : "Array Child Job failed"), now);
        }
    }

    private Job newChild(Job p, int index, long now) {
        Job c = new Job();
        c.id = p.id + ":" + index;
        c.arn = state.jobArn(c.id);
        c.name = p.name;
        c.queueName = p.queueName;
        c.queueArn = p.queueArn;
        c.jobDefinitionArn = p.jobDefinitionArn;
        c.jobDefinitionName = p.jobDefinitionName;
        c.container = p.container.deepCopy();
        c.containerOverrides = p.containerOverrides;
        c.parameters = p.parameters;
        c.retryStrategy = p.retryStrategy;
        c.attemptDurationSeconds = p.attemptDurationSeconds;
        c.propagateTags = p.propagateTags;
        c.platformCapabilities = p.platformCapabilities;
        c.createdAt = now;
        c.arrayIndex = index;
        c.parentId = p.id;
        return c;
    }

    /** Starts one attempt outside the lock; failures to start are reported as AWS reports them. */
    private void launch(Job j) {
        JobLauncher.Prepared prepared;
        synchronized (state) {
            if (j.status != JobStatus.STARTING) {
                return; // terminated while waiting to start
            }
            prepared = launcher.prepare(j);
            if (prepared.failure() != null) {
                attemptEnded(j, prepared.failure().exitCode(), prepared.failure().reason(),
                        prepared.failure().statusReason(), prepared.failure().exitCode() != null);
                return;
            }
        }
        JobProcess process;
        try {
            process = launcher.start(prepared);
        } catch (Exception e) {
            synchronized (state) {
                attemptEnded(j, null, "CannotStartContainerError: " + e.getMessage(), "Task failed to start", false);
            }
            return;
        }
        synchronized (state) {
            long now = System.currentTimeMillis();
            j.process = process;
            j.status = JobStatus.RUNNING;
            j.attemptStartedAt = now;
            if (j.startedAt == null) {
                j.startedAt = now;
            }
            j.logStreamName = prepared.logStreamName();
            j.taskArn = prepared.taskArn();
            j.containerInstanceArn = prepared.containerInstanceArn();
            j.exitCode = null;
            j.containerReason = null;
            if (j.stopCause != null) {
                process.stop(killGraceMillis());
            }
        }
        process.exit().whenComplete((code, err) -> {
            synchronized (state) {
                processExited(j, err == null ? code : -1);
            }
        });
    }

    private void processExited(Job j, int code) {
        Job.StopCause cause = j.stopCause;
        if (cause == Job.StopCause.SPOT_RECLAIM) {
            attemptEnded(j, null, null, j.stopReason, true);
        } else if (cause == Job.StopCause.TIMEOUT) {
            attemptEnded(j, code, null, j.stopReason, false);
        } else if (cause == Job.StopCause.TERMINATED) {
            attemptEnded(j, code, null, j.stopReason, false);
        } else {
            attemptEnded(j, code, null, ESSENTIAL_EXITED, true);
        }
    }

    /** Records the attempt and decides: SUCCEEDED, FAILED, or back to RUNNABLE for another attempt. */
    private void attemptEnded(Job j, Integer exitCode, String reason, String statusReason, boolean retryable) {
        long now = System.currentTimeMillis();
        ObjectNode a = Json.object();
        ObjectNode c = a.putObject("container");
        if (j.containerInstanceArn != null) c.put("containerInstanceArn", j.containerInstanceArn);
        if (j.taskArn != null) c.put("taskArn", j.taskArn);
        if (exitCode != null) c.put("exitCode", exitCode);
        if (reason != null) c.put("reason", reason);
        if (j.logStreamName != null) c.put("logStreamName", j.logStreamName);
        c.putArray("networkInterfaces");
        boolean ran = j.process != null || j.withoutProcess;
        a.put("startedAt", ran ? j.attemptStartedAt : now);
        a.put("stoppedAt", now);
        a.put("statusReason", statusReason);
        if (ran || reason != null) {
            j.attempts.add(a);
        }
        j.withoutProcess = false;
        j.exitCode = exitCode;
        j.containerReason = reason;
        j.process = null;
        j.launching = false;
        j.stopCause = null;
        j.stopReason = null;
        boolean succeeded = exitCode != null && exitCode == 0 && ESSENTIAL_EXITED.equals(statusReason);
        if (succeeded) {
            finish(j, JobStatus.SUCCEEDED, ESSENTIAL_EXITED, now);
        } else if (retryable && !j.terminated
                && RetryPolicy.shouldRetry(j.retryStrategy, j.attempts.size(), statusReason, reason, exitCode)) {
            j.status = JobStatus.RUNNABLE;
            j.statusReason = statusReason;
        } else {
            finish(j, JobStatus.FAILED, statusReason, now);
        }
    }

    private void finish(Job j, JobStatus status, String reason, long now) {
        j.status = status;
        j.statusReason = reason;
        j.stoppedAt = now;
        state.active.remove(j);
    }

    private void stop(Job j, Job.StopCause cause, String reason) {
        j.stopCause = cause;
        j.stopReason = reason;
        JobProcess p = j.process;
        if (p != null) {
            p.stop(killGraceMillis());
        }
    }

    /**
     * SIGTERM, then SIGKILL this long after, as ECS stops a Batch job's container: TerminateJob "sends a SIGTERM
     * ... followed by a SIGKILL after 30 seconds"
     * (https://docs.aws.amazon.com/batch/latest/APIReference/API_TerminateJob.html), the container's
     * {@code stopTimeout} defaulting to 30 s
     * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html). Scaled like
     * attempt timeouts ({@code timeoutMillisPerSecond}) unless {@code killGraceMillis} is set.
     */
    long killGraceMillis() {
        return config.killGraceMillis >= 0 ? config.killGraceMillis : 30 * config.timeoutMillisPerSecond;
    }

    /**
     * TerminateJob: a queued job fails at once, a starting or running one is stopped (process tree killed) and
     * fails with the reason, never retried. An array parent takes its children with it.
     */
    public boolean terminate(String jobId, String reason) {
        synchronized (state) {
            Job j = state.jobs.get(jobId);
            if (j == null) {
                return false;
            }
            terminate(j, reason, true);
            return true;
        }
    }

    private void terminate(Job j, String reason, boolean stopRunning) {
        long now = System.currentTimeMillis();
        if (j.status.done()) {
            return;
        }
        if (j.isArrayParent()) {
            for (String id : j.childIds) {
                terminate(state.jobs.get(id), reason, stopRunning);
            }
            if (j.status == JobStatus.SUBMITTED || j.childIds.isEmpty()) {
                j.cancelled = !stopRunning;
                j.terminated = stopRunning;
                finish(j, JobStatus.FAILED, reason, now);
            } else {
                j.statusReason = reason;
                j.terminated = stopRunning;
                j.cancelled = !stopRunning;
            }
            return;
        }
        if (j.status.queued()) {
            j.cancelled = !stopRunning;
            j.terminated = stopRunning;
            finish(j, JobStatus.FAILED, reason, now);
        } else if (stopRunning) {
            j.terminated = true;
            stop(j, Job.StopCause.TERMINATED, reason);
        }
    }

    /** CancelJob: only jobs that have not reached STARTING are cancelled; others carry on, as in AWS. */
    public boolean cancel(String jobId, String reason) {
        synchronized (state) {
            Job j = state.jobs.get(jobId);
            if (j == null) {
                return false;
            }
            terminate(j, reason, false);
            return true;
        }
    }

    /**
     * A spot reclaim of the host running this job: the attempt is killed and fails with
     * {@code Host EC2 (instance i-...) terminated.}, which the retry strategy may retry. False when the job is
     * not running.
     */
    public boolean reclaimSpot(String jobId) {
        synchronized (state) {
            Job j = state.jobs.get(jobId);
            if (j == null || (j.status != JobStatus.RUNNING && j.status != JobStatus.STARTING) || j.stopCause != null) {
                return false;
            }
            String instance = String.format("i-%017x", ThreadLocalRandom.current().nextLong() >>> 1).substring(0, 19);
            stop(j, Job.StopCause.SPOT_RECLAIM, "Host EC2 (instance " + instance + ") terminated.");
            return true;
        }
    }

    /** Stops every running process (emulator shutdown). */
    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (state) {
            for (Job j : state.active) {
                if (j.process != null) {
                    j.process.stopNow(0);
                }
            }
        }
        starter.shutdownNow();
    }
}
