package org.wdlbatch.engine.run;

import java.util.Map;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.eval.Environment;
import org.wdlbatch.wdl.eval.Evaluator;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.Value;

/** The value a declaration takes in a workflow or a task, by the same rule in both places. */
public final class DeclarationValue {

    private DeclarationValue() {}

    /**
     * The supplied value (coerced to {@code type}) when there is one, else the declaration's expression, else
     * None when the type is optional; null when none applies (a required input nobody gave: the caller says so).
     */
    public static Value of(Declaration d, Type type, Map<String, Value> supplied, Evaluator evaluator,
            Environment env) {
        if (supplied.containsKey(d.name())) {
            return evaluator.coerce(supplied.get(d.name()), type, d.pos());
        }
        if (d.expr() != null) {
            return evaluator.evaluate(d.expr(), type, env);
        }
        return type.optional() ? Value.NONE : null;
    }
}
