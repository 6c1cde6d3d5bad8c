package org.wdlbatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.wdlbatch.engine.inputs.InputException;
import org.wdlbatch.engine.inputs.RunTarget;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.check.Frontend;
import org.wdlbatch.wdl.check.InputParam;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.types.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.wdlbatch.wdl.json.JsonText;

/**
 * {@code wdlbatch input_template WDL}: a skeleton inputs JSON for {@code wdlbatch run -i}. Like miniwdl's command of
 * the same name, required inputs get a placeholder of their type (42 for Int, 3.14 for Float, false for Boolean, the
 * type's name for String, File and Directory, one element for arrays, the members of structs); {@code --optional}
 * adds the optional inputs too, with their default where it is a constant, else null.
 */
@Command(name = "input_template", aliases = "input-template", mixinStandardHelpOptions = true,
        description = {"Print a skeleton inputs JSON of a workflow (or task) for `wdlbatch run -i`.",
                "Required inputs get a placeholder of their type; edit the values and run."},
        footer = {"", "Examples:",
                "  wdlbatch input_template pipeline.wdl > inputs.json",
                "  wdlbatch input_template tasks.wdl --task align --optional"})
final class InputTemplateCommand implements Callable<Integer> {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Parameters(index = "0", paramLabel = "WDL", description = "the WDL file (path, http(s) URL or bundle zip)")
    String wdl;

    @Option(names = "--task", paramLabel = "NAME", description = "the task to run alone instead of the workflow")
    String task;

    @Option(names = "--optional", description = "also list optional inputs (with their constant defaults)")
    boolean optional;

    @Option(names = "--no-namespace", description = "keys without the workflow's name (x instead of wf.x)")
    boolean noNamespace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunTarget target;
        try {
            target = RunTarget.of(new Frontend().check(wdl), wdl, task);
        } catch (WdlException e) {
            Set<String> printed = new LinkedHashSet<>();
            e.diagnostics().forEach(d -> printed.add(d.format()));
            printed.forEach(err::println);
            return WdlbatchMain.EXIT_USAGE;
        } catch (InputException e) {
            err.println("wdlbatch: " + e.getMessage());
            return WdlbatchMain.EXIT_USAGE;
        }
        String prefix = noNamespace || target.workflow() == null ? "" : target.name() + ".";
        ObjectNode template = JSON.objectNode();
        for (Map.Entry<String, InputParam> e : target.inputs().entrySet()) {
            InputParam p = e.getValue();
            if (p.required()) {
                template.set(prefix + e.getKey(), placeholder(p.type()));
            } else if (optional) {
                template.set(prefix + e.getKey(), p.hasDefault() ? constant(p.declaration().expr()) : JSON.nullNode());
            }
        }
        out.println(JsonText.pretty(template));
        return WdlbatchMain.EXIT_OK;
    }

    /** A value of the type for the user to replace (miniwdl's choices, so templates look the same). */
    static JsonNode placeholder(Type type) {
        if (type instanceof Type.IntType) {
            return JSON.numberNode(42);
        }
        if (type instanceof Type.FloatType) {
            return JSON.numberNode(3.14);
        }
        if (type instanceof Type.BooleanType) {
            return JSON.booleanNode(false);
        }
        if (type instanceof Type.ArrayType a) {
            ArrayNode items = JSON.arrayNode();
            items.add(placeholder(a.item()));
            return items;
        }
        if (type instanceof Type.MapType m) {
            ObjectNode o = JSON.objectNode();
            o.set(m.key().asRequired().toString(), placeholder(m.value()));
            return o;
        }
        if (type instanceof Type.PairType p) {
            ObjectNode o = JSON.objectNode();
            o.set("left", placeholder(p.left()));
            o.set("right", placeholder(p.right()));
            return o;
        }
        if (type instanceof Type.StructType s) {
            ObjectNode o = JSON.objectNode();
            s.members().forEach((name, t) -> {
                if (!t.optional()) {
                    o.set(name, placeholder(t));
                }
            });
            return o;
        }
        return JSON.textNode(type.asRequired().toString());
    }

    /** A default that is a constant (literals, arrays of them), as JSON; null for anything to evaluate at run time. */
    static JsonNode constant(Expr expr) {
        if (expr instanceof Expr.IntLit i) {
            return JSON.numberNode(i.value());
        }
        if (expr instanceof Expr.FloatLit f) {
            return JSON.numberNode(f.value());
        }
        if (expr instanceof Expr.BoolLit b) {
            return JSON.booleanNode(b.value());
        }
        if (expr instanceof Expr.StringLit s && s.parts().stream().allMatch(p -> p instanceof StringPart.Text)) {
            StringBuilder text = new StringBuilder();
            s.parts().forEach(p -> text.append(((StringPart.Text) p).text()));
            return JSON.textNode(text.toString());
        }
        if (expr instanceof Expr.ArrayLit a) {
            ArrayNode items = JSON.arrayNode();
            for (Expr item : a.items()) {
                JsonNode v = constant(item);
                if (v.isNull()) {
                    return JSON.nullNode();
                }
                items.add(v);
            }
            return items;
        }
        return JSON.nullNode();
    }
}
