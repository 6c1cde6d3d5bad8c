package org.wdlbatch.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.backend.CallIdentity;
import org.wdlbatch.engine.backend.ContainerCommand;
import org.wdlbatch.engine.backend.LocalBackend;
import org.wdlbatch.engine.backend.TaskBackend;
import org.wdlbatch.engine.cache.CallCache;
import org.wdlbatch.engine.cache.FileIdentity;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.download.DownloadCache;
import org.wdlbatch.engine.inputs.InputException;
import org.wdlbatch.engine.inputs.RunTarget;
import org.wdlbatch.engine.progress.Display;
import org.wdlbatch.engine.progress.StatusLine;
import org.wdlbatch.engine.progress.TaskCounts;
import org.wdlbatch.engine.run.CallFailure;
import org.wdlbatch.engine.run.OutputLinks;
import org.wdlbatch.engine.report.AttemptLedger;
import org.wdlbatch.engine.report.RunReport;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.run.RunLogging;
import org.wdlbatch.engine.run.TaskLogWriter;
import org.wdlbatch.engine.rundir.ResumeState;
import org.wdlbatch.engine.rundir.RunDirectory;
import org.wdlbatch.engine.rundir.RunRecord;
import org.wdlbatch.engine.rundir.RerunCommand;
import org.wdlbatch.engine.task.TaskCall;
import org.wdlbatch.engine.workflow.WorkflowRun;
import org.wdlbatch.wdl.check.CheckedDocument;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.check.CheckedWorkflow;
import org.wdlbatch.wdl.check.Frontend;
import org.wdlbatch.wdl.check.TypeChecker;
import org.wdlbatch.wdl.bundle.BundleWriter;
import org.wdlbatch.wdl.load.BundleArchive;
import org.wdlbatch.wdl.load.DocumentGraph;
import org.wdlbatch.wdl.load.SourceLocation;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.json.JsonText;

/**
 * Runs a WDL workflow (or one task) end to end: type-check, validate inputs, create the run directory, schedule
 * the calls on a backend, and write {@code inputs.json}, {@code outputs.json} / {@code error.json}, {@code out/}
 * and {@code rerun}. The {@code wdlbatch run} command and the AWS orchestrator both go through here.
 */
public final class Runner {

    private static final Logger LOG = LoggerFactory.getLogger("wdlbatch");

    /**
     * @param wdl the main WDL file (path, URL or bundle zip)
     * @param task run this task alone instead of the workflow, or null
     * @param dir the folder run directories are created in
     * @param cwd the folder relative input paths are relative to
     * @param backend where tasks run; null means the local backend per configuration
     * @param commandLine the command line, for the {@code rerun} script
     * @param noneInputs inputs set explicitly to None ({@code --none}), overriding their defaults
     * @param emptyInputs String inputs set to "" and Array inputs to [] ({@code --empty})
     * @param onRunDirectory told the run directory as soon as it exists (a workflow job records it for its
     *     retries), or null
     */
    public record Request(String wdl, List<String> keyValues, Path inputsJson, String task, Path dir, Path cwd,
            Config config, TaskBackend backend, boolean statusLine, List<String> commandLine,
            List<String> noneInputs, List<String> emptyInputs, Consumer<RunDirectory> onRunDirectory,
            List<Path> importPath) {

        public Request {
            importPath = importPath == null ? List.of() : List.copyOf(importPath);
        }

        public Request(String wdl, List<String> keyValues, Path inputsJson, String task, Path dir, Path cwd,
                Config config, TaskBackend backend, boolean statusLine, List<String> commandLine,
                List<String> noneInputs, List<String> emptyInputs, Consumer<RunDirectory> onRunDirectory) {
            this(wdl, keyValues, inputsJson, task, dir, cwd, config, backend, statusLine, commandLine, noneInputs,
                    emptyInputs, onRunDirectory, List.of());
        }

        public Request(String wdl, List<String> keyValues, Path inputsJson, String task, Path dir, Path cwd,
                Config config, TaskBackend backend, boolean statusLine, List<String> commandLine) {
            this(wdl, keyValues, inputsJson, task, dir, cwd, config, backend, statusLine, commandLine, List.of(),
                    List.of());
        }

        public Request(String wdl, List<String> keyValues, Path inputsJson, String task, Path dir, Path cwd,
                Config config, TaskBackend backend, boolean statusLine, List<String> commandLine,
                List<String> noneInputs, List<String> emptyInputs) {
            this(wdl, keyValues, inputsJson, task, dir, cwd, config, backend, statusLine, commandLine, noneInputs,
                    emptyInputs, null);
        }
    }

