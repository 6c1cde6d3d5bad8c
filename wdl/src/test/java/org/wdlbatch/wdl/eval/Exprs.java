package org.wdlbatch.wdl.eval;

import java.util.ArrayList;
import java.util.List;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.source.SourcePos;

/** Builds expressions by hand for evaluator tests (as the parser would). */
public final class Exprs {

    public static final SourcePos P = new SourcePos("test.wdl", 1, 1);

    private Exprs() {}

    public static Expr i(long v) { return new Expr.IntLit(P, v); }
    public static Expr f(double v) { return new Expr.FloatLit(P, v); }
    public static Expr b(boolean v) { return new Expr.BoolLit(P, v); }
    public static Expr none() { return new Expr.NoneLit(P); }
    public static Expr s(String text) { return new Expr.StringLit(P, List.of(new StringPart.Text(text)), false); }
    public static Expr id(String name) { return new Expr.Ident(P, name); }
    public static Expr at(int line, String name) { return new Expr.Ident(new SourcePos("test.wdl", line, 5), name); }
    public static Expr dot(Expr target, String member) { return new Expr.Access(P, target, member); }
    public static Expr idx(Expr target, Expr index) { return new Expr.Index(P, target, index); }
    public static Expr arr(Expr... items) { return new Expr.ArrayLit(P, List.of(items)); }
    public static Expr pair(Expr l, Expr r) { return new Expr.PairLit(P, l, r); }
    public static Expr call(String fn, Expr... args) { return new Expr.Apply(P, fn, List.of(args)); }
    public static Expr op(Expr l, Expr.BinaryOp op, Expr r) { return new Expr.Binary(P, op, l, r); }
    public static Expr not(Expr e) { return new Expr.Unary(P, Expr.UnaryOp.NOT, e); }
    public static Expr neg(Expr e) { return new Expr.Unary(P, Expr.UnaryOp.NEGATE, e); }
    public static Expr ite(Expr c, Expr t, Expr e) { return new Expr.IfThenElse(P, c, t, e); }

    /** {@code {k1: v1, k2: v2}} from alternating keys and values. */
    public static Expr map(Expr... kv) {
        List<Expr.MapEntry> entries = new ArrayList<>();
        for (int j = 0; j < kv.length; j += 2) {
            entries.add(new Expr.MapEntry(kv[j], kv[j + 1]));
        }
        return new Expr.MapLit(P, entries);
    }

    public static Expr.Field field(String name, Expr value) { return new Expr.Field(P, name, value); }
    public static Expr obj(Expr.Field... fields) { return new Expr.ObjectLit(P, List.of(fields)); }
    public static Expr struct(String name, Expr.Field... fields) { return new Expr.StructLit(P, name, List.of(fields)); }

    /** A string of parts: String items are text, Expr items placeholders. */
    public static Expr str(Object... parts) { return new Expr.StringLit(P, parts(parts), false); }

    public static List<StringPart> parts(Object... parts) {
        List<StringPart> out = new ArrayList<>();
        for (Object o : parts) {
            if (o instanceof String t) {
                out.add(new StringPart.Text(t));
            } else if (o instanceof StringPart sp) {
                out.add(sp);
            } else {
                out.add(new StringPart.Placeholder(P, (Expr) o, List.of()));
            }
        }
        return out;
    }

    /** A placeholder with 1.0 options, e.g. {@code ph(expr, "sep", ", ")}. */
    public static StringPart ph(Expr e, String... options) {
        List<StringPart.PlaceholderOption> os = new ArrayList<>();
        for (int j = 0; j < options.length; j += 2) {
            os.add(new StringPart.PlaceholderOption(options[j], s(options[j + 1])));
        }
        return new StringPart.Placeholder(P, e, os);
    }
}
