package org.wdlbatch.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.engine.backend.TaskBackend;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.config.ConfigException;
import org.wdlbatch.engine.inputs.InputException;
import org.wdlbatch.engine.run.RunLogging;
import org.wdlbatch.orchestrator.batch.BatchBackendFactory;
import org.wdlbatch.orchestrator.batch.BatchConfigException;
import org.wdlbatch.orchestrator.workflowjob.WorkflowJob;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.values.ValueJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.wdlbatch.wdl.json.JsonText;

/**
 * {@code wdlbatch run WDL [key=value ...]}: runs a workflow (or one task with {@code --task}) and prints
 * {@code {"dir": ..., "outputs": {...}}} on stdout. Exit status 0 on success, 2 when the WDL or the inputs are
 * wrong (nothing has run), 1 when the run failed.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Run a WDL workflow (or a single task) on this machine.",
        "",
        "Inputs: key=value (repeat a key for arrays; JSON for compound values) and/or -i inputs.json,",
        "with keys like wf.x or x (and call.x for inputs of calls the workflow leaves open).",
        "On success prints {\"dir\": ..., \"outputs\": {...}} on stdout; File outputs are absolute paths.",
        "Exit status: 0 success, 1 the run failed (see error.json in the run directory), 2 bad WDL or inputs."},
        footer = {"", "Examples:",
                "  wdlbatch run examples/hello.wdl names=Alice names=Bob",
                "  wdlbatch run pipeline.wdl -i inputs.json --dir /data/runs",
                "  wdlbatch run tasks.wdl --task align reads=r1.fq ref=genome.fa"})
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "WDL",
            description = "the WDL file (path, http(s) URL or bundle zip); none with --resume")
    String wdl;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = {
            "continue that run in place: finished calls are kept, task jobs it submitted are re-attached",
            "(never submitted again), the other calls run; with the WDL and inputs the run kept"})
    Path resume;

    @Parameters(index = "1..*", paramLabel = "key=value", description = "inputs")
    List<String> keyValues = new ArrayList<>();

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "inputs JSON file")
    Path inputsJson;

    @Option(names = "--task", paramLabel = "NAME", description = "run this task alone instead of the workflow")
    String task;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", description = "where run directories are created (default: .)")
    Path dir = Path.of(".");

    @Option(names = "--cfg", paramLabel = "FILE", description = "configuration file (over ~/.config/wdlbatch.cfg)")
    Path cfg;

    @Option(names = "--no-cache", description = "neither use nor store call cache entries, and download every"
            + " s3:// and http(s):// input again")
    boolean noCache;

    @Option(names = "--backend", paramLabel = "NAME", description = "where tasks run: local (default) or aws-batch")
    String backend = "local";

    @Option(names = "--copy-input-files", description = "copy input files into task directories instead of linking")
    boolean copyInputFiles;

    @Option(names = "--error-json", description = "on failure, print {\"dir\": ..., \"error\": {...}} on stdout")
    boolean errorJson;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.json", description = "write the JSON result (outputs, or the"
            + " error: implies --error-json) to this file instead of standard output")
    Path outputFile;

    @Option(names = "--none", paramLabel = "KEY", description = "set this optional input to None, overriding its"
            + " default (repeatable)")
    List<String> noneInputs = new ArrayList<>();

    @Option(names = "--empty", paramLabel = "KEY", description = "set this String input to \"\" or Array input to []"
            + " (repeatable)")
    List<String> emptyInputs = new ArrayList<>();

    @Option(names = "--runtime-defaults", paramLabel = "JSON", description = "runtime settings for every task, a JSON"
            + " object or a file holding one, e.g. '{\"maxRetries\": 2}' (over [task_runtime] defaults; a task's own"
            + " runtime section wins)")
    String runtimeDefaults;

    @Option(names = "--log-json", description = "logs as JSON lines, one object per event (workflow.log, the console"
            + " and the workflow job's log; [logging] json)")
    boolean logJson;

    @Option(names = "--no-color", description = "no colours in the status line (as NO_COLOR=1 in the environment)")
    boolean noColor;

    @Option(names = "--env", paramLabel = "KEY[=VALUE]", description = {"set this environment variable in every"
            + " task (repeatable): KEY=VALUE sets it, KEY alone passes this process's value through (when set).",
            "Adds to [task_runtime] env; the values are part of the call cache key"})
    List<String> envVars = new ArrayList<>();

    @Option(names = {"-p", "--path"}, paramLabel = "DIR", description = "also look for imports in this directory"
            + " (repeatable; after the importing file's own directory)")
    List<Path> importPath = new ArrayList<>();

    @Option(names = "--runtime-cpu-max", paramLabel = "N", description = "cap every task's cpu request at N"
            + " ([task_runtime] cpu_max; 0 = no cap)")
    Double runtimeCpuMax;

    @Option(names = "--runtime-memory-max", paramLabel = "SIZE", description = "cap every task's memory request,"
            + " e.g. 16G or '64 GiB' ([task_runtime] memory_max; 0 = no cap)")
    String runtimeMemoryMax;

    @Option(names = "--as-me", description = "run task containers as this user's uid:gid instead of the image's"
            + " user (docker/podman; [task_runtime] as_user). Refused with --backend aws-batch")
    boolean asMe;

    @Option(names = "--copy-input-files-for", paramLabel = "CALL", description = "copy (not link) the input files"
            + " of this call or task (repeatable; [file_io] copy_input_files_for)")
    List<String> copyInputFilesFor = new ArrayList<>();

    @Option(names = "--s3upload", paramLabel = "s3://BUCKET/PREFIX[/]", description = {
            "upload workflow.log, outputs.json (s3:// URIs), out/ files and error.json (with the failed",
            "call's command, task.log, stdout, stderr, inputs.json) to PREFIX/<run name>/: the run directory's",
            "name is always appended, with or without a trailing '/', and an object of another run is never",
            "overwritten; write access is checked first"})
    String s3upload;

    @Option(names = "--delete-after", paramLabel = "success|failure|always",
            description = "delete the run directory when the run ended so, only after every file of the"
                    + " --s3upload is confirmed in S3 (size and checksum)")
    String deleteAfter;

    @picocli.CommandLine.ParentCommand
    WdlbatchMain parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (outputFile == null) {
            return run(spec.commandLine().getOut(), err);
        }
        // -o: the JSON that would go to standard output goes to the file, the error too (as miniwdl does)
        errorJson = true;
        java.io.StringWriter json = new java.io.StringWriter();
        int code;
        try (PrintWriter out = new PrintWriter(json)) {
            code = run(out, err);
        }
        try {
            Files.writeString(outputFile, json.toString());
        } catch (java.io.IOException e) {
            err.println("wdlbatch: cannot write -o " + outputFile + ": " + e.getMessage());
            spec.commandLine().getOut().print(json);
            return code == WdlbatchMain.EXIT_OK ? WdlbatchMain.EXIT_FAILED : code;
        }
        return code;
    }

    private int run(PrintWriter out, PrintWriter err) throws Exception {
        RunLogging.console(parent != null && parent.verbose);
        Config config;
        try {
            Config.Builder b = Config.builder().userFile();
            if (cfg != null) {
                b.file(cfg, true);
            }
            b.environment(System.getenv());
            if (noCache) {
                b.set("call_cache", "get", "false", "--no-cache").set("call_cache", "put", "false", "--no-cache")
                        .set("download", "reuse", "false", "--no-cache");
            }
            if (copyInputFiles) {
                b.set("file_io", "copy_input_files", "true", "--copy-input-files");
            }
            if (logJson) {
                b.set("logging", "json", "true", "--log-json");
            }
            org.wdlbatch.engine.task.TaskOptionFlags.apply(b, envVars, runtimeCpuMax, runtimeMemoryMax, asMe, copyInputFilesFor);
            if (runtimeDefaults != null) {
                String json = runtimeDefaults.strip().startsWith("{") || runtimeDefaults.strip().startsWith("[")
                        ? runtimeDefaults
                        : readFlagFile("--runtime-defaults", Path.of(runtimeDefaults));
                b.mergeObject("task_runtime", "defaults", json, "--runtime-defaults");
            }
            config = b.build();
            org.wdlbatch.engine.download.DownloadCache.checkConfig(config);
            org.wdlbatch.engine.task.TaskOptions.fromConfig(config, System.getenv()); // bad values: before any run
            if (asMe && backend.equals("aws-batch")) {
                throw new ConfigException(org.wdlbatch.engine.task.TaskOptionFlags.AS_ME_ON_BATCH);
            }
        } catch (ConfigException e) {
            return usageError(out, err, e.getMessage());
        }
        if (config.bool("logging", "json")) {
            RunLogging.console(parent != null && parent.verbose, true);
        }
        reportMiniwdlSettings(config);
        if (backend.equals("aws-batch") && config.bool("task_runtime", "as_user")) {
            org.slf4j.LoggerFactory.getLogger("wdlbatch").warn("[task_runtime] as_user ({}) has no effect on AWS"
                    + " Batch: task jobs run as their image's user", config.entry("task_runtime", "as_user").origin());
        }
        WorkflowJob job;
        try {
            job = WorkflowJob.prepare(s3upload, deleteAfter, config, System.getenv());
        } catch (WorkflowJob.UsageException e) {
            return WorkflowJob.endOfLogWithoutRun(System.getenv(), usageError(out, err, e.getMessage()));
        }
        try (job) {
            return runInside(job, out, err, config);
        }
    }

    private static String readFlagFile(String flag, Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new ConfigException(flag + " " + file + ": neither a JSON object nor a readable file ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * miniwdl settings (from its .cfg files or MINIWDL__ variables): what each became at debug level, and the ones
     * without effect in one warning, so a user moving a whole configuration over sees every one of them at once.
     */
    private static void reportMiniwdlSettings(Config config) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("wdlbatch");
        config.translated().forEach(t -> log.debug("miniwdl setting {}", t));
        if (!config.withoutEffect().isEmpty()) {
            log.warn("{} miniwdl setting(s) have no effect here: {}", config.withoutEffect().size(),
                    String.join("; ", config.withoutEffect()));
        }
    }

    /** The run itself, between the workflow job's preparation and its upload and end-of-log marker. */
    private int runInside(WorkflowJob job, PrintWriter out, PrintWriter err, Config config) throws Exception {
        if (!backend.equals("local") && !backend.equals("aws-batch")) {
            return job.finish(null, false, usageError(out, err, "--backend " + backend + ": use local or aws-batch"));
        }
        Path resumeDir = resume != null ? resume : JobRunDirectory.toResume(dir.toAbsolutePath().normalize(),
                System.getenv());
        if (resumeDir != null) {
            return resumeInside(job, out, err, config, resumeDir);
        }
        if (wdl == null) {
            return job.finish(null, false, usageError(out, err, "no WDL given: wdlbatch run WDL [key=value ...], or"
                    + " wdlbatch run --resume RUN_DIR"));
        }
        String wdlToRun;
        try {
            wdlToRun = job.resolveWdl(wdl); // before the backend exists, so a bad WDL leaves nothing to close
        } catch (java.io.IOException e) {
            return job.finish(null, false, usageError(out, err, wdl + ": " + e.getMessage()));
        }
        TaskBackend taskBackend = null;
        if (backend.equals("aws-batch")) {
            try {
                taskBackend = BatchBackendFactory.create(config, dir.toAbsolutePath().normalize());
            } catch (BatchConfigException e) {
                return job.finish(null, false, usageError(out, err, e.getMessage()));
            }
        }
        List<String> commandLine = new ArrayList<>(List.of("wdlbatch"));
        commandLine.addAll(spec.commandLine().getParseResult().originalArgs());
        Runner runner = new Runner(noColor);
        Path runsRoot = dir.toAbsolutePath().normalize();
        Runner.Request req = new Runner.Request(wdlToRun, keyValues, inputsJson, task, runsRoot,
                Path.of("").toAbsolutePath(), config, taskBackend, true, commandLine, noneInputs, emptyInputs,
                rd -> {
                    JobRunDirectory.record(runsRoot, rd.path(), System.getenv());
                    job.started(rd.path());
                },
                importPath.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        return runWithSignals(job, out, err, taskBackend, runner, r -> r.run(req));
    }

    /** {@code --resume RUN_DIR} (or a retried workflow job): continue that run with the WDL and inputs it kept. */
    private int resumeInside(WorkflowJob job, PrintWriter out, PrintWriter err, Config config, Path resumeDir)
            throws Exception {
        if (resume != null && (wdl != null || !keyValues.isEmpty() || inputsJson != null || task != null)) {
            return job.finish(null, false, usageError(out, err, "--resume " + resume + " continues that run with the"
                    + " WDL and inputs it kept: give no WDL, inputs or --task with it"));
        }
        Path runDir = resumeDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(runDir)) {
            return job.finish(null, false, usageError(out, err, "--resume " + resumeDir + ": no such directory"));
        }
        TaskBackend taskBackend = null;
        if (backend.equals("aws-batch")) {
            try {
                // the run's own parent is where its jobs' run directory is found (tags, the stop marker)
                taskBackend = BatchBackendFactory.create(config, runDir.getParent());
            } catch (BatchConfigException e) {
                return job.finish(null, false, usageError(out, err, e.getMessage()));
            }
        }
        Runner runner = new Runner(noColor);
        Runner.ResumeRequest req = new Runner.ResumeRequest(runDir, config, taskBackend, true);
        job.started(runDir);
        return runWithSignals(job, out, err, taskBackend, runner, r -> r.resume(req));
    }

    /** How the run starts: a new run or a resumed one. */
    private interface Start {
        Runner.Outcome start(Runner runner) throws Exception;
    }

    private int runWithSignals(WorkflowJob job, PrintWriter out, PrintWriter err, TaskBackend taskBackend,
            Runner runner, Start start) throws Exception {

        CountDownLatch finished = new CountDownLatch(1);
        int[] exitStatus = {-1};
        Thread hook = new Thread(() -> {
            job.interrupted();
            runner.abort("interrupted (SIGINT/SIGTERM)");
            try {
                // the run ends as failed, then its upload and end-of-log marker happen (Batch allows 30 s)
                if (finished.await(30, TimeUnit.SECONDS) && exitStatus[0] >= 0) {
                    Runtime.getRuntime().halt(exitStatus[0]); // exit with the run's status, not the signal's
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wdlbatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Interrupts interrupts = Interrupts.route(runner, job::interrupted);
        Runner.Outcome[] ran = {null};
        int code = WdlbatchMain.EXIT_FAILED;
        try {
            ran[0] = start.start(runner);
            code = report(ran[0], out, err);
        } catch (WdlException e) {
            Set<String> printed = new LinkedHashSet<>();
            for (Diagnostic d : e.diagnostics()) {
                if (printed.add(d.format())) {
                    err.println(d.format());
                }
            }
            if (errorJson) {
                printErrorJson(out, "WdlError", String.join("\n", printed));
            }
            code = WdlbatchMain.EXIT_USAGE;
        } catch (InputException e) {
            code = usageError(out, err, e.getMessage());
        } catch (java.io.IOException | RuntimeException e) {
            // reported here rather than by WdlbatchMain, so that the end-of-log marker stays the last line
            err.println("wdlbatch: internal error: " + e);
            if (parent != null && parent.verbose) {
                e.printStackTrace(err);
            } else {
                err.println("(run again with --verbose for the stack trace)");
            }
            code = WdlbatchMain.EXIT_FAILED;
        } finally {
            if (taskBackend != null) {
                taskBackend.close(); // when the run never started (bad WDL or inputs); closing twice is harmless
            }
            Runner.Outcome o = ran[0];
            if (interrupts != null) {
                interrupts.close();
            }
            code = job.finish(o == null ? null : o.runDir().path(), o != null && o.succeeded(), code);
            exitStatus[0] = code;
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it waits for the latch counted down above
            }
        }
        return code;
    }

    /** Prints the result ({"dir", "outputs"}, or the failure) and gives the exit status. */
    private int report(Runner.Outcome outcome, PrintWriter out, PrintWriter err) throws Exception {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("dir", outcome.runDir().path().toString());
        if (outcome.succeeded()) {
            ObjectNode outputs = result.putObject("outputs");
            outcome.outputs().forEach((k, v) -> outputs.set(k, ValueJson.toJson(v)));
            out.println(JsonText.pretty(result));
            return WdlbatchMain.EXIT_OK;
        }
        var f = outcome.failure();
        if (Runner.INTERRUPTED.equals(f.kind())) {
            err.println("wdlbatch: interrupted: the running tasks were stopped; run directory "
                    + outcome.runDir().path() + " (error.json records it; --resume continues it)");
            if (errorJson) {
                result.set("error", f.toJson());
                out.println(JsonText.pretty(result));
            }
            return Interrupts.EXIT_INTERRUPTED;
        }
        err.println("wdlbatch: " + f.call() + " failed: " + f.message());
        if (f.dir() != null && Files.exists(f.stderr())) {
            err.println("  stderr: " + f.stderr());
            tail(f.stderr(), 10).forEach(l -> err.println("    " + l));
        }
        err.println("  details: " + outcome.runDir().errorJson());
        if (errorJson) {
            result.set("error", f.toJson());
            out.println(JsonText.pretty(result));
        }
        return WdlbatchMain.EXIT_FAILED;
    }

    private int usageError(PrintWriter out, PrintWriter err, String message) {
        err.println("wdlbatch: " + message);
        if (errorJson) {
            printErrorJson(out, "InputError", message);
        }
        return WdlbatchMain.EXIT_USAGE;
    }

    private static void printErrorJson(PrintWriter out, String kind, String message) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putNull("dir");
        n.putObject("error").put("error", kind).put("message", message);
        out.println(n.toPrettyString());
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (Exception e) {
            return List.of();
        }
    }
}
