package org.wdlbatch.bench.spec;

import java.util.Set;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;

/** The names an expression refers to (the first part of dotted names), for ordering declarations. */
final class FreeNames {

    private FreeNames() {}

    static Set<String> of(Expr e) {
        return org.wdlbatch.wdl.ast.ReferencedNames.of(e);
    }

    /** Whether {@code e} calls one of {@code functions}. */
    static boolean calls(Expr e, Set<String> functions) {
        if (e == null) {
            return false;
        }
        if (e instanceof Expr.Apply ap) {
            if (functions.contains(ap.function())) {
                return true;
            }
            return ap.args().stream().anyMatch(x -> calls(x, functions));
        }
        if (e instanceof Expr.Access a) {
            return calls(a.target(), functions);
        }
        if (e instanceof Expr.Index ix) {
            return calls(ix.target(), functions) || calls(ix.index(), functions);
        }
        if (e instanceof Expr.StringLit s) {
            return s.parts().stream().anyMatch(p -> p instanceof StringPart.Placeholder ph && calls(ph.expr(), functions));
        }
        if (e instanceof Expr.ArrayLit a) {
            return a.items().stream().anyMatch(x -> calls(x, functions));
        }
        if (e instanceof Expr.MapLit m) {
            return m.entries().stream().anyMatch(en -> calls(en.key(), functions) || calls(en.value(), functions));
        }
        if (e instanceof Expr.PairLit p) {
            return calls(p.left(), functions) || calls(p.right(), functions);
        }
        if (e instanceof Expr.ObjectLit o) {
            return o.fields().stream().anyMatch(f -> calls(f.value(), functions));
        }
        if (e instanceof Expr.StructLit s) {
            return s.fields().stream().anyMatch(f -> calls(f.value(), functions));
        }
        if (e instanceof Expr.Unary u) {
            return calls(u.operand(), functions);
        }
        if (e instanceof Expr.Binary b) {
            return calls(b.left(), functions) || calls(b.right(), functions);
        }
        if (e instanceof Expr.IfThenElse it) {
            return calls(it.condition(), functions) || calls(it.ifTrue(), functions) || calls(it.ifFalse(), functions);
        }
        return false;
    }
}
