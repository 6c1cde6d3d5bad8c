package org.wdlbatch.wdl.syntax;

import java.util.stream.Collectors;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;

/** Prints an expression with every operator application parenthesised, so tests can check the tree's shape. */
final class Canonical {

    private Canonical() {}

    static String of(Expr e) {
        if (e instanceof Expr.IntLit i) {
            return Long.toString(i.value());
        } else if (e instanceof Expr.FloatLit f) {
            return Double.toString(f.value());
        } else if (e instanceof Expr.BoolLit b) {
            return Boolean.toString(b.value());
        } else if (e instanceof Expr.NoneLit) {
            return "None";
        } else if (e instanceof Expr.StringLit s) {
            return (s.multiline() ? "<<<" : "\"") + s.parts().stream().map(Canonical::part).collect(Collectors.joining())
                    + (s.multiline() ? ">>>" : "\"");
        } else if (e instanceof Expr.ArrayLit a) {
            return a.items().stream().map(Canonical::of).collect(Collectors.joining(", ", "[", "]"));
        } else if (e instanceof Expr.MapLit m) {
            return m.entries().stream().map(en -> of(en.key()) + ": " + of(en.value()))
                    .collect(Collectors.joining(", ", "{", "}"));
        } else if (e instanceof Expr.PairLit p) {
            return "(" + of(p.left()) + ", " + of(p.right()) + ")";
        } else if (e instanceof Expr.ObjectLit o) {
            return "object " + o.fields().stream().map(f -> f.name() + ": " + of(f.value()))
                    .collect(Collectors.joining(", ", "{", "}"));
        } else if (e instanceof Expr.StructLit s) {
            return s.structName() + " " + s.fields().stream().map(f -> f.name() + ": " + of(f.value()))
                    .collect(Collectors.joining(", ", "{", "}"));
        } else if (e instanceof Expr.Ident i) {
            return i.name();
        } else if (e instanceof Expr.Access a) {
            return of(a.target()) + "." + a.member();
        } else if (e instanceof Expr.Index x) {
            return of(x.target()) + "[" + of(x.index()) + "]";
        } else if (e instanceof Expr.Apply a) {
            return a.function() + a.args().stream().map(Canonical::of).collect(Collectors.joining(", ", "(", ")"));
        } else if (e instanceof Expr.Unary u) {
            return "(" + u.op().symbol + of(u.operand()) + ")";
        } else if (e instanceof Expr.Binary b) {
            return "(" + of(b.left()) + " " + b.op().symbol + " " + of(b.right()) + ")";
        } else if (e instanceof Expr.IfThenElse i) {
            return "(if " + of(i.condition()) + " then " + of(i.ifTrue()) + " else " + of(i.ifFalse()) + ")";
        }
        throw new AssertionError(e);
    }

    static String part(StringPart p) {
        if (p instanceof StringPart.Text t) {
            return t.text();
        }
        StringPart.Placeholder ph = (StringPart.Placeholder) p;
        String opts = ph.options().stream().map(o -> o.name() + "=" + of(o.value()) + " ")
                .collect(Collectors.joining());
        return "~{" + opts + of(ph.expr()) + "}";
    }
}
