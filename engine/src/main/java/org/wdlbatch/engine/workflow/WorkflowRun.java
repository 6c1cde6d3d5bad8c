package org.wdlbatch.engine.workflow;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import org.wdlbatch.engine.backend.CallIdentity;
import org.wdlbatch.engine.run.CallFailure;
import org.wdlbatch.engine.run.DeclarationValue;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.task.OutputPaths;
import org.wdlbatch.engine.task.TaskCall;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.check.CheckedCall;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.check.CheckedWorkflow;
import org.wdlbatch.wdl.eval.Environment;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.eval.Evaluator;
import org.wdlbatch.wdl.stdlib.LocalFileAccess;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.Value;

/**
 * Runs a workflow: the scheduler. One thread (the caller of {@link #run}) owns all state and processes events
 * from a queue; task calls run on the backend and post their completion back as events, so no thread waits per
 * task and nothing needs locking.
 *
 * <p>The workflow's {@link WorkflowPlan} is instantiated as {@link ScopeRun}s: the top scope, one per scatter
 * iteration, one per true conditional, one per subworkflow call. A node fires when its dependencies in its scope
 * are done; a section completes when all its instances do, binding its names gathered into arrays (scatter) or
 * optionals (if). Ready task calls wait in a FIFO queue and start up to {@code concurrency} at a time.
 */
public final class WorkflowRun {

    /** The run's result: the workflow outputs by name ({@code wf.out}), or the failure that ended it. */
    public record Result(Map<String, Value> outputs, CallFailure failure) {

        public boolean succeeded() {
            return failure == null;
        }
    }

    private final RunContext ctx;
    private final CheckedWorkflow workflow;
    private final Map<String, Value> inputs;
    private final int concurrency;
    private final boolean failFast;

    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final Deque<TaskCall> ready = new ArrayDeque<>();
    private final Set<TaskCall> running = new LinkedHashSet<>();
    private final Map<CheckedWorkflow, WorkflowPlan> plans = new IdentityHashMap<>();
    private final Map<PlanNode.Scope, int[][]> dependents = new IdentityHashMap<>();
    private final Map<PlanNode.Scope, Map<String, Type>> boundTypes = new IdentityHashMap<>();
    private CallFailure failure;
    private Result result;
    private ScopeRun top;
    /** Paths workflow outputs may name: task outputs and inputs (see {@link OutputPaths}). */
    private final OutputPaths.Allowed allowedOutputs = new OutputPaths.Allowed();

    /**
     * @param inputs the workflow's inputs by bare name, plus {@code call.input} entries for inputs of calls the
     *     workflow leaves open (nested inputs), already coerced to their declared types
     */
    public WorkflowRun(RunContext ctx, CheckedWorkflow workflow, Map<String, Value> inputs, int concurrency,
            boolean failFast) {
        this.ctx = ctx;
        this.workflow = workflow;
        this.inputs = inputs;
        this.concurrency = Math.max(1, concurrency);
        this.failFast = failFast;
        allowedOutputs.add(inputs.values());
    }

    /** Runs to the end on the calling thread; returns the outputs or the failure. */
    public Result run() throws InterruptedException {
        post(() -> {
            top = newScope(workflow, planOf(workflow).top(), new Environment(), new int[0],
                    ctx.runDir().path(), inputs, this::topDone);
            top.start();
        });
        while (result == null) {
            events.take().run();
            if (result == null && failure != null && running.isEmpty()) {
                // every running call has reported back after the failure: nothing else can happen
                if (!ctx.counts().isInterrupted()) { // Runner reports an interrupted run once, as interrupted
                    ctx.log().error("workflow {} failed: {}", workflow.name(), failure.message());
                }
                result = new Result(Map.of(), failure);
            }
        }
        return result;
    }

    /** Asks the run to stop (Ctrl-C, SIGTERM): running calls are terminated, the run ends as failed. */
    public void abort(String reason) {
        post(() -> fail(new CallFailure("Terminated", workflow.name(), reason, null, null), true));
    }

    private void post(Runnable event) {
        events.add(event);
    }

    // ---- scopes -----------------------------------------------------------------------------------------------

    private WorkflowPlan planOf(CheckedWorkflow wf) {
        // by identity: the same subworkflow called in every scatter iteration is planned once
        return plans.computeIfAbsent(wf, k -> WorkflowPlan.of(wf.definition()));
    }

