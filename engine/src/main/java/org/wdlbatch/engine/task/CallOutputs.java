package org.wdlbatch.engine.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.DeclarationOrder;
import org.wdlbatch.wdl.check.CheckedTask;
import org.wdlbatch.wdl.eval.Environment;
import org.wdlbatch.wdl.eval.Evaluator;
import org.wdlbatch.wdl.stdlib.LocalFileAccess;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.DirectoryValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.NullValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;
import org.wdlbatch.wdl.json.JsonText;

/**
 * A call's outputs: evaluated after its successful attempt (relative files resolved in {@code work/}, each one
 * checked to exist and to stay inside the task directory), written to {@code outputs.json}, and read back from
 * such a JSON (a resumed run's finished call, a call cache entry).
 */
final class CallOutputs {

    /** A declared output that the command did not produce (or that escapes the task directory). */
    static final class OutputProblem extends RuntimeException {
        OutputProblem(String message) {
            super(message);
        }
    }

    /** The outputs as written to {@code outputs.json}, and the files they name (what the call cache keeps). */
    record Written(ObjectNode json, List<Path> files) {}

    private final CheckedTask task;
    private final Path dir;
    private final TaskDirectory layout;
    private final CallInputs inputs;
    private final InputLinks links;

    CallOutputs(CheckedTask task, TaskDirectory layout, CallInputs inputs, InputLinks links) {
        this.task = task;
        this.dir = layout.path();
        this.layout = layout;
        this.inputs = inputs;
        this.links = links;
    }

    private Path work() {
        return layout.work();
    }

    /** The task's outputs, in declared order (evaluated in dependency order: an output may read another). */
    Map<String, Value> evaluate() {
        LocalFileAccess files = new LocalFileAccess(work(), dir.resolve("write_"), dir.resolve("stdout.txt"),
                dir.resolve("stderr.txt"));
        Evaluator outEval = inputs.evaluator().withFiles(files);
        Environment outEnv = inputs.environment().child();
        Map<String, Value> outputs = new LinkedHashMap<>();
        task.definition().outputs().forEach(d -> outputs.put(d.name(), null)); // keeps the declared order
        for (Declaration d : DeclarationOrder.of(task.definition().outputs())) {
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
                throw missing(d, path);
            }
            checkInside(d, path, p);
            return v instanceof FileValue ? new FileValue(p.toString()) : new DirectoryValue(p.toString());
        }
        if (v instanceof NullValue) {
            return v;
        }
        return FileValues.rewrite(v, path -> {
            Path p = work().resolve(path).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                throw missing(d, path);
            }
            checkInside(d, path, p);
            return p.toString();
        });
    }

    private OutputProblem missing(Declaration d, String path) {
        return new OutputProblem("output " + task.name() + "." + d.name() + ": file " + path
                + " does not exist in " + work());
    }

    /** Output {@code d}'s file {@code path} (resolved to {@code p}) stays inside the task directory. */
    private void checkInside(Declaration d, String path, Path p) {
        String escape = OutputPaths.taskOutputEscape(task.name() + "." + d.name(), path, p, dir, links.sources());
        if (escape != null) {
            throw new OutputProblem(escape);
        }
    }

    /** Writes {@code outputs.json} (the call's result, and what a resume keeps). */
    Written write(Map<String, Value> outputs) throws IOException {
        List<Path> outFiles = new ArrayList<>();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        outputs.forEach((k, v) -> {
            json.set(k, ValueJson.toJson(v));
            FileValues.paths(v).forEach(p -> outFiles.add(Path.of(p)));
        });
        Files.writeString(layout.outputs(),
                JsonText.pretty(json));
        return new Written(json, outFiles);
    }

    /**
     * The task's outputs read back from {@code json} (File paths are absolute); empty when an output is missing
     * (the JSON predates it, or was cut short), so the call runs again.
     */
    static Optional<Map<String, Value>> fromJson(CheckedTask task, JsonNode json) {
        Map<String, Value> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, Type> o : task.outputs().entrySet()) {
            JsonNode n = json == null ? null : json.get(o.getKey());
            if (n == null) {
                return Optional.empty();
            }
            outputs.put(o.getKey(), ValueJson.fromJson(n, o.getValue(), o.getKey()));
        }
        return Optional.of(outputs);
    }
}
