package org.wdlbatch.bench.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.StructDef;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.ast.WorkflowDef;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.eval.Environment;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.eval.Evaluator;
import org.wdlbatch.wdl.stdlib.FileAccess;
import org.wdlbatch.wdl.stdlib.LocalFileAccess;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.CoercionException;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.values.Values;

/**
 * Runs what needs no task execution: a workflow made only of declarations, scatters and conditionals, or a task's
 * declarations and outputs without its command. A test tool for the evaluator (the engine has the real scheduler):
 * declarations are evaluated in dependency order, scatter results gathered into arrays and conditional results made
 * optional, as the spec says.
 */
final class DocumentRunner {

    /** Why a document cannot be run here. */
    static final class NotRunnable extends RuntimeException {
        NotRunnable(String why) {
            super(why);
        }
    }

    /** Functions whose result in a task's outputs depends on what the command did. */
    private static final Set<String> COMMAND_FUNCTIONS = Set.of("stdout", "stderr", "glob", "size", "read_string",
            "read_int", "read_float", "read_boolean", "read_lines", "read_tsv", "read_map", "read_json", "read_object",
            "read_objects");

    private final Document doc;
    private final Map<String, Type.StructType> structs;
    private final Evaluator evaluator;
    /** Where relative input paths live and task directories are made; null: tasks are not run. */
    private final Path taskRoot;
    private int taskCount;

    /** @param structs the type checker's resolved structs, or null to resolve the document's own here */
    DocumentRunner(Document doc, Map<String, Type.StructType> structs, FileAccess files) {
        this(doc, structs, files, null);
    }

    /**
     * @param taskRoot when not null, tasks are run: their commands with the host's bash in a directory under
     *     {@code taskRoot} (which also holds the example's input files), calls included
     */
    DocumentRunner(Document doc, Map<String, Type.StructType> structs, FileAccess files, Path taskRoot) {
        this.doc = doc;
        this.structs = structs != null ? structs : resolveStructs(doc.structs());
        this.evaluator = new Evaluator(doc.version(), files, this.structs);
        this.taskRoot = taskRoot;
    }

    /** Runs the workflow or task named {@code target} (or the document's workflow, or its only task). */
    Map<String, Value> run(String target, JsonNode inputs) {
        WorkflowDef wf = doc.workflow();
        if (target != null && (wf == null || !wf.name().equals(target))) {
            TaskDef t = doc.task(target);
            if (t == null) {
                throw new NotRunnable("no workflow or task named " + target);
            }
            return runTask(t, inputs);
        }
        if (wf != null) {
            return runWorkflow(wf, inputs);
        }
        if (doc.tasks().size() == 1) {
            return runTask(doc.tasks().get(0), inputs);
        }
        throw new NotRunnable("no workflow and " + doc.tasks().size() + " tasks");
    }

    // ---- workflow ---------------------------------------------------------------------------------------------

    private Map<String, Value> runWorkflow(WorkflowDef wf, JsonNode inputs) {
        if (wf.legacyOutputs() != null && !wf.legacyOutputs().isEmpty()) {
            throw new NotRunnable("draft-2 call outputs");
        }
        List<WorkflowElement> all = new ArrayList<>();
        Set<String> inputNames = new LinkedHashSet<>();
        if (wf.inputs() != null) {
            all.addAll(wf.inputs());
            wf.inputs().forEach(d -> inputNames.add(d.name()));
        }
        all.addAll(wf.body());
        if (taskRoot == null) {
            checkNoCalls(all);
        }
        Map<String, JsonNode> given = inputsFor(wf.name(), inputs);
        Environment env = new Environment();
        block(all, env, given, inputNames, wf.name());
        return outputs(wf.name(), wf.outputs() == null ? List.of() : wf.outputs(), env);
    }

