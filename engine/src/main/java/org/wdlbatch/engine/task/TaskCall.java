package org.wdlbatch.engine.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.wdlbatch.engine.backend.CallIdentity;
import org.wdlbatch.engine.backend.TaskResources;
import org.wdlbatch.engine.report.AttemptLedger;
import org.wdlbatch.engine.report.AttemptRecord;
import org.wdlbatch.engine.run.CallFailure;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.run.TaskLog;
import org.wdlbatch.engine.rundir.JobJournal;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.eval.Evaluator;
import org.wdlbatch.wdl.stdlib.LocalFileAccess;
import org.wdlbatch.wdl.values.Value;

/**
 * Runs one call of a task, start to finish, by putting its steps in order: the task directory
 * ({@link CallDirectories}), a resumed run's earlier result ({@link CallResume}), the inputs and private
 * declarations ({@link CallInputs}), the call cache ({@link CallCacheStep}), the input links
 * ({@link InputLinks}), the runtime section ({@link CallRuntime}), the command, then the attempts, handed to an
 * {@link AttemptLoop} (whose {@link AttemptPolicy} owns every retry budget; earlier attempts' files are kept under
 * {@code attempt-<n>/}), and the outputs of the successful attempt ({@link CallOutputs}). A failure leaves its
 * evidence ({@link FailureEvidence}).
 *
 * <p>Nothing here blocks the scheduler: {@link #start} hands the work to the run's I/O pool, the backend calls
 * back when an attempt ends, and {@code onDone} is called exactly once with the outcome.
 */
public final class TaskCall {

    /** The result of a call: its outputs by name, or why it failed. */
    public record Outcome(Map<String, Value> outputs, CallFailure failure, boolean cached) {

        public boolean succeeded() {
            return failure == null;
        }
    }

    private final RunContext ctx;
    private final CheckedTask task;
    private final CallIdentity call;
    private final String callId;
    private final Path dir;
    private final TaskDirectory layout;
    private final Map<String, Value> suppliedInputs;
    private final Consumer<Outcome> onDone;
    private TaskLog log;

    // set while preparing, used by attempts and outputs
    private CallInputs inputs;
    private InputLinks links;
    private CallCacheStep cache;
    private TaskSettings settings;
    private volatile AttemptLoop attempts;
    private volatile boolean terminateRequested;
    /** The call's inputs once evaluated: written to inputs.json only if the call fails (no extra file otherwise). */
    private volatile Map<String, Value> evaluatedInputs;
    private boolean finished;

    /**
     * @param call which call this is (workflow, run, call name, scatter indices), passed on to the backend
     * @param callId the call's id and directory name, e.g. {@code call-align-2}
     * @param inputs the values the call supplies (already coerced to the task's input types)
     */
    public TaskCall(RunContext ctx, CheckedTask task, CallIdentity call, String callId, Path dir,
            Map<String, Value> inputs, Consumer<Outcome> onDone) {
        this.ctx = ctx;
        this.task = task;
        this.call = call;
        this.callId = callId;
        this.dir = dir;
        this.layout = new TaskDirectory(dir);
        this.suppliedInputs = inputs;
        this.onDone = onDone;
    }

    public String id() {
        return callId;
    }

    public Path dir() {
        return dir;
    }

    public void start() {
        ctx.io().execute(this::prepareAndRun);
    }

    /** Stops the call: a running attempt is terminated (its exit then ends the call as Terminated). */
    public void terminate() {
        terminateRequested = true;
        AttemptLoop a = attempts;
        if (a != null) {
            a.terminate();
        }
    }

    // ---- preparation ------------------------------------------------------------------------------------------