    private ScopeRun newScope(CheckedWorkflow wf, PlanNode.Scope plan, Environment env, int[] indexes, Path baseDir,
            Map<String, Value> supplied, Runnable onComplete) {
        return new ScopeRun(wf, plan, env, indexes, baseDir, supplied, onComplete);
    }

    /** One instance of a scope: its environment and which of its nodes are still waiting. */
    private final class ScopeRun {
        final CheckedWorkflow wf;
        final PlanNode.Scope plan;
        final Environment env;
        final int[] indexes;
        final Path baseDir;
        final Map<String, Value> supplied;
        final Runnable onComplete;
        final int[] waiting;
        final Evaluator evaluator;
        int unfinished;

        ScopeRun(CheckedWorkflow wf, PlanNode.Scope plan, Environment env, int[] indexes, Path baseDir,
                Map<String, Value> supplied, Runnable onComplete) {
            this.wf = wf;
            this.plan = plan;
            this.env = env;
            this.indexes = indexes;
            this.baseDir = baseDir;
            this.supplied = supplied;
            this.onComplete = onComplete;
            this.waiting = new int[plan.size()];
            for (int i = 0; i < plan.size(); i++) {
                waiting[i] = plan.nodes().get(i).dependencies().length;
            }
            this.unfinished = plan.size();
            this.evaluator = new Evaluator(wf.document().document().version(),
                    new LocalFileAccess(baseDir, ctx.runDir().path().resolve("write_"), null, null),
                    wf.document().structs());
        }

        void start() {
            if (unfinished == 0) {
                onComplete.run();
                return;
            }
            // Collect first, then fire: firing completes nodes synchronously, which would otherwise make later
            // nodes look ready here a second time.
            int[] initiallyReady = java.util.stream.IntStream.range(0, plan.size())
                    .filter(i -> waiting[i] == 0).toArray();
            for (int i : initiallyReady) {
                if (failure != null && failFast) {
                    return;
                }
                fire(i);
            }
        }

        void done(int i) {
            // Decide "last" before firing dependents: they complete synchronously (declarations), and the one that
            // finishes the scope must be the only one to report it.
            boolean last = --unfinished == 0;
            for (int j : dependentsOf(plan)[i]) {
                if (--waiting[j] == 0 && !(failure != null && failFast)) {
                    fire(j);
                }
            }
            if (last) {
                onComplete.run();
            }
        }

        void fire(int i) {
            PlanNode node = plan.nodes().get(i);
            try {
                if (node instanceof PlanNode.Decl d) {
                    declaration(i, d.declaration());
                } else if (node instanceof PlanNode.Call c) {
                    call(i, c.call());
                } else if (node instanceof PlanNode.Scatter s) {
                    scatter(i, s);
                } else {
                    conditional(i, (PlanNode.Conditional) node);
                }
            } catch (EvalException e) {
                fail(new CallFailure("EvalError", node.id() + suffix(), e.getMessage(), null, null), false);
            }
        }

        private String suffix() {
            StringBuilder sb = new StringBuilder();
            for (int k : indexes) {
                sb.append('-').append(k);
            }
            return sb.toString();
        }

        private void declaration(int i, Declaration d) {
            Value v = DeclarationValue.of(d, wf.document().typeOf(d), supplied, evaluator, env);
            if (v == null) {
                throw new EvalException(d.pos(), "missing required input " + wf.name() + "." + d.name());
            }
            env.bind(d.name(), v);
            done(i);
        }

        private void call(int i, WorkflowElement.Call call) {
            CheckedCall checked = wf.call(call);
            Map<String, Value> callInputs = new LinkedHashMap<>();
            for (WorkflowElement.CallInput in : call.inputs()) {
                Type t = checked.inputTypes().get(in.name());
                Value v = t == null ? evaluator.evaluate(in.value(), env) : evaluator.evaluate(in.value(), t, env);
                callInputs.put(in.name(), v);
            }
            // nested inputs supplied by the user for what the call leaves open: "call.input"
            String prefix = call.name() + ".";
            supplied.forEach((k, v) -> {
                if (k.startsWith(prefix) && !callInputs.containsKey(k.substring(prefix.length()))) {
                    callInputs.put(k.substring(prefix.length()), v);
                }
            });
            String dirName = "call-" + call.name() + suffix();
            Path dir = baseDir.resolve(dirName);
            if (checked.target() instanceof CheckedTask task) {
                TaskCall[] tc = new TaskCall[1];
                CallIdentity identity = new CallIdentity(workflow.name(), ctx.runDir().runId(), call.name(),
                        java.util.Arrays.stream(indexes).boxed().toList());
                tc[0] = new TaskCall(ctx, task, identity, ctx.runDir().path().relativize(dir).toString(), dir,
                        callInputs, outcome -> post(() -> callFinished(i, call, tc[0], outcome)));
                ctx.counts().queued();
                ready.add(tc[0]);
                pump();
            } else {
                CheckedWorkflow sub = (CheckedWorkflow) checked.target();
                Environment subEnv = new Environment();
                ScopeRun[] holder = new ScopeRun[1];
                holder[0] = newScope(sub, planOf(sub).top(), subEnv, new int[0], dir, callInputs, () -> {
                    Map<String, Value> outs = workflowOutputs(sub, subEnv, holder[0].evaluator);
                    if (outs != null) {
                        outs.forEach((k, v) -> env.bind(call.name() + "." + k, v));
                        done(i);
                    }
                });
                holder[0].start();
            }
        }

