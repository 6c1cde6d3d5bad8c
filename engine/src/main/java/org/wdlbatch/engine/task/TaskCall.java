package org.wdlbatch.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.wdlbatch.engine.backend.CallIdentity;
import org.wdlbatch.engine.backend.TaskResources;
import org.wdlbatch.engine.cache.CallCache;
import org.wdlbatch.engine.download.DownloadCache;
import org.wdlbatch.engine.download.DownloadException;
import org.wdlbatch.engine.run.CallFailure;
import org.wdlbatch.engine.run.DeclarationValue;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.run.TaskLog;
import org.wdlbatch.engine.rundir.JobJournal;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.wdlbatch.wdl.ast.ReferencedNames;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.eval.Environment;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.eval.Evaluator;
import org.wdlbatch.wdl.stdlib.LocalFileAccess;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.DirectoryValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.NullValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;

/**
 * Runs one call of a task, start to finish: evaluates its inputs and private declarations, links input files
 * under {@code work/_inputs/}, consults the call cache, renders the command, hands the attempts to an
 * {@link AttemptLoop} (whose {@link AttemptPolicy} owns every retry budget; earlier attempts' files are kept under
 * {@code attempt-<n>/}), and evaluates the outputs of the successful attempt.
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
    private final Version version;
    private TaskLog log;

    // set while preparing, used by attempts and outputs
    private Environment env;
    private Evaluator evaluator;
    private TaskSettings settings;
    private final List<Link> links = new ArrayList<>();
    private CallCache.Key cacheKey;
    private Map<String, String> commandEnv = new LinkedHashMap<>();
    private volatile AttemptLoop attempts;
    private volatile boolean terminateRequested;
    /**
     * Written when the call fails after an attempt ran: a resume runs such a call again (a new attempt) instead of
     * re-attaching to its journaled job, whose end was already seen and reported.
     */
    static final String FAILED_MARKER = "failed_attempt";
    /** The call's inputs once evaluated: written to inputs.json only if the call fails (no extra file otherwise). */
    private volatile Map<String, Value> evaluatedInputs;

    /**
     * A link of an input file into the work directory: {@code work/_inputs/<n>/<name> -> source}; {@code byTask}
     * when the task job makes it (listed in the task directory's {@code links} file) rather than the engine.
     */
    private record Link(Path source, Path link, boolean byTask) {}
    /** The files the call reads while it is prepared: sources of the links the task job will make. */
    private PendingLinks pendingLinks;

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
        this.version = task.document().document().version();
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
            makeTaskDirectories();
            log = new TaskLog(layout.taskLog(), callId, ctx.log(), ctx.taskLogs());
            log.info("task " + task.name() + " from " + task.document().uri());
            TaskDef def = task.definition();
            pendingLinks = new PendingLinks(new LocalFileAccess(work(), layout.writes(), null, null));
            evaluator = new Evaluator(version, pendingLinks, task.document().structs());
            env = new Environment();
            Optional<Map<String, Value>> kept = finishedBeforeResume();
            if (kept.isPresent()) {
                log.info("finished before the run was resumed: keeping its outputs.json");
                finish(new Outcome(kept.get(), null, false));
                return;
            }

            commandEnv.putAll(ctx.taskOptions().env()); // the task's own env declarations, bound next, win
            if (!ctx.taskOptions().env().isEmpty()) {
                log.detail("environment from the run (--env / [task_runtime] env): "
                        + String.join(", ", ctx.taskOptions().envNames()));
            }
            Map<String, Value> inputs = evaluateInputs(def);
            evaluatedInputs = inputs;
            Optional<Map<String, Value>> cached = lookupCache(inputs);
            if (cached.isPresent()) {
                log.info("call cache hit: reusing the outputs of an earlier run");
                org.wdlbatch.engine.report.AttemptLedger.append(ctx.runDir().path(),
                        org.wdlbatch.engine.report.AttemptRecord.cacheHit(callId, call.name(), System.currentTimeMillis()));
                finish(new Outcome(cached.get(), null, true));
                return;
            }
            for (Map.Entry<String, Value> e : inputs.entrySet()) {
                env.bind(e.getKey(), linkInputFiles(e.getKey(), e.getValue()));
            }
            evaluateDeclarations(def.declarations(), Map.of(), true);
            settings = TaskSettings.of(runtimeValues(def), ctx.runtimeDefaults());
            log.detail("runtime " + String.join(" ", settings.describe()));
            warnUnusedRuntimeKeys(def);
            // resume: the job an earlier orchestrator submitted for this call, re-attached instead of submitted
            JobJournal.Job adopt = ctx.resume().job(callId);
            int first = adopt == null ? 1 : adopt.attempt();
            int failedBefore = failedBeforeResume();
            if (failedBefore > 0) {
                // its failure was seen and reported before the resume: a resume runs it again, as a new attempt
                adopt = null;
                layout.archiveAttempt(failedBefore);
                relinkInputs();
                first = failedBefore + 1;
            }
            if (adopt == null || !Files.exists(layout.command())) {
                // a journaled job already runs this command: rewriting the file under it could disturb bash
                writeCommand(def);
                writeLinksForTheTask();
            }
            startAttempts(first, adopt);
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

    /**
     * Resume: a call whose {@code outputs.json} was written before the run stopped finished then; its outputs are
     * read back (File paths are absolute). Unreadable or incomplete means not finished: the call runs again.
     */
    private Optional<Map<String, Value>> finishedBeforeResume() {
        Path file = dir.resolve("outputs.json");
        if (!ctx.resume().resuming() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = ValueJson.MAPPER.readTree(Files.readString(file));
            Map<String, Value> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, Type> o : task.outputs().entrySet()) {
                JsonNode n = json == null ? null : json.get(o.getKey());
                if (n == null) {
                    return Optional.empty();
                }
                outputs.put(o.getKey(), ValueJson.fromJson(n, o.getValue(), o.getKey()));
            }
            return Optional.of(outputs);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read " + file + " (" + e.getMessage() + "): running the call again");
            return Optional.empty();
        }
    }

    /** The attempt whose failure ended this call before the run was resumed (the marker is consumed), else 0. */
    private int failedBeforeResume() throws IOException {
        Path marker = dir.resolve(FAILED_MARKER);
        if (!ctx.resume().resuming() || !Files.exists(marker)) {
            return 0;
        }
        int n;
        try {
            n = Math.max(1, Integer.parseInt(Files.readString(marker).strip()));
        } catch (NumberFormatException e) {
            n = 1;
        }
        Files.delete(marker);
        return n;
    }

    private Path work() {
        return layout.work();
    }

    /**
     * The task directory, and its {@code work/} unless the backend creates that where the task runs: one or two
     * mkdir calls in the usual case. {@code Files.createDirectories} would first fail on {@code work/}, probe the
     * parents and build exceptions on the way; at thousands of calls (and on EFS, where every metadata operation is
     * a round trip) that is measurable. Input files linked under {@code work/_inputs/} create {@code work/} anyway.
     */
    private void makeTaskDirectories() throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // a retried or resumed call: the directory is there already
        } catch (java.nio.file.NoSuchFileException e) {
            Files.createDirectories(dir); // nested layout whose parent does not exist yet
        }
        if (!ctx.backend().createsWorkDir()) {
            makeWorkDirectory();
        }
    }

    private void makeWorkDirectory() throws IOException {
        try {
            Files.createDirectory(work());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(work())) {
                throw e;
            }
        }
    }

    /** A problem with an input file (missing, not downloadable). */
    private static final class InputProblem extends RuntimeException {
        InputProblem(String message) {
            super(message);
        }
    }

    /**
     * The task's input declarations, with supplied values where given and defaults elsewhere (in dependency
     * order, since defaults may read other inputs). Downloads URI inputs. In draft-2 every declaration before the
     * command may be supplied, so supplied names win over any declaration's expression.
     */
    private Map<String, Value> evaluateInputs(TaskDef def) {
        List<Declaration> inputDecls = def.inputs() != null ? def.inputs() : List.of();
        Map<String, Value> supplied = new LinkedHashMap<>();
        suppliedInputs.forEach((k, v) -> supplied.put(k, downloadUris(k, v)));
        if (def.inputs() == null) {
            // draft-2 (or no input section): supplied values bind declarations directly
            return evaluateDeclarations(def.declarations(), supplied, false);
        }
        return evaluateDeclarations(inputDecls, supplied, false);
    }

    /**
     * Evaluates {@code decls} into {@link #env} in dependency order. Names in {@code supplied} take the supplied
     * value instead of the expression. Returns the values bound, in declaration order.
     *
     * @param skipBound leave declarations already bound (draft-2 inputs) as they are
     */
    private Map<String, Value> evaluateDeclarations(List<Declaration> decls, Map<String, Value> supplied,
            boolean skipBound) {
        Set<String> names = new LinkedHashSet<>();
        decls.forEach(d -> names.add(d.name()));
        Map<String, Value> out = new LinkedHashMap<>();
        List<Declaration> pending = new ArrayList<>(decls);
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Declaration d = it.next();
                if (skipBound && env.local().containsKey(d.name())) {
                    it.remove();
                    progress = true;
                    continue;
                }
                Set<String> reads = d.expr() == null ? Set.of() : ReferencedNames.of(d.expr());
                boolean ready = reads.stream().noneMatch(n -> names.contains(n) && !n.equals(d.name())
                        && !env.local().containsKey(n));
                if (!ready && !supplied.containsKey(d.name())) {
                    continue;
                }
                Type type = task.document().typeOf(d);
                Value v = DeclarationValue.of(d, type, supplied, evaluator, env);
                if (v == null) {
                    throw new InputProblem("missing required input " + task.name() + "." + d.name() + " ("
                            + type + ")");
                }
                if (!supplied.containsKey(d.name()) && d.expr() != null) {
                    v = downloadUris(d.name(), v);
                }
                env.bind(d.name(), v);
                out.put(d.name(), v);
                if (d.env()) {
                    commandEnv.put(d.name(), org.wdlbatch.wdl.values.Values.interpolationString(v));
                }
                it.remove();
                progress = true;
            }
            if (!progress) {
                throw new InputProblem("declarations of task " + task.name() + " depend on each other in a cycle: "
                        + pending.stream().map(Declaration::name).toList());
            }
        }
        return out;
    }

    /** Replaces http(s):// and s3:// File values by their downloaded copies. */
    private Value downloadUris(String name, Value v) {
        return FileValues.rewrite(v, path -> {
            if (!DownloadCache.isDownloadable(path)) {
                return path;
            }
            URI source = null;
            try {
                log.info("downloading " + path + " for input " + name);
                source = URI.create(path);
                return ctx.downloads().fetch(source, (uri, done, total) -> {
                    log.detail("download " + uri + ": " + done + (total >= 0 ? "/" + total : "") + " bytes");
                    ctx.counts().downloading(uri, done, total);
                }).toString();
            } catch (DownloadException | IllegalArgumentException e) {
                throw new InputProblem("input " + task.name() + "." + name + ": " + e.getMessage());
            } finally {
                if (source != null) {
                    ctx.counts().downloadEnded(source);
                }
            }
        });
    }

    /**
     * Links (or copies, with {@code copy_input_files}) each input file under {@code work/_inputs/<n>/}, one
     * folder per source folder, so files that sit together (a BAM and its index) stay together. A Directory
     * input becomes a real directory there ({@link InputDirectory}), not a link.
     */
    private Value linkInputFiles(String name, Value v) {
        return FileValues.rewrite(v, path -> {
            Path source = work().resolve(path).toAbsolutePath().normalize();
            if (!Files.exists(source)) {
                throw new InputProblem("input " + task.name() + "." + name + ": file " + path + " does not exist");
            }
            Path parent = source.getParent();
            Path folder = inputsFolder(parent);
            Path link = folder.resolve(source.getFileName());
            boolean byTask = linkedByTheTask(source, link);
            links.add(new Link(source, link, byTask));
            if (byTask) {
                pendingLinks.add(link, source);
            } else {
                makeLink(source, link);
            }
            return link.toString();
        });
    }

    /**
     * Whether the task job makes this link ({@link org.wdlbatch.engine.backend.TaskBackend#linksInputs()}): plain
     * files only (a Directory input becomes a tree of hard links, which the engine builds; copies are the engine's
     * too), and paths a line of the {@code links} file can hold.
     */
    private boolean linkedByTheTask(Path source, Path link) {
        if (!ctx.backend().linksInputs() || ctx.copyInputFiles() || Files.isDirectory(source)) {
            return false;
        }
        String s = source.toString() + work().relativize(link);
        return s.indexOf('\n') < 0 && s.indexOf('\t') < 0 && s.indexOf('\r') < 0;
    }

    /**
     * The task job's input links, one line each: {@code <link relative to work/> TAB <source>}. One file per call
     * instead of {@code work/}, {@code _inputs/}, a folder per source folder and a link per file before the job is
     * submitted (each a round trip on EFS); the wrapper makes them in every attempt's new {@code work/}.
     */
    private void writeLinksForTheTask() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Link l : links) {
            if (l.byTask()) {
                sb.append(work().relativize(l.link())).append('\t').append(l.source()).append('\n');
            }
        }
        if (!sb.isEmpty()) {
            Files.writeString(layout.links(), sb, StandardCharsets.UTF_8);
        }
    }

    private final Map<Path, Path> inputFolders = new HashMap<>();

    private Path inputsFolder(Path sourceParent) {
        return inputFolders.computeIfAbsent(sourceParent,
                p -> work().resolve("_inputs").resolve(Integer.toString(inputFolders.size())));
    }

    private void makeLink(Path source, Path link) {
        try {
            Files.createDirectories(link.getParent());
            if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (ctx.copyInputFiles() || ctx.taskOptions().copiesInputsOf(call.name(), task.name())) {
                copyRecursively(source, link);
            } else if (Files.isDirectory(source)) {
                InputDirectory.present(source, link); // a real directory, so find/du/ls -R descend into it
            } else {
                Files.createSymbolicLink(link, source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyRecursively(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (var walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * runtime, then 1.2 requirements over it; hints are kept for backends under their own names. A 1.2 {@code gpu}
     * hint that is a number says how many GPUs when {@code requirements { gpu: true }} asks for one (on its own it
     * asks for none: hints only refine), so it is also kept as {@code gpuCount}, the name of Cromwell's runtime
     * attribute, where the requirement cannot hide it.
     */
    private Map<String, Value> runtimeValues(TaskDef def) {
        Map<String, Value> values = new LinkedHashMap<>();
        def.hints().forEach((k, e) -> values.put(k, evaluator.evaluate(e, env)));
        if (values.get("gpu") instanceof IntValue count
                && !def.runtime().containsKey("gpuCount")) {
            values.put("gpuCount", count);
        }
        def.runtime().forEach((k, e) -> values.put(k, evaluator.evaluate(e, env)));
        def.requirements().forEach((k, e) -> values.put(k, evaluator.evaluate(e, env)));
        return values;
    }

    /**
     * Runtime (and requirements) attributes neither the engine nor this backend uses, e.g. Cromwell's {@code disks}
     * on the local backend: named once per call, so a pipeline that relies on one learns it has no effect here.
     * Hints are advisory by the spec and are not named.
     */
    private void warnUnusedRuntimeKeys(TaskDef def) {
        java.util.Set<String> unused = new java.util.TreeSet<>(def.runtime().keySet());
        unused.addAll(def.requirements().keySet());
        unused.retainAll(settings.other().keySet());
        unused.removeAll(ctx.backend().runtimeKeys());
        if (!unused.isEmpty()) {
            log.warn("runtime " + (unused.size() == 1 ? "attribute " : "attributes ") + String.join(", ", unused)
                    + (unused.size() == 1 ? " has" : " have") + " no effect on the " + ctx.backend().name()
                    + " backend (ignored)");
        }
    }

    private void writeCommand(TaskDef def) throws IOException {
        CommandTemplate.Result template = CommandTemplate.strip(def.command() == null ? List.of()
                : def.command().parts());
        if (template.mixedIndentation()) {
            log.warn("the command mixes tabs and spaces in its indentation; leaving it unchanged");
        }
        String script = evaluator.interpolate(template.parts(), env);
        Files.writeString(layout.command(), script, StandardCharsets.UTF_8);
    }

    // ---- call cache -------------------------------------------------------------------------------------------

    private Optional<Map<String, Value>> lookupCache(Map<String, Value> inputs) {
        if (!ctx.callCache().enabled()) {
            return Optional.empty();
        }
        ObjectNode json = ValueJson.MAPPER.createObjectNode();
        List<Path> files = new ArrayList<>();
        inputs.forEach((k, v) -> {
            json.set(k, ValueJson.toJson(v));
            FileValues.paths(v).forEach(p -> files.add(work().resolve(p).toAbsolutePath().normalize()));
        });
        cacheKey = ctx.callCache().key(task.name(), taskDigest(), json, files, cacheContext(task.definition()));
        Optional<JsonNode> hit = ctx.callCache().get(cacheKey, dir); // linked into this call's own cached/
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Value> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, Type> o : task.outputs().entrySet()) {
            JsonNode n = hit.get().get(o.getKey());
            if (n == null) {
                return Optional.empty(); // the entry predates an output: treat as a miss
            }
            outputs.put(o.getKey(), ValueJson.fromJson(n, o.getValue(), o.getKey()));
        }
        return Optional.of(outputs);
    }

    /**
     * What decides the call's result besides the task and its inputs: the variables the run sets in every task
     * ({@code --env}: a changed value must run the task again, not reuse a result made with the old one).
     */
    private Map<String, String> cacheContext(TaskDef def) {
        Map<String, String> context = new LinkedHashMap<>();
        ctx.taskOptions().env().forEach((k, v) -> context.put("env." + k, v));
        if (ctx.imageDigests().enabled()) {
            // the image the tag points at now, not the tag: a moved tag must not reuse results of the old image
            String image;
            try {
                image = imageBeforeLookup(def);
            } catch (EvalException | IllegalArgumentException e) {
                log.info("image_digest not resolved: the container expression needs more than the inputs ("
                        + e.getMessage() + "); the call cache keys it by the task's text");
                return context;
            }
            if (image != null) {
                org.wdlbatch.engine.image.ImageDigests.Resolution r = ctx.imageDigests().resolve(image);
                log.info(r.logLine());
                context.put("image", r.cacheIdentity());
            }
        }
        return context;
    }

    /**
     * The task's image, before its private declarations exist (the cache lookup comes first, so a hit links and
     * evaluates nothing): only the container/docker expressions, in runtimeValues' order over the defaults.
     */
    private String imageBeforeLookup(TaskDef def) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Map<String, org.wdlbatch.wdl.ast.Expr> section : List.of(def.hints(), def.runtime(),
                def.requirements())) {
            for (String k : List.of("container", "docker")) {
                org.wdlbatch.wdl.ast.Expr e = section.get(k);
                if (e != null) {
                    values.put(k, evaluator.evaluate(e, env));
                }
            }
        }
        return TaskSettings.of(values, ctx.runtimeDefaults()).container();
    }

    /**
     * A digest of the task as written: its AST with source positions removed, so moving a task within its
     * file (or renaming the file) keeps its cache entries, while any change to what it does does not.
     */
    private String taskDigest() {
        return ctx.taskDigests().of(task.definition(), version);
    }

    // ---- attempts ---------------------------------------------------------------------------------------------

    /** Runs attempts from number {@code first}, the first one re-attached to {@code adopt} when it is not null. */
    private void startAttempts(int first, JobJournal.Job adopt) {
        TaskResources resources = new TaskResources(settings.container(), cappedCpu(), cappedMemory(),
                settings.gpu(), settings.preemptible(), settings.other());
        AttemptPolicy policy = new AttemptPolicy(settings.maxRetries(), settings.preemptible(), settings::succeeded,
                ctx.backend().hasFallback(), ctx.memoryRetryMultiplier());
        AttemptLoop loop = new AttemptLoop(ctx.backend(), ctx.io(), call, callId, layout, commandEnv, resources,
                policy, log, new AttemptLoop.Listener() {
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
                        relinkInputs();
                    }
                }, new StderrCheck(settings.failOnStderr(), settings::succeeded, layout.stderr()));
        attempts = loop;
        if (terminateRequested) {
            loop.terminate(); // terminate() came before the loop existed: the loop ends the call as Terminated
        }
        loop.start(first, adopt);
    }

    /** The task's cpu request, at most {@code [task_runtime] cpu_max} (--runtime-cpu-max) when that is set. */
    private double cappedCpu() {
        double max = ctx.taskOptions().cpuMax();
        if (max > 0 && settings.cpu() > max) {
            log.info("cpu " + settings.cpu() + " capped to " + max + " (--runtime-cpu-max / [task_runtime] cpu_max)");
            return max;
        }
        return settings.cpu();
    }

    /** The task's memory request, at most {@code [task_runtime] memory_max} (--runtime-memory-max) when set. */
    private long cappedMemory() {
        long max = ctx.taskOptions().memoryMax();
        if (max > 0 && settings.memoryBytes() > max) {
            log.info("memory " + settings.memoryBytes() + " bytes capped to " + max
                    + " (--runtime-memory-max / [task_runtime] memory_max)");
            return max;
        }
        return settings.memoryBytes();
    }

    private void attemptSucceeded() {
        try {
            Map<String, Value> outputs = evaluateOutputs();
            List<Path> outFiles = new ArrayList<>();
            ObjectNode json = ValueJson.MAPPER.createObjectNode();
            outputs.forEach((k, v) -> {
                json.set(k, ValueJson.toJson(v));
                FileValues.paths(v).forEach(p -> outFiles.add(Path.of(p)));
            });
            Files.writeString(layout.outputs(),
                    ValueJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            if (cacheKey != null) {
                ctx.callCache().put(cacheKey, json, outFiles);
            }
            finish(new Outcome(outputs, null, false));
        } catch (EvalException e) {
            fail("EvalError", e.getMessage(), null);
        } catch (OutputProblem e) {
            fail("OutputError", e.getMessage(), null);
        } catch (IOException | RuntimeException e) {
            fail("InternalError", e.toString(), null);
        }
    }

    /**
     * After the earlier attempt's files moved under {@code attempt-<n>/} (with its {@code work/}): {@code work/} and
     * the input links again, so the next attempt finds its inputs where the command expects them.
     */
    private void relinkInputs() throws IOException {
        if (!ctx.backend().createsWorkDir()) {
            makeWorkDirectory();
        }
        for (Link l : links) {
            if (!l.byTask()) { // the task job makes the others in its new work/
                makeLink(l.source(), l.link());
            }
        }
    }

    /** A declared output that the command did not produce. */
    private static final class OutputProblem extends RuntimeException {
        OutputProblem(String message) {
            super(message);
        }
    }

    private Map<String, Value> evaluateOutputs() {
        LocalFileAccess files = new LocalFileAccess(work(), dir.resolve("write_"), dir.resolve("stdout.txt"),
                dir.resolve("stderr.txt"));
        Evaluator outEval = evaluator.withFiles(files);
        Environment outEnv = env.child();
        Map<String, Value> outputs = new LinkedHashMap<>();
        task.definition().outputs().forEach(d -> outputs.put(d.name(), null)); // keeps the declared order
        for (Declaration d : org.wdlbatch.wdl.ast.DeclarationOrder.of(task.definition().outputs())) {
            Type type = task.document().typeOf(d);
            Value v = outEval.evaluate(d.expr(), type, outEnv);
            v = absoluteOutputFiles(d, type, v);
            outEnv.bind(d.name(), v);
            outputs.put(d.name(), v);
        }
        return outputs;
    }

    /** Relative output paths are relative to work/; every non-optional output file must exist. */
    private Value absoluteOutputFiles(Declaration d, Type type, Value v) {
        if (v instanceof FileValue || v instanceof DirectoryValue) {
            String path = v instanceof FileValue f ? f.path() : ((DirectoryValue) v).path();
            Path p = work().resolve(path).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                if (type.optional()) {
                    return Value.NONE;
                }
                throw new OutputProblem("output " + task.name() + "." + d.name() + ": file " + path
                        + " does not exist in " + work());
            }
            String escape = OutputPaths.taskOutputEscape(task.name() + "." + d.name(), path, p, dir,
                    links.stream().map(Link::source).toList());
            if (escape != null) {
                throw new OutputProblem(escape);
            }
            return v instanceof FileValue ? new FileValue(p.toString()) : new DirectoryValue(p.toString());
        }
        if (v instanceof NullValue) {
            return v;
        }
        return FileValues.rewrite(v, path -> {
            Path p = work().resolve(path).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                throw new OutputProblem("output " + task.name() + "." + d.name() + ": file " + path
                        + " does not exist in " + work());
            }
            String escape = OutputPaths.taskOutputEscape(task.name() + "." + d.name(), path, p, dir,
                    links.stream().map(Link::source).toList());
            if (escape != null) {
                throw new OutputProblem(escape);
            }
            return p.toString();
        });
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
        writeFailedInputs();
        AttemptLoop loop = attempts;
        int lastAttempt = loop == null ? 0 : loop.lastStarted();
        if (lastAttempt > 0 && !"Terminated".equals(kind)) {
            // (a terminated call is re-attached on resume: its job may have finished, or runs again if it did not)
            try {
                Files.writeString(dir.resolve(FAILED_MARKER), lastAttempt + "\n");
            } catch (IOException e) {
                // without it a resume collects this attempt's end again instead of running the call again
            }
        }
        finish(new Outcome(Map.of(), new CallFailure(kind, callId, message, exitStatus, dir, details), false));
    }

    /** The evaluated inputs next to the failed call's command and logs (uploaded with them by --s3upload). */
    private void writeFailedInputs() {
        Map<String, Value> inputs = evaluatedInputs;
        if (inputs == null) {
            return;
        }
        ObjectNode json = ValueJson.MAPPER.createObjectNode();
        inputs.forEach((k, v) -> json.set(k, ValueJson.toJson(v)));
        try {
            Files.writeString(layout.failedInputs(), ValueJson.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(json));
        } catch (IOException | RuntimeException e) {
            log.warn("cannot write " + layout.failedInputs() + ": " + e);
        }
    }

    private boolean finished;

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
