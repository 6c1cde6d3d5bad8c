package org.wdlbatch.wdl.ast;

import java.util.LinkedHashSet;
import java.util.Set;



/**
 * The names an expression reads: the root of every identifier, so {@code align.bam} reads {@code align} and
 * {@code pair.left} reads {@code pair}. Function names and struct literal field names are not names.
 * The engine turns these into dependencies between workflow nodes and between a task's declarations.
 */
public final class ReferencedNames {

    private ReferencedNames() {}

    public static Set<String> of(Expr expr) {
        Set<String> out = new LinkedHashSet<>();
        collect(expr, out);
        return out;
    }

    public static void collect(Expr e, Set<String> out) {
        if (e == null) {
            return;
        }
        if (e instanceof Expr.Ident id) {
            out.add(id.name());
        } else if (e instanceof Expr.Access a) {
            collect(a.target(), out);
        } else if (e instanceof Expr.Index i) {
            collect(i.target(), out);
            collect(i.index(), out);
        } else if (e instanceof Expr.Apply ap) {
            ap.args().forEach(x -> collect(x, out));
        } else if (e instanceof Expr.Unary u) {
            collect(u.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (e instanceof Expr.IfThenElse t) {
            collect(t.condition(), out);
            collect(t.ifTrue(), out);
            collect(t.ifFalse(), out);
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
        }
        // literals read no names
    }
}
