package org.wdlbatch.engine;

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
import org.wdlbatch.engine.progress.StatusLine;
import org.wdlbatch.engine.progress.TaskCounts;
import org.wdlbatch.engine.run.CallFailure;
import org.wdlbatch.engine.run.OutputLinks;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.run.RunLogging;
import org.wdlbatch.engine.run.TaskLogWriter;
import org.wdlbatch.engine.rundir.RunDirectory;
import org.wdlbatch.engine.task.TaskCall;
import org.wdlbatch.engine.workflow.WorkflowRun;
import org.wdlbatch.wdl.check.CheckedDocument;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.check.CheckedWorkflow;
import org.wdlbatch.wdl.check.Frontend;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;

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
     */
    public record Request(String wdl, List<String> keyValues, Path inputsJson, String task, Path dir, Path cwd,
            Config config, TaskBackend backend, boolean statusLine, List<String> commandLine,
            List<String> noneInputs, List<String> emptyInputs) {

        public Request(String wdl, List<String> keyValues, Path inputsJson, String task, Path dir, Path cwd,
                Config config, TaskBackend backend, boolean statusLine, List<String> commandLine) {
            this(wdl, keyValues, inputsJson, task, dir, cwd, config, backend, statusLine, commandLine, List.of(),
                    List.of());
        }
    }

    /** Where the run is, and its outputs ({@code wf.out}) or failure. */
    public record Outcome(RunDirectory runDir, Map<String, Value> outputs, CallFailure failure) {

        public boolean succeeded() {
            return failure == null;
        }
    }

    private final AtomicReference<WorkflowRun> active = new AtomicReference<>();
    private final AtomicReference<TaskCall> activeTask = new AtomicReference<>();

    /**
     * Loads, checks and runs. Throws {@link org.wdlbatch.wdl.source.WdlException} or {@link InputException}
     * before anything runs when the WDL or the inputs are wrong.
     */
    public Outcome run(Request req) throws IOException, InterruptedException {
        CheckedDocument doc = new Frontend().check(req.wdl());
        Config config = req.config();
        RunTarget target = RunTarget.of(doc, req.wdl(), req.task());
        String targetName = target.name();
        CheckedWorkflow workflow = target.workflow();
        CheckedTask task = target.task();
        Map<String, Value> inputs = target.runInputs(req.cwd()).parse(req.inputsJson(), req.keyValues(),
                req.noneInputs(), req.emptyInputs());

        RunDirectory runDir = RunDirectory.create(req.dir(), targetName, LocalDateTime.now());
        try (AutoCloseable logging = RunLogging.toFile(runDir.workflowLog(), config.bool("logging", "json"))) {
            LOG.info("run {} of {} in {}", targetName, req.wdl(), runDir.path());
            doc.warnings().forEach(w -> LOG.warn("{}", w.format())); // accepted although the spec forbids it
            writeInputs(runDir, targetName, inputs);
            writeRerun(runDir, req.commandLine());
            // execute writes outputs.json / error.json itself, before the backend closes: closing a stopped
            // backend waits for its jobs' termination requests, and error.json must not wait for them
            Outcome outcome = execute(req, config, runDir, workflow, task, targetName, inputs);
            return outcome;
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

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

    private Outcome execute(Request req, Config config, RunDirectory runDir, CheckedWorkflow workflow,
            CheckedTask task, String targetName, Map<String, Value> inputs) throws InterruptedException, IOException {
        TaskBackend backend = req.backend() != null ? req.backend() : localBackend(config);
        ExecutorService io = Executors.newFixedThreadPool(ioThreads(config, backend), r -> {
            Thread t = new Thread(r, "task-io");
            t.setDaemon(true);
            return t;
        });
        TaskLogWriter taskLogs = new TaskLogWriter();
        TaskCounts counts = new TaskCounts();
        RunContext ctx = new RunContext(runDir, backend,
                new CallCache(runDir.callCacheDir(), FileIdentity.parse(config.string("call_cache", "file_identity")),
                        config.bool("call_cache", "get"), config.bool("call_cache", "put")),
                DownloadCache.fromConfig(runDir.root().resolve("_CACHE").resolve("download"), config),
                counts, io, LOG, taskLogs, config.bool("file_io", "copy_input_files"),
                config.json("task_runtime", "defaults"), new org.wdlbatch.engine.task.TaskDigests(),
                config.decimal("aws", "memory_retry_multiplier"));
        StatusLine status = req.statusLine() ? StatusLine.onStderr(targetName, counts).start() : null;
        try {
            if (workflow != null) {
                int concurrency = config.integer("scheduler", "call_concurrency");
                if (concurrency <= 0) {
                    concurrency = backend.defaultConcurrency();
                }
                WorkflowRun wr = new WorkflowRun(ctx, workflow, inputs, concurrency,
                        config.bool("scheduler", "fail_fast"));
                active.set(wr);
                WorkflowRun.Result r = wr.run();
                return finish(new Outcome(runDir, r.outputs(), r.failure()));
            }
            CompletableFuture<TaskCall.Outcome> done = new CompletableFuture<>();
            TaskCall tc = new TaskCall(ctx, task, CallIdentity.of(task.name(), runDir.runId(), task.name()),
                    "call-" + task.name(), runDir.callDir(task.name()), inputs, done::complete);
            activeTask.set(tc);
            counts.queued();
            counts.started();
            tc.start();
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
            return finish(new Outcome(runDir, outs, o.failure()));
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
        return new LocalBackend(tool);
    }


    private static void writeInputs(RunDirectory runDir, String name, Map<String, Value> inputs) throws IOException {
        ObjectNode json = ValueJson.MAPPER.createObjectNode();
        inputs.forEach((k, v) -> json.set(name + "." + k, ValueJson.toJson(v)));
        Files.writeString(runDir.inputsJson(), ValueJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    private static void writeRerun(RunDirectory runDir, List<String> commandLine) throws IOException {
        if (commandLine == null || commandLine.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("#!/usr/bin/env bash\n# the command that started this run\n");
        sb.append("cd ").append(shellQuote(Path.of("").toAbsolutePath().toString())).append(" && exec");
        for (String a : commandLine) {
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

    private static Outcome finish(Outcome outcome) throws IOException {
        RunDirectory runDir = outcome.runDir();
        if (outcome.succeeded()) {
            ObjectNode json = ValueJson.MAPPER.createObjectNode();
            outcome.outputs().forEach((k, v) -> json.set(k, ValueJson.toJson(v)));
            Files.writeString(runDir.outputsJson(),
                    ValueJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            OutputLinks.write(runDir.outDir(), outcome.outputs());
            LOG.info("done: outputs in {}", runDir.outputsJson());
        } else {
            Files.writeString(runDir.errorJson(), ValueJson.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(outcome.failure().toJson()));
            LOG.error("failed: {} (details in {})", outcome.failure().message(), runDir.errorJson());
        }
        return outcome;
    }
}
