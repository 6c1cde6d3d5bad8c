package org.wdlbatch.engine.task;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executor;
import org.wdlbatch.engine.backend.CallIdentity;
import org.wdlbatch.engine.backend.TaskAttempt;
import org.wdlbatch.engine.backend.TaskBackend;
import org.wdlbatch.engine.backend.TaskExit;
import org.wdlbatch.engine.backend.TaskResources;
import org.wdlbatch.engine.report.AttemptLedger;
import org.wdlbatch.engine.report.AttemptRecord;
import org.wdlbatch.engine.report.Usage;
import org.wdlbatch.engine.rundir.JobJournal;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.wdlbatch.engine.run.TaskLog;

/**
 * Runs a prepared call's attempts on the backend until one succeeds or the {@link AttemptPolicy} gives up. Before
 * each retry the earlier attempt's files move under {@code attempt-<n>/} ({@link TaskDirectory#archiveAttempt})
 * and the call prepares {@code work/} again, so every attempt starts clean, whichever budget pays for it.
 *
 * <p>Nothing here blocks: the backend calls back when an attempt ends and the decision is taken on {@code io}.
 */
final class AttemptLoop {

    /** What the call does at the ends of the loop and between attempts. */
    interface Listener {

        /** The attempt that just ended succeeded; its files are in the task directory. */
        void succeeded(int exitCode);

        /** The call failed (its last attempt's files are in the task directory). */
        void failed(AttemptPolicy.Fail failure);

        /** The earlier attempt's files are archived: make {@code work/} and link the inputs again. */
        void beforeRetry() throws IOException;
    }

    private final TaskBackend backend;
    private final Executor io;
    private final CallIdentity call;
    private final String callId;
    private final TaskDirectory dir;
    private final Map<String, String> env;
    private final TaskResources resources;
    private final AttemptPolicy policy;
    private final TaskLog log;
    private final Listener listener;
    /** {@code failOnStderr}: what a successful exit that wrote to stderr means, before the policy decides. */
    private final StderrCheck stderrCheck;
    private volatile TaskAttempt current;
    private volatile boolean terminateRequested;
    /** Resume: the job of the first attempt, submitted by an earlier orchestrator; re-attached, not submitted. */
    private JobJournal.Job adopt;
    private volatile int lastStarted;
    /** When the current attempt was handed to the backend (epoch milliseconds), for the run's report. */
    private volatile long submittedAt;

    AttemptLoop(TaskBackend backend, Executor io, CallIdentity call, String callId, TaskDirectory dir,
            Map<String, String> env, TaskResources resources, AttemptPolicy policy, TaskLog log, Listener listener,
            StderrCheck stderrCheck) {
        this.backend = backend;
        this.io = io;
        this.call = call;
        this.callId = callId;
        this.dir = dir;
        this.env = Map.copyOf(env);
        this.resources = resources;
        this.policy = policy;
        this.log = log;
        this.listener = listener;
        this.stderrCheck = stderrCheck;
    }

    /**
     * Runs attempts from number {@code first} (1 for a new call; a resumed call goes on from its journaled or next
     * attempt, with the budgets of a new call), re-attaching the first one to {@code adopt} when it names a job.
     */
    void start(int first, JobJournal.Job adopt) {
        policy.resumeAt(first);
        this.adopt = adopt;
        run();
    }

    /** The number of the attempt started last, 0 before the first. */
    int lastStarted() {
        return lastStarted;
    }

    /** Stops the call: a running attempt is terminated (its exit then ends the call as Terminated). */
    void terminate() {
        terminateRequested = true;
        TaskAttempt a = current;
        if (a != null) {
            backend.terminate(a);
        }
    }

    private void run() {
        if (terminateRequested) {
            listener.failed(new AttemptPolicy.Fail("Terminated", "terminated before it started", null, Map.of()));
            return;
        }
        int number = policy.number();
        TaskAttempt attempt = new TaskAttempt(number == 1 ? callId : callId + "#" + number, call, number, dir.path(),
                env, resources, policy.placement(), log::info);
        current = attempt;
        lastStarted = number;
        submittedAt = System.currentTimeMillis();
        java.util.function.Consumer<TaskExit> onExit = exit -> io.execute(() -> ended(attempt, exit));
        JobJournal.Job known = adopt;
        adopt = null;
        if (known != null && known.attempt() == number && backend.adopt(attempt, known.jobId(), onExit)) {
            log.info("attempt " + number + " re-attached to job " + known.jobId() + " on " + backend.name()
                    + " (submitted before the run was resumed)");
        } else {
            log.info("attempt " + number + " starting on " + backend.name()
                    + (attempt.placement().fallback() ? " (fallback)" : ""));
            backend.start(attempt, onExit);
        }
        if (terminateRequested) {
            backend.terminate(attempt); // terminate() ran between the check above and current being set
        }
    }

    /** One line in the run's attempt ledger, before the attempt's files may move aside for a retry. */
    private void record(TaskAttempt attempt, TaskExit exit, AttemptPolicy.Decision d) {
        String outcome = d instanceof AttemptPolicy.Succeed ? AttemptRecord.SUCCEEDED
                : d instanceof AttemptPolicy.Retry ? AttemptRecord.RETRIED
                : exit.kind() == TaskExit.Kind.TERMINATED ? AttemptRecord.TERMINATED : AttemptRecord.FAILED;
        AttemptLedger.append(runDir(), AttemptRecord.of(callId, call.name(), attempt.number(), outcome, exit,
                resources.cpu(), Math.round(resources.memoryBytes() * attempt.placement().memoryFactor()),
                attempt.placement().fallback(), submittedAt, System.currentTimeMillis(), Usage.read(dir.usage())));
    }

    /** The run directory: the task directory less the call id (its path relative to the run directory). */
    private java.nio.file.Path runDir() {
        java.nio.file.Path p = dir.path();
        for (int i = java.nio.file.Path.of(callId).getNameCount(); i > 0 && p.getParent() != null; i--) {
            p = p.getParent();
        }
        return p;
    }

    private void ended(TaskAttempt attempt, TaskExit exit) {
        current = null;
        TaskExit checked = stderrCheck.apply(exit);
        AttemptPolicy.Decision d = policy.decide(checked, terminateRequested);
        record(attempt, checked, d);
        if (d instanceof AttemptPolicy.Succeed s) {
            log.info("attempt " + attempt.number() + " succeeded (exit status " + s.exitCode() + ")");
            listener.succeeded(s.exitCode());
        } else if (d instanceof AttemptPolicy.Fail f) {
            listener.failed(f);
        } else if (d instanceof AttemptPolicy.Retry r) {
            log.warn(r.why());
            try {
                dir.archiveAttempt(attempt.number());
                listener.beforeRetry();
            } catch (IOException | RuntimeException e) {
                listener.failed(new AttemptPolicy.Fail("InternalError", "cannot set attempt " + attempt.number()
                        + " aside in " + dir.path() + ": " + e, null, exit.details()));
                return;
            }
            run();
        }
    }
}