    private static void checkNoCalls(List<WorkflowElement> elems) {
        for (WorkflowElement e : elems) {
            if (e instanceof WorkflowElement.Call c) {
                throw new NotRunnable("calls " + c.calleeName());
            }
            if (e instanceof WorkflowElement.Scatter s) {
                checkNoCalls(s.body());
            }
            if (e instanceof WorkflowElement.Conditional c) {
                checkNoCalls(c.body());
            }
        }
    }

    private void block(List<WorkflowElement> elems, Environment env, Map<String, JsonNode> given,
            Set<String> inputNames, String scope) {
        for (WorkflowElement e : order(elems)) {
            if (e instanceof Declaration d) {
                declaration(d, env, given, inputNames.contains(d.name()) || d.expr() == null, scope);
            } else if (e instanceof WorkflowElement.Scatter s) {
                Value coll = evaluator.evaluate(s.collection(), env);
                if (!(coll instanceof ArrayValue arr)) {
                    throw new EvalException(s.collection().pos(), "scatter over " + Values.describe(coll)
                            + ": expected an Array");
                }
                Set<String> names = bound(s.body());
                Map<String, List<Value>> gathered = new LinkedHashMap<>();
                names.forEach(n -> gathered.put(n, new ArrayList<>()));
                for (Value item : arr.items()) {
                    Environment inner = env.child().bind(s.variable(), item);
                    block(s.body(), inner, given, Set.of(), scope);
                    for (String n : names) {
                        gathered.get(n).add(inner.lookup(n));
                    }
                }
                gathered.forEach((n, vs) -> env.bind(n, array(vs)));
            } else if (e instanceof WorkflowElement.Conditional c) {
                Value cond = evaluator.evaluate(c.condition(), env);
                Set<String> names = bound(c.body());
                if (cond instanceof BooleanValue b && b.value()) {
                    Environment inner = env.child();
                    block(c.body(), inner, given, Set.of(), scope);
                    names.forEach(n -> env.bind(n, inner.lookup(n)));
                } else if (cond instanceof BooleanValue) {
                    names.forEach(n -> env.bind(n, Value.NONE));
                } else {
                    throw new EvalException(c.condition().pos(), "if condition is " + Values.describe(cond)
                            + ": expected a Boolean");
                }
            } else if (e instanceof WorkflowElement.Call c) {
                call(c, env, given, scope);
            }
        }
    }

