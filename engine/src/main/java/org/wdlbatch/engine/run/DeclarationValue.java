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
     * The supplied value (coerced to {@code type}) when there is one (a null for a non-optional declaration with a
     * default counts as none), else the declaration's expression, else
     * None when the type is optional; null when none applies (a required input nobody gave: the caller says so).
     */
    public static Value of(Declaration d, Type type, Map<String, Value> supplied, Evaluator evaluator,
            Environment env) {
        Value given = supplied.get(d.name());
        // An explicit null for a declaration with a default and a non-optional type selects the default; for an
        // explicitly optional one (Int? x = 5) it overrides the default. miniwdl's rule, docs/compatibility.md.
        if (given != null && !(given.isNone() && d.expr() != null && !type.optional())) {
            return evaluator.coerce(given, type, d.pos());
        }
        if (d.expr() != null) {
            return evaluator.evaluate(d.expr(), type, env);
        }
        return type.optional() ? Value.NONE : null;
    }
}