        private void callFinished(int i, WorkflowElement.Call call, TaskCall tc, TaskCall.Outcome outcome) {
            running.remove(tc);
            if (outcome.succeeded()) {
                if (outcome.cached()) {
                    ctx.counts().cacheHit();
                } else {
                    ctx.counts().succeeded();
                }
                outcome.outputs().forEach((k, v) -> env.bind(call.name() + "." + k, v));
                allowedOutputs.add(outcome.outputs().values());
                done(i);
            } else {
                ctx.counts().failed();
                fail(outcome.failure(), false);
            }
            pump();
        }

        private void scatter(int i, PlanNode.Scatter s) {
            Value coll = evaluator.evaluate(s.scatter().collection(), env);
            if (!(coll instanceof ArrayValue array)) {
                throw new EvalException(s.scatter().collection().pos(), "scatter needs an Array, got " + coll);
            }
            int n = array.size();
            Environment[] childEnvs = new Environment[n];
            int[] remaining = {n};
            Runnable gather = () -> {
                Map<String, Type> types = typesOf(wf, s.body());
                for (Map.Entry<String, Type> e : types.entrySet()) {
                    List<Value> items = new ArrayList<>(n);
                    for (Environment ce : childEnvs) {
                        Value v = ce.local().get(e.getKey());
                        items.add(v == null ? Value.NONE : v);
                    }
                    env.bind(e.getKey(), ArrayValue.of(e.getValue(), items));
                }
                done(i);
            };
            if (n == 0) {
                gather.run();
                return;
            }
            for (int k = 0; k < n; k++) {
                if (failure != null && failFast) {
                    return;
                }
                Environment ce = env.child().bind(s.scatter().variable(), array.get(k));
                childEnvs[k] = ce;
                int[] idx = java.util.Arrays.copyOf(indexes, indexes.length + 1);
                idx[indexes.length] = k;
                newScope(wf, s.body(), ce, idx, baseDir, Map.of(), () -> {
                    if (--remaining[0] == 0) {
                        gather.run();
                    }
                }).start();
            }
        }

        private void conditional(int i, PlanNode.Conditional c) {
            Value cond = evaluator.evaluate(c.conditional().condition(), Type.BOOLEAN, env);
            Map<String, Type> types = typesOf(wf, c.body());
            if (!(cond instanceof BooleanValue b) || !b.value()) {
                types.keySet().forEach(name -> env.bind(name, Value.NONE));
                done(i);
                return;
            }
            Environment ce = env.child();
            newScope(wf, c.body(), ce, indexes, baseDir, Map.of(), () -> {
                for (String name : types.keySet()) {
                    Value v = ce.local().get(name);
                    env.bind(name, v == null ? Value.NONE : v);
                }
                done(i);
            }).start();
        }
    }

    /** Reverse edges of a scope's dependency graph, computed once per plan scope. */
    private int[][] dependentsOf(PlanNode.Scope scope) {
        return dependents.computeIfAbsent(scope, s -> {
            List<List<Integer>> rev = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                rev.add(new ArrayList<>());
            }
            for (int i = 0; i < s.size(); i++) {
                for (int d : s.nodes().get(i).dependencies()) {
                    rev.get(d).add(i);
                }
            }
            int[][] out = new int[s.size()][];
            for (int i = 0; i < s.size(); i++) {
                out[i] = rev.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
            return out;
        });
    }

