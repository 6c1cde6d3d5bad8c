package org.wdlbatch.engine.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.wdlbatch.engine.backend.TaskResources;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.run.TaskLog;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.Value;

/**
 * One call's runtime section (with 1.2 requirements and hints): evaluated into {@link TaskSettings} over the run's
 * defaults, its unused attributes named, and the resources asked of the backend, within the run's caps.
 */
final class CallRuntime {

    private final RunContext ctx;
    private final TaskLog log;

    CallRuntime(RunContext ctx, TaskLog log) {
        this.ctx = ctx;
        this.log = log;
    }

    /** The call's settings, once its private declarations are bound (the runtime section may read them). */
    TaskSettings settings(TaskDef def, CallInputs inputs) {
        TaskSettings settings = TaskSettings.of(runtimeValues(def, inputs), ctx.runtimeDefaults());
        log.detail("runtime " + String.join(" ", settings.describe()));
        warnUnusedRuntimeKeys(def, settings);
        return settings;
    }

    /**
     * runtime, then 1.2 requirements over it; hints are kept for backends under their own names. A 1.2 {@code gpu}
     * hint that is a number says how many GPUs when {@code requirements { gpu: true }} asks for one (on its own it
     * asks for none: hints only refine), so it is also kept as {@code gpuCount}, the name of Cromwell's runtime
     * attribute, where the requirement cannot hide it.
     */
    private static Map<String, Value> runtimeValues(TaskDef def, CallInputs inputs) {
        Map<String, Value> values = new LinkedHashMap<>();
        def.hints().forEach((k, e) -> values.put(k, inputs.evaluate(e)));
        if (values.get("gpu") instanceof IntValue count
                && !def.runtime().containsKey("gpuCount")) {
            values.put("gpuCount", count);
        }
        def.runtime().forEach((k, e) -> values.put(k, inputs.evaluate(e)));
        def.requirements().forEach((k, e) -> values.put(k, inputs.evaluate(e)));
        return values;
    }

    /**
     * Runtime (and requirements) attributes neither the engine nor this backend uses, e.g. Cromwell's {@code disks}
     * on the local backend: named once per call, so a pipeline that relies on one learns it has no effect here.
     * Hints are advisory by the spec and are not named.
     */
    private void warnUnusedRuntimeKeys(TaskDef def, TaskSettings settings) {
        Set<String> unused = new TreeSet<>(def.runtime().keySet());
        unused.addAll(def.requirements().keySet());
        unused.retainAll(settings.other().keySet());
        unused.removeAll(ctx.backend().runtimeKeys());
        if (!unused.isEmpty()) {
            log.warn("runtime " + (unused.size() == 1 ? "attribute " : "attributes ") + String.join(", ", unused)
                    + (unused.size() == 1 ? " has" : " have") + " no effect on the " + ctx.backend().name()
                    + " backend (ignored)");
        }
    }

    /**
     * The task's image, before its private declarations exist (the cache lookup comes first, so a hit links and
     * evaluates nothing): only the container/docker expressions, in runtimeValues' order over the defaults.
     */
    String imageBeforeLookup(TaskDef def, CallInputs inputs) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Map<String, Expr> section : List.of(def.hints(), def.runtime(), def.requirements())) {
            for (String k : List.of("container", "docker")) {
                Expr e = section.get(k);
                if (e != null) {
                    values.put(k, inputs.evaluate(e));
                }
            }
        }
        return TaskSettings.of(values, ctx.runtimeDefaults()).container();
    }

    /** What the backend is asked for: the settings' resources, cpu and memory within the run's caps. */
    TaskResources resources(TaskSettings settings) {
        return new TaskResources(settings.container(), cappedCpu(settings), cappedMemory(settings),
                settings.gpu(), settings.preemptible(), settings.other());
    }

    /** The task's cpu request, at most {@code [task_runtime] cpu_max} (--runtime-cpu-max) when that is set. */
    private double cappedCpu(TaskSettings settings) {
        double max = ctx.taskOptions().cpuMax();
        if (max > 0 && settings.cpu() > max) {
            log.info("cpu " + settings.cpu() + " capped to " + max + " (--runtime-cpu-max / [task_runtime] cpu_max)");
            return max;
        }
        return settings.cpu();
    }

    /** The task's memory request, at most {@code [task_runtime] memory_max} (--runtime-memory-max) when set. */
    private long cappedMemory(TaskSettings settings) {
        long max = ctx.taskOptions().memoryMax();
        if (max > 0 && settings.memoryBytes() > max) {
            log.info("memory " + settings.memoryBytes() + " bytes capped to " + max
                    + " (--runtime-memory-max / [task_runtime] memory_max)");
            return max;
        }
        return settings.memoryBytes();
    }
}
