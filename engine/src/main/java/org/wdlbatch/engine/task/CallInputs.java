package org.wdlbatch.engine.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.engine.run.DeclarationValue;
import org.wdlbatch.engine.run.RunContext;
import org.wdlbatch.engine.run.TaskLog;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.ReferencedNames;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.eval.Environment;
import org.wdlbatch.wdl.eval.Evaluator;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.Values;

/**
 * The values of one call's declarations, in the one environment everything after them is evaluated in (the
 * runtime section, the command, the outputs): its inputs (supplied or defaulted, URIs downloaded), then its private
 * declarations. It also gathers the command's environment variables: the run's {@code --env}, then the task's own
 * {@code env} declarations, which win.
 */
final class CallInputs {

    private final RunContext ctx;
    private final CheckedTask task;
    private final TaskLog log;
    private final Evaluator evaluator;
    private final Environment env = new Environment();
    private final Map<String, String> commandEnv = new LinkedHashMap<>();
    private final InputDownloads downloads;

    CallInputs(RunContext ctx, CheckedTask task, TaskLog log, Evaluator evaluator) {
        this.ctx = ctx;
        this.task = task;
        this.log = log;
        this.evaluator = evaluator;
        this.downloads = new InputDownloads(ctx, task.name(), log);
    }

    /** The run's environment variables first: the task's own env declarations, bound later, win. */
    void addRunEnvironment() {
        commandEnv.putAll(ctx.taskOptions().env());
        if (!ctx.taskOptions().env().isEmpty()) {
            log.detail("environment from the run (--env / [task_runtime] env): "
                    + String.join(", ", ctx.taskOptions().envNames()));
        }
    }

    /**
     * The task's input declarations, with supplied values where given and defaults elsewhere (in dependency
     * order, since defaults may read other inputs). Downloads URI inputs. In draft-2 every declaration before the
     * command may be supplied, so supplied names win over any declaration's expression.
     */
    Map<String, Value> evaluateInputs(TaskDef def, Map<String, Value> suppliedInputs) {
        List<Declaration> inputDecls = def.inputs() != null ? def.inputs() : List.of();
        Map<String, Value> supplied = new LinkedHashMap<>();
        suppliedInputs.forEach((k, v) -> supplied.put(k, downloads.fetch(k, v)));
        if (def.inputs() == null) {
            // draft-2 (or no input section): supplied values bind declarations directly
            return evaluateDeclarations(def.declarations(), supplied, false);
        }
        return evaluateDeclarations(inputDecls, supplied, false);
    }

    /** Binds an input again, to the path the command sees it at (its link under {@code work/_inputs/}). */
    void rebind(String name, Value v) {
        env.bind(name, v);
    }

    /** The private declarations (draft-2: the declarations not bound as inputs), after the inputs are linked. */
    void evaluatePrivateDeclarations(TaskDef def) {
        evaluateDeclarations(def.declarations(), Map.of(), true);
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
                    v = downloads.fetch(d.name(), v);
                }
                env.bind(d.name(), v);
                out.put(d.name(), v);
                if (d.env()) {
                    commandEnv.put(d.name(), Values.interpolationString(v));
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

    /** {@code e} evaluated over the declarations bound so far (the runtime section's attributes). */
    Value evaluate(Expr e) {
        return evaluator.evaluate(e, env);
    }

    /** The command, its common indentation stripped and its placeholders filled in, written to {@code file}. */
    void writeCommand(TaskDef def, Path file) throws IOException {
        CommandTemplate.Result template = CommandTemplate.strip(def.command() == null ? List.of()
                : def.command().parts());
        if (template.mixedIndentation()) {
            log.warn("the command mixes tabs and spaces in its indentation; leaving it unchanged");
        }
        String script = evaluator.interpolate(template.parts(), env);
        Files.writeString(file, script, StandardCharsets.UTF_8);
    }

    /** The variables the command runs with (the map itself: the attempts read it after it is complete). */
    Map<String, String> commandEnv() {
        return commandEnv;
    }

    Evaluator evaluator() {
        return evaluator;
    }

    Environment environment() {
        return env;
    }
}
