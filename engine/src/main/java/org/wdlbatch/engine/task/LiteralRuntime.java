package org.wdlbatch.engine.task;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.check.CheckedDocument;

/**
 * The runtime attributes a document's tasks (its imports' too) give as plain literals: a String without
 * placeholders, a Boolean, an Int or a Float. Known before anything runs, so a backend can refuse one it cannot
 * honour (a job queue that does not exist, a privilege not allowed) before the run starts
 * ({@link org.wdlbatch.engine.backend.TaskBackend#checkBeforeRun}); computed values are checked when each call runs.
 */
public final class LiteralRuntime {

    private LiteralRuntime() {}

    /** Task name → runtime key → literal value, in document order. */
    public static Map<String, Map<String, Object>> of(CheckedDocument doc) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        collect(doc, out, new IdentityHashMap<>());
        return out;
    }

    private static void collect(CheckedDocument doc, Map<String, Map<String, Object>> out,
            Map<CheckedDocument, Boolean> seen) {
        if (seen.put(doc, true) != null) {
            return;
        }
        doc.tasks().values().forEach(t -> {
            TaskDef def = t.definition();
            Map<String, Object> literals = new LinkedHashMap<>();
            def.runtime().forEach((k, e) -> {
                Object v = literal(e);
                if (v != null) {
                    literals.put(k, v);
                }
            });
            if (!literals.isEmpty()) {
                out.putIfAbsent(def.name(), literals);
            }
        });
        doc.imports().values().forEach(d -> collect(d, out, seen));
    }

    private static Object literal(Expr e) {
        if (e instanceof Expr.BoolLit b) {
            return b.value();
        }
        if (e instanceof Expr.IntLit i) {
            return i.value();
        }
        if (e instanceof Expr.FloatLit f) {
            return f.value();
        }
        if (e instanceof Expr.StringLit s && s.parts().stream().allMatch(p -> p instanceof StringPart.Text)) {
            StringBuilder sb = new StringBuilder();
            s.parts().forEach(p -> sb.append(((StringPart.Text) p).text()));
            return sb.toString();
        }
        return null;
    }
}