    /** Runs a call's task and binds its outputs as {@code alias.output}. */
    private void call(WorkflowElement.Call c, Environment env, Map<String, JsonNode> given, String scope) {
        TaskDef t = c.callee().size() == 1 ? doc.task(c.callee().get(0)) : null;
        if (t == null) {
            throw new NotRunnable("calls " + c.calleeName() + ", which is not a task of this document");
        }
        Map<String, Value> in = new LinkedHashMap<>();
        for (WorkflowElement.CallInput ci : c.inputs()) {
            in.put(ci.name(), evaluator.evaluate(ci.value(), env));
        }
        Map<String, JsonNode> fromJson = new HashMap<>();
        String prefix = c.name() + ".";
        given.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                fromJson.put(k.substring(prefix.length()), v);
            }
        });
        Map<String, Value> outs = task(t, in, fromJson, c.name());
        outs.forEach((k, v) -> env.bind(c.name() + "." + k.substring(k.indexOf('.') + 1), v));
    }

    private static Value array(List<Value> vs) {
        Type t = Type.ANY;
        for (Value v : vs) {
            Type u = Values.unify(t, v.type());
            t = u == null ? t : u;
        }
        return ArrayValue.of(t, vs);
    }

    private void declaration(Declaration d, Environment env, Map<String, JsonNode> given, boolean isInput, String scope) {
        Type type = resolve(d.type());
        if (isInput && given.containsKey(d.name())) {
            try {
                env.bind(d.name(), ValueJson.fromJson(given.get(d.name()), type, scope + "." + d.name()));
            } catch (CoercionException e) {
                throw new EvalException(d.pos(), e.getMessage());
            }
            return;
        }
        if (d.expr() != null) {
            env.bind(d.name(), evaluator.evaluate(d.expr(), type, env));
        } else if (type.optional()) {
            env.bind(d.name(), Value.NONE);
        } else {
            throw new EvalException(d.pos(), "missing required input " + scope + "." + d.name() + " (" + type + ")");
        }
    }

    private Map<String, Value> outputs(String scope, List<Declaration> outs, Environment env) {
        Map<String, Value> result = new LinkedHashMap<>();
        Environment outEnv = env.child();
        for (WorkflowElement e : order(new ArrayList<>(outs))) {
            Declaration d = (Declaration) e;
            Value v = evaluator.evaluate(d.expr(), resolve(d.type()), outEnv);
            outEnv.bind(d.name(), v);
        }
        for (Declaration d : outs) {
            result.put(scope + "." + d.name(), outEnv.lookup(d.name()));
        }
        return result;
    }

    // ---- task -------------------------------------------------------------------------------------------------

    private Map<String, Value> runTask(TaskDef t, JsonNode inputs) {
        if (taskRoot != null) {
            return task(t, Map.of(), inputsFor(t.name(), inputs), t.name());
        }
        boolean hasCommand = t.command() != null && t.command().parts().stream()
                .anyMatch(p -> !(p instanceof org.wdlbatch.wdl.ast.StringPart.Text tx) || !tx.text().isBlank());
        for (Declaration o : t.outputs()) {
            if (hasCommand && (FreeNames.calls(o.expr(), COMMAND_FUNCTIONS) || mentionsFile(resolve(o.type())))) {
                throw new NotRunnable("task " + t.name() + " needs its command to run (output " + o.name() + ")");
            }
        }
        List<WorkflowElement> all = new ArrayList<>();
        Set<String> inputNames = new LinkedHashSet<>();
        if (t.inputs() != null) {
            all.addAll(t.inputs());
            t.inputs().forEach(d -> inputNames.add(d.name()));
        }
        all.addAll(t.declarations());
        Map<String, JsonNode> given = inputsFor(t.name(), inputs);
        Environment env = new Environment();
        block(all, env, given, inputNames, t.name());
        if (t.command() != null) {
            evaluator.interpolate(t.command().parts(), env); // the command must at least render
        }
        return outputs(t.name(), t.outputs(), env);
    }

    private static boolean mentionsFile(Type t) {
        if (t instanceof Type.FileType || t instanceof Type.DirectoryType) {
            return true;
        }
        if (t instanceof Type.ArrayType a) {
            return mentionsFile(a.item());
        }
        if (t instanceof Type.MapType m) {
            return mentionsFile(m.key()) || mentionsFile(m.value());
        }
        if (t instanceof Type.PairType p) {
            return mentionsFile(p.left()) || mentionsFile(p.right());
        }
        if (t instanceof Type.StructType s && s.members() != null) {
            return s.members().values().stream().anyMatch(DocumentRunner::mentionsFile);
        }
        return false;
    }

    /** Runs a task: inputs (call values, then JSON, then defaults), its command with bash, its outputs. */
    private Map<String, Value> task(TaskDef t, Map<String, Value> callInputs, Map<String, JsonNode> json, String name) {
        List<WorkflowElement> all = new ArrayList<>();
        Set<String> inputNames = new LinkedHashSet<>();
        if (t.inputs() != null) {
            all.addAll(t.inputs());
            t.inputs().forEach(d -> inputNames.add(d.name()));
        } else if (doc.version() == org.wdlbatch.wdl.ast.Version.DRAFT_2) {
            t.declarations().forEach(d -> inputNames.add(d.name()));
        }
        all.addAll(t.declarations());
        Environment env = new Environment();
        for (String n : callInputs.keySet()) {
            if (!inputNames.contains(n)) {
                throw new EvalException(t.pos(), "task " + t.name() + " has no input " + n);
            }
        }
        for (WorkflowElement e : order(all)) {
            Declaration d = (Declaration) e;
            if (callInputs.containsKey(d.name())) {
                env.bind(d.name(), absolute(evaluator.coerce(callInputs.get(d.name()), resolve(d.type()), d.pos())));
            } else {
                declaration(d, env, json, inputNames.contains(d.name()), name);
                env.bind(d.name(), absolute(env.lookup(d.name())));
            }
        }
        Path dir = taskRoot.resolve("call-" + name + "-" + (++taskCount));
        Path work = dir.resolve("work");
        try {
            Files.createDirectories(work);
            String command = t.command() == null ? "" : dedent(evaluator.interpolate(t.command().parts(), env));
            Files.writeString(dir.resolve("command"), command);
            Process p = new ProcessBuilder("bash", dir.resolve("command").toString())
                    .directory(work.toFile())
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile())
                    .start();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new EvalException(t.pos(), "task " + name + " took more than 60 s");
            }
            if (p.exitValue() != 0) {
                throw new EvalException(t.pos(), "task " + name + " failed with exit code " + p.exitValue() + ": "
                        + Files.readString(dir.resolve("stderr.txt")).trim());
            }
        } catch (IOException e) {
            throw new EvalException(t.pos(), "task " + name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException(t.pos(), "interrupted");
        }
        Evaluator outEval = evaluator.withFiles(new LocalFileAccess(work, dir, dir.resolve("stdout.txt"),
                dir.resolve("stderr.txt")));
        Map<String, Value> result = new LinkedHashMap<>();
        Environment outEnv = env.child();
        for (WorkflowElement e : order(new ArrayList<>(t.outputs()))) {
            Declaration d = (Declaration) e;
            Type type = resolve(d.type());
            Value v = outEval.evaluate(d.expr(), type, outEnv);
            v = outputFiles(v, work, type, d);
            outEnv.bind(d.name(), v);
        }
        for (Declaration d : t.outputs()) {
            result.put(t.name() + "." + d.name(), outEnv.lookup(d.name()));
        }
        return result;
    }

    /** Relative File/Directory values made absolute against the example's folder (where its input files are). */
    private Value absolute(Value v) {
        if (v instanceof org.wdlbatch.wdl.values.FileValue f && !f.path().startsWith("/") && !f.path().contains("://")) {
            return new org.wdlbatch.wdl.values.FileValue(taskRoot.resolve(f.path()).toString());
        }
        if (v instanceof ArrayValue a) {
            List<Value> items = new ArrayList<>();
            a.items().forEach(x -> items.add(absolute(x)));
            return new ArrayValue(a.type(), items);
        }
        if (v instanceof org.wdlbatch.wdl.values.MapValue m) {
            Map<Value, Value> entries = new LinkedHashMap<>();
            m.entries().forEach((k, x) -> entries.put(absolute(k), absolute(x)));
            return new org.wdlbatch.wdl.values.MapValue(m.type(), entries);
        }
        if (v instanceof org.wdlbatch.wdl.values.PairValue p) {
            return new org.wdlbatch.wdl.values.PairValue(p.type(), absolute(p.left()), absolute(p.right()));
        }
        if (v instanceof org.wdlbatch.wdl.values.StructValue st) {
            Map<String, Value> members = new LinkedHashMap<>();
            st.members().forEach((k, x) -> members.put(k, absolute(x)));
            return new org.wdlbatch.wdl.values.StructValue(st.type(), members);
        }
        return v;
    }

    /** Output files: relative to the task's work directory; a missing optional file is None. */
    private static Value outputFiles(Value v, Path work, Type type, Declaration d) {
        if (v instanceof org.wdlbatch.wdl.values.FileValue f) {
            Path p = work.resolve(f.path());
            if (!Files.exists(p)) {
                if (type.optional()) {
                    return Value.NONE;
                }
                throw new EvalException(d.pos(), "output " + d.name() + ": file " + f.path() + " does not exist");
            }
            return new org.wdlbatch.wdl.values.FileValue(p.toString());
        }
        if (v instanceof ArrayValue a && type.asRequired() instanceof Type.ArrayType at) {
            List<Value> items = new ArrayList<>();
            a.items().forEach(x -> items.add(outputFiles(x, work, at.item(), d)));
            return ArrayValue.of(at.item(), items);
        }
        return v;
    }

    /** Removes the common leading white space of the command's non-blank lines, and a first blank line. */
    static String dedent(String command) {
        List<String> lines = new ArrayList<>(List.of(command.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(0).isBlank()) {
            lines.remove(0);
        }
        int common = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                int i = 0;
                while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) {
                    i++;
                }
                common = Math.min(common, i);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(Math.min(common, l.length()))).append('\n');
        }
        return sb.toString();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Map<String, JsonNode> inputsFor(String scope, JsonNode inputs) {
        Map<String, JsonNode> out = new HashMap<>();
        if (inputs == null) {
            return out;
        }
        for (var it = inputs.fields(); it.hasNext(); ) {
            var e = it.next();
            String k = e.getKey();
            if (k.startsWith(scope + ".")) {
                out.put(k.substring(scope.length() + 1), e.getValue());
            }
        }
        return out;
    }

    /** Names bound by elements, with call outputs as {@code call.output} (what a scatter gathers). */
    private Set<String> bound(List<WorkflowElement> elems) {
        Set<String> out = new LinkedHashSet<>();
        for (WorkflowElement e : elems) {
            if (e instanceof Declaration d) {
                out.add(d.name());
            } else if (e instanceof WorkflowElement.Scatter s) {
                out.addAll(bound(s.body()));
            } else if (e instanceof WorkflowElement.Conditional c) {
                out.addAll(bound(c.body()));
            } else if (e instanceof WorkflowElement.Call c) {
                TaskDef t = c.callee().size() == 1 ? doc.task(c.callee().get(0)) : null;
                if (t == null) {
                    throw new NotRunnable("calls " + c.calleeName() + ", which is not a task of this document");
                }
                t.outputs().forEach(o -> out.add(c.name() + "." + o.name()));
            }
        }
        return out;
    }

    /** Names a workflow element makes visible to its siblings. */
    static Set<String> provided(List<WorkflowElement> elems) {
        Set<String> out = new LinkedHashSet<>();
        for (WorkflowElement e : elems) {
            if (e instanceof Declaration d) {
                out.add(d.name());
            } else if (e instanceof WorkflowElement.Scatter s) {
                out.addAll(provided(s.body()));
            } else if (e instanceof WorkflowElement.Conditional c) {
                out.addAll(provided(c.body()));
            } else if (e instanceof WorkflowElement.Call c) {
                out.add(c.name());
            }
        }
        return out;
    }

    private static Set<String> needs(WorkflowElement e) {
        Set<String> out = new LinkedHashSet<>();
        if (e instanceof Declaration d) {
            out.addAll(FreeNames.of(d.expr()));
        } else if (e instanceof WorkflowElement.Call c) {
            c.inputs().forEach(ci -> out.addAll(FreeNames.of(ci.value())));
            out.addAll(c.afters());
        } else if (e instanceof WorkflowElement.Scatter s) {
            out.addAll(FreeNames.of(s.collection()));
            Set<String> inner = new LinkedHashSet<>();
            s.body().forEach(x -> inner.addAll(needs(x)));
            inner.removeAll(provided(s.body()));
            inner.remove(s.variable());
            out.addAll(inner);
        } else if (e instanceof WorkflowElement.Conditional c) {
            out.addAll(FreeNames.of(c.condition()));
            Set<String> inner = new LinkedHashSet<>();
            c.body().forEach(x -> inner.addAll(needs(x)));
            inner.removeAll(provided(c.body()));
            out.addAll(inner);
        }
        return out;
    }

    /** The elements in an order where each comes after the siblings it refers to (source order otherwise). */
    private static List<WorkflowElement> order(List<WorkflowElement> elems) {
        Map<String, WorkflowElement> byName = new HashMap<>();
        for (WorkflowElement e : elems) {
            for (String n : provided(List.of(e))) {
                byName.put(n, e);
            }
        }
        List<WorkflowElement> out = new ArrayList<>();
        Set<WorkflowElement> done = new java.util.HashSet<>();
        Set<WorkflowElement> visiting = new java.util.HashSet<>();
        for (WorkflowElement e : elems) {
            visit(e, byName, done, visiting, out);
        }
        return out;
    }

    private static void visit(WorkflowElement e, Map<String, WorkflowElement> byName, Set<WorkflowElement> done,
            Set<WorkflowElement> visiting, List<WorkflowElement> out) {
        if (done.contains(e)) {
            return;
        }
        if (!visiting.add(e)) {
            throw new EvalException(e.pos(), "cyclic reference");
        }
        for (String n : needs(e)) {
            WorkflowElement dep = byName.get(n);
            if (dep != null && dep != e) {
                visit(dep, byName, done, visiting, out);
            }
        }
        visiting.remove(e);
        done.add(e);
        out.add(e);
    }

    // ---- structs ----------------------------------------------------------------------------------------------

    private static Map<String, Type.StructType> resolveStructs(List<StructDef> defs) {
        Map<String, StructDef> byName = new HashMap<>();
        defs.forEach(d -> byName.put(d.name(), d));
        Map<String, Type.StructType> out = new LinkedHashMap<>();
        for (StructDef d : defs) {
            out.put(d.name(), resolveStruct(d.name(), byName, out, new LinkedHashSet<>()));
        }
        return out;
    }

    private static Type.StructType resolveStruct(String name, Map<String, StructDef> defs,
            Map<String, Type.StructType> done, Set<String> stack) {
        if (done.containsKey(name)) {
            return done.get(name);
        }
        StructDef d = defs.get(name);
        if (d == null || !stack.add(name)) {
            throw new NotRunnable("unknown or recursive struct " + name);
        }
        Map<String, Type> members = new LinkedHashMap<>();
        for (StructDef.Member m : d.members()) {
            members.put(m.name(), resolveWith(m.type(), defs, done, stack));
        }
        stack.remove(name);
        Type.StructType st = new Type.StructType(name, members, false);
        done.put(name, st);
        return st;
    }

    private static Type resolveWith(Type t, Map<String, StructDef> defs, Map<String, Type.StructType> done,
            Set<String> stack) {
        if (t instanceof Type.StructType s) {
            return resolveStruct(s.name(), defs, done, stack).withOptional(s.optional());
        }
        if (t instanceof Type.ArrayType a) {
            return new Type.ArrayType(resolveWith(a.item(), defs, done, stack), a.nonEmpty(), a.optional());
        }
        if (t instanceof Type.MapType m) {
            return new Type.MapType(resolveWith(m.key(), defs, done, stack), resolveWith(m.value(), defs, done, stack),
                    m.optional());
        }
        if (t instanceof Type.PairType p) {
            return new Type.PairType(resolveWith(p.left(), defs, done, stack), resolveWith(p.right(), defs, done, stack),
                    p.optional());
        }
        return t;
    }

    private Type resolve(Type t) {
        if (t instanceof Type.StructType s) {
            Type.StructType r = structs.get(s.name());
            if (r == null) {
                throw new NotRunnable("unknown struct " + s.name());
            }
            return r.withOptional(s.optional());
        }
        if (t instanceof Type.ArrayType a) {
            return new Type.ArrayType(resolve(a.item()), a.nonEmpty(), a.optional());
        }
        if (t instanceof Type.MapType m) {
            return new Type.MapType(resolve(m.key()), resolve(m.value()), m.optional());
        }
        if (t instanceof Type.PairType p) {
            return new Type.PairType(resolve(p.left()), resolve(p.right()), p.optional());
        }
        return t;
    }
}
