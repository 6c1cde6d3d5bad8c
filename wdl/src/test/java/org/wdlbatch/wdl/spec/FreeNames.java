package org.wdlbatch.wdl.spec;

import java.util.LinkedHashSet;
import java.util.Set;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;

/** The names an expression refers to (the first part of dotted names), for ordering declarations. */
final class FreeNames {

    private FreeNames() {}

    static Set<String> of(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        collect(e, out);
        return out;
    }

    private static void collect(Expr e, Set<String> out) {
        if (e == null) {
            return;
        }
        if (e instanceof Expr.Ident id) {
            out.add(id.name());
        } else if (e instanceof Expr.Access a) {
            collect(a.target(), out);
        } else if (e instanceof Expr.Index ix) {
            collect(ix.target(), out);
            collect(ix.index(), out);
        } else if (e instanceof Expr.StringLit s) {
            for (StringPart p : s.parts()) {
                if (p instanceof StringPart.Placeholder ph) {
                    collect(ph.expr(), out);
                    ph.options().forEach(o -> collect(o.value(), out));
                }
            }
        } else if (e instanceof Expr.ArrayLit a) {
            a.items().forEach(x -> collect(x, out));
        } else if (e instanceof Expr.MapLit m) {
            m.entries().forEach(en -> {
                collect(en.key(), out);
                collect(en.value(), out);
            });
        } else if (e instanceof Expr.PairLit p) {
            collect(p.left(), out);
            collect(p.right(), out);
        } else if (e instanceof Expr.ObjectLit o) {
            o.fields().forEach(f -> collect(f.value(), out));
        } else if (e instanceof Expr.StructLit s) {
            s.fields().forEach(f -> collect(f.value(), out));
        } else if (e instanceof Expr.Apply ap) {
            ap.args().forEach(x -> collect(x, out));
        } else if (e instanceof Expr.Unary u) {
            collect(u.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (e instanceof Expr.IfThenElse it) {
            collect(it.condition(), out);
            collect(it.ifTrue(), out);
            collect(it.ifFalse(), out);
        }
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