    private void prepareAndRun() {
        try {
            CallDirectories.create(dir, layout.work(), ctx.backend().createsWorkDir());
            log = new TaskLog(layout.taskLog(), callId, ctx.log(), ctx.taskLogs());
            log.info("task " + task.name() + " from " + task.document().uri());
            TaskDef def = task.definition();
            PendingLinks pendingLinks = new PendingLinks(new LocalFileAccess(layout.work(), layout.writes(), null,
                    null));
            inputs = new CallInputs(ctx, task, log,
                    new Evaluator(task.document().document().version(), pendingLinks, task.document().structs()));
            links = new InputLinks(ctx, task.name(), call.name(), layout, pendingLinks);
            CallRuntime runtime = new CallRuntime(ctx, log);
            CallResume resume = new CallResume(ctx, task, dir);
            Optional<Map<String, Value>> kept = resume.finishedBefore(log);
            if (kept.isPresent()) {
                log.info("finished before the run was resumed: keeping its outputs.json");
                finish(new Outcome(kept.get(), null, false));
                return;
            }

            inputs.addRunEnvironment();
            Map<String, Value> values = inputs.evaluateInputs(def, suppliedInputs);
            evaluatedInputs = values;
            cache = new CallCacheStep(ctx, task, layout, log, inputs, runtime);
            Optional<Map<String, Value>> cached = cache.lookup(values);
            if (cached.isPresent()) {
                log.info("call cache hit: reusing the outputs of an earlier run");
                AttemptLedger.append(ctx.runDir().path(),
                        AttemptRecord.cacheHit(callId, call.name(), System.currentTimeMillis()));
                finish(new Outcome(cached.get(), null, true));
                return;
            }
            for (Map.Entry<String, Value> e : values.entrySet()) {
                inputs.rebind(e.getKey(), links.link(e.getKey(), e.getValue()));
            }
            inputs.evaluatePrivateDeclarations(def);
            settings = runtime.settings(def, inputs);
            // resume: the job an earlier orchestrator submitted for this call, re-attached instead of submitted
            JobJournal.Job adopt = ctx.resume().job(callId);
            int first = adopt == null ? 1 : adopt.attempt();
            int failedBefore = resume.failedBefore();
            if (failedBefore > 0) {
                // its failure was seen and reported before the resume: a resume runs it again, as a new attempt
                adopt = null;
                layout.archiveAttempt(failedBefore);
                links.relink();
                first = failedBefore + 1;
            }
            if (adopt == null || !Files.exists(layout.command())) {
                // a journaled job already runs this command: rewriting the file under it could disturb bash
                inputs.writeCommand(def, layout.command());
                links.writeLinksForTheTask();
            }
            startAttempts(runtime, first, adopt);
        } catch (EvalException e) {
            fail("EvalError", e.getMessage(), null);
        } catch (InputProblem e) {
            fail("InputError", e.getMessage(), null);
        } catch (IllegalArgumentException e) {
            fail("EvalError", task.name() + ": " + e.getMessage(), null);
        } catch (IOException | UncheckedIOException e) {
            fail("BackendError", "cannot prepare " + dir + ": " + e.getMessage(), null);
        } catch (RuntimeException e) {
            fail("InternalError", e.toString(), null);
        }
    }

    // ---- attempts ---------------------------------------------------------------------------------------------

    /** Runs attempts from number {@code first}, the first one re-attached to {@code adopt} when it is not null. */
    private void startAttempts(CallRuntime runtime, int first, JobJournal.Job adopt) {
        TaskResources resources = runtime.resources(settings);
        AttemptPolicy policy = new AttemptPolicy(settings.maxRetries(), settings.preemptible(), settings::succeeded,
                ctx.backend().hasFallback(), ctx.memoryRetryMultiplier());
        AttemptLoop loop = new AttemptLoop(ctx.backend(), ctx.io(), call, callId, layout, inputs.commandEnv(),
                resources, policy, log, new AttemptLoop.Listener() {
                    @Override
                    public void succeeded(int exitCode) {
                        attemptSucceeded();
                    }

                    @Override
                    public void failed(AttemptPolicy.Fail f) {
                        String message = "CommandFailed".equals(f.kind())
                                ? "task " + task.name() + " " + f.message() + " (see " + layout.stderr() + ")"
                                : f.message();
                        fail(f.kind(), message, f.exitStatus(), f.details());
                    }

                    @Override
                    public void beforeRetry() throws IOException {
                        links.relink();
                    }
                }, new StderrCheck(settings.failOnStderr(), settings::succeeded, layout.stderr()));
        attempts = loop;
        if (terminateRequested) {
            loop.terminate(); // terminate() came before the loop existed: the loop ends the call as Terminated
        }
        loop.start(first, adopt);
    }

    private void attemptSucceeded() {
        try {
            CallOutputs outputs = new CallOutputs(task, layout, inputs, links);
            Map<String, Value> values = outputs.evaluate();
            cache.store(outputs.write(values));
            finish(new Outcome(values, null, false));
        } catch (EvalException e) {
            fail("EvalError", e.getMessage(), null);
        } catch (CallOutputs.OutputProblem e) {
            fail("OutputError", e.getMessage(), null);
        } catch (IOException | RuntimeException e) {
            fail("InternalError", e.toString(), null);
        }
    }

    // ---- the end ----------------------------------------------------------------------------------------------

    private void fail(String kind, String message, Integer exitStatus) {
        fail(kind, message, exitStatus, Map.of());
    }

    private void fail(String kind, String message, Integer exitStatus, Map<String, String> details) {
        if (log != null && ctx.counts().isInterrupted()) {
            log.info("stopped, the run was interrupted (" + kind + ": " + message + ")"); // not the call's failure
        } else if (log != null) {
            log.error(kind + ": " + message);
        }
        AttemptLoop loop = attempts;
        FailureEvidence.write(layout, log, evaluatedInputs, loop == null ? 0 : loop.lastStarted(), kind);
        finish(new Outcome(Map.of(), new CallFailure(kind, callId, message, exitStatus, dir, details), false));
    }

    private synchronized void finish(Outcome outcome) {
        if (finished) {
            return;
        }
        finished = true;
        if (log != null) {
            log.close();
        }
        onDone.accept(outcome);
    }
}