    /**
     * {@code --resume RUN_DIR}: continue that run in place with the WDL it kept and its {@code inputs.json}.
     *
     * @param runDir the run directory to continue
     * @param backend where tasks run; null means the local backend per configuration
     */
    public record ResumeRequest(Path runDir, Config config, TaskBackend backend, boolean statusLine) {}

    /** Where the run is, and its outputs ({@code wf.out}) or failure. */
    public record Outcome(RunDirectory runDir, Map<String, Value> outputs, CallFailure failure) {

        public boolean succeeded() {
            return failure == null;
        }
    }

    private final AtomicReference<WorkflowRun> active = new AtomicReference<>();
    private final AtomicReference<TaskCall> activeTask = new AtomicReference<>();
    private final AtomicReference<TaskCounts> activeCounts = new AtomicReference<>();
    /** Set by {@link #interrupt}: the run ends as interrupted whatever its calls report as they are stopped. */
    private volatile String interruption;
    private final boolean noColor;

    public Runner() {
        this(false);
    }

    /** @param noColor no ANSI colours in the status line ({@code --no-color}; NO_COLOR is honoured anyway) */
    public Runner(boolean noColor) {
        this.noColor = noColor;
    }

    /**
     * Loads, checks and runs. Throws {@link org.wdlbatch.wdl.source.WdlException} or {@link InputException}
     * before anything runs when the WDL or the inputs are wrong.
     */
    public Outcome run(Request req) throws IOException, InterruptedException {
        DocumentGraph graph = new Frontend(req.importPath()).load(req.wdl());
        CheckedDocument doc = TypeChecker.check(graph);
        RunTarget t = RunTarget.of(doc, req.wdl(), req.task());
        Map<String, Value> inputs = t.runInputs(req.cwd()).parse(req.inputsJson(), req.keyValues(),
                req.noneInputs(), req.emptyInputs());
        if (req.backend() != null) {
            try {
                req.backend().checkBeforeRun(org.wdlbatch.engine.task.LiteralRuntime.of(doc));
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage()); // before the run directory: nothing made, nothing paid
            }
        }
        RunDirectory runDir = RunDirectory.create(req.dir(), t.name(), LocalDateTime.now());
        if (req.onRunDirectory() != null) {
            req.onRunDirectory().accept(runDir);
        }
        return logged(runDir, req.config(), () -> {
            LOG.info("run {} of {} in {}", t.name(), req.wdl(), runDir.path());
            doc.warnings().forEach(w -> LOG.warn("{}", w.format())); // accepted although the spec forbids it
            writeInputs(runDir, t.name(), inputs);
            RunRecord record = keepWdl(runDir, req.wdl(), graph, req.task());
            writeRerun(runDir, req.commandLine(), record);
            return execute(req.backend(), req.config(), req.statusLine(), runDir, t, inputs, ResumeState.NONE);
        });
    }

    /**
     * Continues a run in place: calls that finished keep their outputs, calls with a journaled job are re-attached
     * to it (the backend adopts the job), the rest run. Throws {@link InputException} when the directory is not a
     * run directory that can be resumed.
     */
    public Outcome resume(ResumeRequest req) throws IOException, InterruptedException {
        Path path = req.runDir().toAbsolutePath().normalize();
        RunRecord record;
        try {
            record = RunRecord.read(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException("--resume " + req.runDir() + ": not a run directory that can be resumed (no "
                    + RunRecord.FILE + "; it was made by an older wdlbatch, or is not a run directory)");
        }
        String source = record.source(path);
        RunTarget t = RunTarget.of(new Frontend().check(source), source, record.task());
        // inputs.json holds every input the run had, checked and with absolute file paths
        Map<String, Value> inputs = t.runInputs(path).parse(path.resolve("inputs.json"), List.of());
        RunDirectory runDir = RunDirectory.open(path);
        return logged(runDir, req.config(), () -> {
            ResumeState resume = ResumeState.of(path);
            // the stop marker of the run that died would make every task job exit at once; its end files are stale
            for (String stale : List.of(".stopped", "error.json", "outputs.json")) {
                Files.deleteIfExists(path.resolve(stale));
            }
            LOG.info("resuming {} of {} in {} ({} calls with a journaled job)", t.name(), source, path,
                    resume.journaledCalls());
            return execute(req.backend(), req.config(), req.statusLine(), runDir, t, inputs, resume);
        });
    }

    /** The body of a run, between its log file's opening and {@link #finish}. */
    private interface RunBody {
        Outcome run() throws Exception;
    }

    /** Runs {@code body} with the run's {@code workflow.log} open; the body writes the outputs or the error. */
    private Outcome logged(RunDirectory runDir, Config config, RunBody body)
            throws IOException, InterruptedException {
        long started = System.currentTimeMillis();
        String status = "failed";
        try (AutoCloseable logging = RunLogging.toFile(runDir.workflowLog(), config.bool("logging", "json"))) {
            // execute writes outputs.json / error.json itself, before the backend closes: closing a stopped
            // backend waits for its jobs' termination requests, and error.json must not wait for them
            try {
                Outcome outcome = body.run();
                status = outcome.succeeded() ? "succeeded" : "failed";
                return outcome;
            } finally {
                // trace.tsv and report.html at the end of every run, success or not (before any upload)
                AttemptLedger.runEnded(runDir.path(), status, started, System.currentTimeMillis());
                RunReport.writeQuietly(runDir.path(), config);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }


    /**
     * Ctrl-C: the run stops as {@link #abort} stops it, and ends as interrupted ({@code error.json} of kind
     * {@value #INTERRUPTED}): the calls it stops are counted as stopped, not failed, and none of their exits
     * becomes the run's failure.
     */
    public void interrupt(String reason) {
        interruption = reason;
        TaskCounts c = activeCounts.get();
        if (c != null) {
            c.interrupted();
        }
        LOG.warn("interrupted ({}): stopping the running tasks", reason);
        abort(reason);
    }

    /** The kind of {@link CallFailure} an interrupted run ends with. */
    public static final String INTERRUPTED = "Interrupted";

    /** Stops a run in progress (Ctrl-C, SIGTERM): running tasks are terminated and the run ends as failed. */
    public void abort(String reason) {
        WorkflowRun wr = active.get();
        if (wr != null) {
            wr.abort(reason);
        }
        TaskCall tc = activeTask.get();
        if (tc != null) {
            tc.terminate();
        }
    }

    private Outcome execute(TaskBackend given, Config config, boolean statusLine, RunDirectory runDir, RunTarget target,
            Map<String, Value> inputs, ResumeState resume) throws InterruptedException, IOException {
        CheckedWorkflow workflow = target.workflow();
        CheckedTask task = target.task();
        String targetName = target.name();
        TaskBackend backend = given != null ? given : localBackend(config);
        ExecutorService io = Executors.newFixedThreadPool(ioThreads(config, backend), r -> {
            Thread t = new Thread(r, "task-io");
            t.setDaemon(true);
            return t;
        });
        TaskLogWriter taskLogs = new TaskLogWriter();
        TaskCounts counts = new TaskCounts();
        activeCounts.set(counts);
        if (interruption != null) {
            counts.interrupted();
        }
        RunContext ctx = new RunContext(runDir, backend,
                new CallCache(runDir.callCacheDir(), FileIdentity.parse(config.string("call_cache", "file_identity")),
                        config.bool("call_cache", "get"), config.bool("call_cache", "put")),
                DownloadCache.fromConfig(runDir.root().resolve("_CACHE").resolve("download"), config),
                counts, io, LOG, taskLogs, config.bool("file_io", "copy_input_files"),
                config.json("task_runtime", "defaults"), new org.wdlbatch.engine.task.TaskDigests(),
                config.decimal("aws", "memory_retry_multiplier"), resume,
                org.wdlbatch.engine.task.TaskOptions.fromConfig(config, System.getenv()), imageDigests(config, backend, runDir.path()));
        StatusLine status = statusLine ? StatusLine.on(Display.detect(noColor, System.getenv()), targetName, counts,
                backend::states).start() : null;
        try {
            if (workflow != null) {
                int concurrency = config.integer("scheduler", "call_concurrency");
                if (concurrency <= 0) {
                    concurrency = backend.defaultConcurrency();
                }
                WorkflowRun wr = new WorkflowRun(ctx, workflow, inputs, concurrency,
                        config.bool("scheduler", "fail_fast"));
                active.set(wr);
                if (interruption != null) {
                    wr.abort(interruption); // Ctrl-C came while the run was being set up
                }
                WorkflowRun.Result r = wr.run();
                return finish(interrupted(new Outcome(runDir, r.outputs(), r.failure())));
            }
            CompletableFuture<TaskCall.Outcome> done = new CompletableFuture<>();
            TaskCall tc = new TaskCall(ctx, task, CallIdentity.of(task.name(), runDir.runId(), task.name()),
                    "call-" + task.name(), runDir.callDir(task.name()), inputs, done::complete);
            activeTask.set(tc);
            counts.queued();
            counts.started();
            tc.start();
            if (interruption != null) {
                tc.terminate(); // Ctrl-C came while the run was being set up
            }
            TaskCall.Outcome o;
            try {
                o = done.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            if (o.succeeded()) {
                if (o.cached()) {
                    counts.cacheHit();
                } else {
                    counts.succeeded();
                }
            } else {
                counts.failed();
            }
            Map<String, Value> outs = new LinkedHashMap<>();
            o.outputs().forEach((k, v) -> outs.put(task.name() + "." + k, v));
            return finish(interrupted(new Outcome(runDir, outs, o.failure())));
        } finally {
            if (status != null) {
                status.close();
            }
            io.shutdown();
            backend.close();
            taskLogs.close();
        }
    }

    /**
     * Threads that prepare calls and collect their outputs: {@code [file_io] io_threads}, or when that is 0 what the
     * backend asks for (their work is mostly waiting on the file system, not computing).
     */
    private static int ioThreads(Config config, TaskBackend backend) {
        int n = config.integer("file_io", "io_threads");
        return n > 0 ? n : backend.ioThreads();
    }

    /** The run's image digest resolver ({@code [call_cache] image_digests}), asking where the backend says. */
    private static org.wdlbatch.engine.image.ImageDigests imageDigests(Config config, TaskBackend backend,
            Path runDir) {
        if (!config.bool("call_cache", "image_digests")
                || !config.bool("call_cache", "get") && !config.bool("call_cache", "put")) {
            return org.wdlbatch.engine.image.ImageDigests.NONE;
        }
        java.time.Duration timeout = java.time.Duration.ofMillis(
                (long) (config.decimal("call_cache", "image_digest_timeout") * 1000));
        return new org.wdlbatch.engine.image.ImageDigests(backend.imageDigestLookups(timeout),
                r -> org.wdlbatch.engine.report.AttemptLedger.imageResolved(runDir,
                        new org.wdlbatch.engine.report.AttemptLedger.ImageRecord(r.image(), r.digest(), r.source(),
                                r.note())));
    }

    private static TaskBackend localBackend(Config config) {
        String tool = config.string("task_runtime", "container_backend").strip();
        if (tool.equals("host")) {
            return new LocalBackend();
        }
        if (!tool.equals("docker") && !tool.equals("podman")) {
            throw new InputException("[task_runtime] container_backend = '" + tool
                    + "' is not valid; use host, docker or podman");
        }
        if (!ContainerCommand.onPath(tool)) {
            LOG.warn("[task_runtime] container_backend = {} but {} is not installed: running tasks on the host",
                    tool, tool);
            return new LocalBackend();
        }
        return new LocalBackend(tool, config.bool("task_runtime", "as_user") ? ContainerCommand.invokingUser() : null);
    }


    private static void writeInputs(RunDirectory runDir, String name, Map<String, Value> inputs) throws IOException {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        inputs.forEach((k, v) -> json.set(name + "." + k, ValueJson.toJson(v)));
        Files.writeString(runDir.inputsJson(), JsonText.pretty(json));
    }

    /**
     * Keeps the WDL in the run directory ({@value RunRecord#BUNDLE}: the bundle zip as given, or a bundle of the
     * local document and its imports) and records it in {@value RunRecord#FILE}, for {@code --resume} and
     * {@code rerun}. A WDL given by URL is not copied: it is read from its URL again.
     */
    private static RunRecord keepWdl(RunDirectory runDir, String wdl, DocumentGraph graph, String task)
            throws IOException {
        Path bundle = runDir.path().resolve(RunRecord.BUNDLE);
        String kept = null;
        Path local = wdl.contains("://") ? null : Path.of(wdl);
        if (local != null && BundleArchive.looksLikeZip(local)) {
            Files.copy(local, bundle);
            kept = RunRecord.BUNDLE;
        } else if (!(graph.main().location() instanceof SourceLocation.Url)) {
            BundleWriter.write(graph, bundle);
            kept = RunRecord.BUNDLE;
        }
        RunRecord record = new RunRecord(wdl, kept, task);
        record.write(runDir.path());
        return record;
    }

    /**
     * {@code rerun}: starts this run again as a new run, from the WDL kept in the run directory and its
     * {@code inputs.json} (so it works after the original files moved, and for a WDL shipped inside a workflow
     * job's request); the other options as given. The first comment line is the original command.
     */
    private static void writeRerun(RunDirectory runDir, List<String> commandLine, RunRecord record)
            throws IOException {
        if (commandLine == null || commandLine.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("#!/usr/bin/env bash\n# this run started as:");
        for (String a : commandLine) {
            sb.append(' ').append(shellQuote(a));
        }
        sb.append("\n# run it again (a new run directory) from the WDL and inputs.json this run kept:\n");
        sb.append("cd ").append(shellQuote(Path.of("").toAbsolutePath().toString())).append(" && exec");
        for (String a : RerunCommand.of(commandLine, record.source(runDir.path()), runDir.inputsJson())) {
            sb.append(' ').append(shellQuote(a));
        }
        sb.append('\n');
        Files.writeString(runDir.rerunScript(), sb.toString());
        runDir.rerunScript().toFile().setExecutable(true);
    }

    static String shellQuote(String s) {
        if (s.matches("[A-Za-z0-9_./=:@,+-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** An interrupted run ends as interrupted, whichever of its stopped calls reported first. */
    private Outcome interrupted(Outcome outcome) {
        String reason = interruption;
        if (reason == null || outcome.succeeded()) {
            return outcome; // not interrupted, or it finished before the interruption took effect
        }
        return new Outcome(outcome.runDir(), Map.of(), new CallFailure(INTERRUPTED, outcome.failure().call(),
                "interrupted (" + reason + "): the running tasks were stopped", null, null));
    }

    private static Outcome finish(Outcome outcome) throws IOException {
        RunDirectory runDir = outcome.runDir();
        if (outcome.succeeded()) {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            outcome.outputs().forEach((k, v) -> json.set(k, ValueJson.toJson(v)));
            Files.writeString(runDir.outputsJson(),
                    JsonText.pretty(json));
            OutputLinks.write(runDir.outDir(), outcome.outputs());
            LOG.info("done: outputs in {}", runDir.outputsJson());
        } else {
            Files.writeString(runDir.errorJson(), JsonText.pretty(outcome.failure().toJson()));
            if (INTERRUPTED.equals(outcome.failure().kind())) {
                LOG.warn("interrupted: {} (recorded in {})", outcome.failure().message(), runDir.errorJson());
            } else {
                LOG.error("failed: {} (details in {})", outcome.failure().message(), runDir.errorJson());
            }
        }
        return outcome;
    }
}
