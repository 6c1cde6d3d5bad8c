package org.wdlbatch.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wdlbatch.engine.cache.CallCache;
import org.wdlbatch.engine.image.ImageDigests;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.run.TaskLog;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;

/**
 * One call's use of the call cache: the key (the task's digest, its evaluated inputs and their files, the run's
 * {@code --env} and the image digest), the lookup before anything is linked, and the store of a successful call's
 * outputs under that key.
 */
final class CallCacheStep {

    private final RunContext ctx;
    private final CheckedTask task;
    private final TaskDirectory layout;
    private final TaskLog log;
    private final CallInputs inputs;
    private final CallRuntime runtime;
    /** Set by a lookup when the cache is on: a successful call's outputs are stored under it. */
    private CallCache.Key cacheKey;

    CallCacheStep(RunContext ctx, CheckedTask task, TaskDirectory layout, TaskLog log, CallInputs inputs,
            CallRuntime runtime) {
        this.ctx = ctx;
        this.task = task;
        this.layout = layout;
        this.log = log;
        this.inputs = inputs;
        this.runtime = runtime;
    }

    /** The outputs of an earlier run of the same call, linked into this call's own {@code cached/}, if any. */
    Optional<Map<String, Value>> lookup(Map<String, Value> values) {
        if (!ctx.callCache().enabled()) {
            return Optional.empty();
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        List<Path> files = new ArrayList<>();
        values.forEach((k, v) -> {
            json.set(k, ValueJson.toJson(v));
            FileValues.paths(v).forEach(p -> files.add(layout.work().resolve(p).toAbsolutePath().normalize()));
        });
        cacheKey = ctx.callCache().key(task.name(), taskDigest(), json, files, cacheContext(task.definition()));
        Optional<JsonNode> hit = ctx.callCache().get(cacheKey, layout.path()); // linked into this call's own cached/
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        return CallOutputs.fromJson(task, hit.get()); // an entry that predates an output: treat as a miss
    }

    /** Keeps a successful call's outputs (and their files) under the key its lookup computed. */
    void store(CallOutputs.Written outputs) {
        if (cacheKey != null) {
            ctx.callCache().put(cacheKey, outputs.json(), outputs.files());
        }
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
                image = runtime.imageBeforeLookup(def, inputs);
            } catch (EvalException | IllegalArgumentException e) {
                log.info("image_digest not resolved: the container expression needs more than the inputs ("
                        + e.getMessage() + "); the call cache keys it by the task's text");
                return context;
            }
            if (image != null) {
                ImageDigests.Resolution r = ctx.imageDigests().resolve(image);
                log.info(r.logLine());
                context.put("image", r.cacheIdentity());
            }
        }
        return context;
    }

    /**
     * A digest of the task as written: its AST with source positions removed, so moving a task within its
     * file (or renaming the file) keeps its cache entries, while any change to what it does does not.
     */
    private String taskDigest() {
        return ctx.taskDigests().of(task.definition(), task.document().document().version());
    }
}