    /**
     * The names a scope binds (declarations, {@code call.output}s, and those of nested sections, lifted) with
     * their static types: what a scatter gathers into arrays and a conditional into optionals.
     */
    private Map<String, Type> typesOf(CheckedWorkflow wf, PlanNode.Scope scope) {
        return boundTypes.computeIfAbsent(scope, s -> {
            Map<String, Type> out = new LinkedHashMap<>();
            for (PlanNode n : s.nodes()) {
                if (n instanceof PlanNode.Decl d) {
                    out.put(d.declaration().name(), wf.document().typeOf(d.declaration()));
                } else if (n instanceof PlanNode.Call c) {
                    CheckedCall cc = wf.call(c.call());
                    cc.outputTypes().forEach((k, t) -> out.put(c.call().name() + "." + k, t));
                } else if (n instanceof PlanNode.Scatter sc) {
                    typesOf(wf, sc.body()).forEach((k, t) -> out.put(k, Type.arrayOf(t)));
                } else if (n instanceof PlanNode.Conditional cd) {
                    typesOf(wf, cd.body()).forEach((k, t) -> out.put(k, t.asOptional()));
                }
            }
            return out;
        });
    }

    // ---- calls ------------------------------------------------------------------------------------------------

    /** Starts queued task calls while there is room. */
    private void pump() {
        while (running.size() < concurrency && !ready.isEmpty()) {
            if (failure != null && failFast) {
                while (!ready.isEmpty()) {
                    ready.poll();
                    ctx.counts().dropped();
                }
                return;
            }
            TaskCall tc = ready.poll();
            running.add(tc);
            ctx.counts().started();
            tc.start();
        }
    }

    private void fail(CallFailure f, boolean forceStop) {
        if (failure == null) {
            failure = f;
            if (!ctx.counts().isInterrupted()) {
                ctx.log().error("{} failed: {}", f.call(), f.message());
            }
        }
        if (failFast || forceStop) {
            // the backend first: it stops submitting and fences off its jobs before the calls are told one by one
            ctx.backend().stopping();
            while (!ready.isEmpty()) {
                ready.poll();
                ctx.counts().dropped();
            }
            for (TaskCall tc : running) {
                tc.terminate();
            }
        }
    }

    // ---- the end ----------------------------------------------------------------------------------------------

    private void topDone() {
        if (failure != null) {
            return; // the failure path ends the run once running calls have reported
        }
        Map<String, Value> outs = workflowOutputs(workflow, top.env, top.evaluator);
        if (outs == null) {
            return;
        }
        Map<String, Value> named = new LinkedHashMap<>();
        outs.forEach((k, v) -> named.put(workflow.name() + "." + k, v));
        result = new Result(named, null);
    }

    /** Evaluates a workflow's output section (or collects all call outputs when it has none); null on failure. */
    private Map<String, Value> workflowOutputs(CheckedWorkflow wf, Environment env, Evaluator evaluator) {
        Map<String, Value> outs = new LinkedHashMap<>();
        try {
            if (wf.definition().outputs() == null) {
                for (String name : wf.outputs().keySet()) {
                    Value v = env.lookup(name);
                    outs.put(name, v == null ? Value.NONE : v);
                }
                return outs;
            }
            Environment outEnv = env.child();
            wf.definition().outputs().forEach(d -> outs.put(d.name(), null)); // keeps the declared order
            for (Declaration d : org.wdlbatch.wdl.ast.DeclarationOrder.of(wf.definition().outputs())) {
                Value v = evaluator.evaluate(d.expr(), wf.document().typeOf(d), outEnv);
                outEnv.bind(d.name(), v);
                outs.put(d.name(), v);
            }
            // draft-2 lines `call.out` and `call.*`: the checker named them (call.out, each wildcard expanded)
            for (String name : wf.outputs().keySet()) {
                if (!outs.containsKey(name)) {
                    Value v = env.lookup(name);
                    outs.put(name, v == null ? Value.NONE : v);
                }
            }
            String escape = allowedOutputs.workflowOutputEscape(wf.name(), outs, wf.definition().inputs() == null
                    ? List.of() : wf.definition().inputs().stream().map(d -> env.lookup(d.name()))
                            .filter(java.util.Objects::nonNull).toList());
            if (escape != null) {
                fail(new CallFailure("OutputError", wf.name() + ".outputs", escape, null, null), false);
                return null;
            }
            return outs;
        } catch (EvalException e) {
            fail(new CallFailure("EvalError", wf.name() + ".outputs", e.getMessage(), null, null), false);
            return null;
        }
    }
}
