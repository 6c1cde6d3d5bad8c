package org.wdlbatch.wdl.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.stdlib.CallContext;
import org.wdlbatch.wdl.stdlib.FileAccess;
import org.wdlbatch.wdl.stdlib.StdFunction;
import org.wdlbatch.wdl.stdlib.StdLib;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.Coercion;
import org.wdlbatch.wdl.values.CoercionException;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.FloatValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.MapValue;
import org.wdlbatch.wdl.values.NullValue;
import org.wdlbatch.wdl.values.ObjectValue;
import org.wdlbatch.wdl.values.PairValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.StructValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.Values;

/**
 * Evaluates expressions to values in an {@link Environment}, with the operator and interpolation rules of the
 * document's WDL version. Standard library calls reach files through the {@link FileAccess} given here, so the
 * same evaluator serves workflow declarations, task inputs, command rendering ({@link #interpolate}) and task
 * outputs (with a FileAccess that knows stdout/stderr and the work directory).
 */
public final class Evaluator {

    private final Version version;
    private final FileAccess files;
    private final Map<String, Type.StructType> structs;
    private final CallContext context;

    /**
     * @param structs the document's structs by name (members resolved), for struct literals
     */
    public Evaluator(Version version, FileAccess files, Map<String, Type.StructType> structs) {
        this.version = version;
        this.files = files;
        this.structs = structs == null ? Map.of() : structs;
        this.context = new CallContext(version, files);
    }

    /** An evaluator that may not touch files and knows no structs. */
    public Evaluator(Version version) {
        this(version, FileAccess.NONE, Map.of());
    }

    public Version version() {
        return version;
    }

    public FileAccess files() {
        return files;
    }

    /** The same evaluator with other file access (e.g. a task's, once its command has run). */
    public Evaluator withFiles(FileAccess other) {
        return new Evaluator(version, other, structs);
    }

    /**
     * The value of {@code e}.
     *
     * @throws EvalException for every runtime error (nothing else escapes: an unexpected failure of an operation
     *     becomes an EvalException naming the expression)
     */
    public Value evaluate(Expr e, Environment env) {
        try {
            return eval(e, env, false);
        } catch (EvalException ex) {
            throw ex;
        } catch (ArithmeticException ex) {
            throw new EvalException(e.pos(), "arithmetic error: " + ex.getMessage(), false, ex);
        } catch (RuntimeException ex) {
            throw new EvalException(e.pos(), "cannot evaluate the expression: " + ex, false, ex);
        }
    }

    /** Evaluates {@code e} and coerces the result to {@code type} (a declaration's type). */
    public Value evaluate(Expr e, Type type, Environment env) {
        return coerce(evaluate(e, env), type, e.pos());
    }

    /** Coerces with this version's rules; a failure becomes an {@link EvalException} at {@code pos}. */
    public Value coerce(Value v, Type type, SourcePos pos) {
        try {
            return Coercion.coerce(v, type, version);
        } catch (CoercionException ex) {
            throw new EvalException(pos, ex.getMessage(), v instanceof NullValue, ex);
        }
    }

    // ---- expressions ------------------------------------------------------------------------------------------

    private Value eval(Expr e, Environment env, boolean inPlaceholder) {
        try {
            return evalUnlocated(e, env, inPlaceholder);
        } catch (EvalException ex) {
            throw ex.at(e.pos());
        }
    }

    private Value evalUnlocated(Expr e, Environment env, boolean ph) {
        if (e instanceof Expr.IntLit i) {
            return new IntValue(i.value());
        }
        if (e instanceof Expr.FloatLit f) {
            return new FloatValue(f.value());
        }
        if (e instanceof Expr.BoolLit b) {
            return BooleanValue.of(b.value());
        }
        if (e instanceof Expr.NoneLit) {
            return Value.NONE;
        }
        if (e instanceof Expr.StringLit s) {
            return new StringValue(interpolate(s.parts(), env));
        }
        if (e instanceof Expr.ArrayLit a) {
            return arrayLiteral(a, env, ph);
        }
        if (e instanceof Expr.MapLit m) {
            return mapLiteral(m, env, ph);
        }
        if (e instanceof Expr.PairLit p) {
            return new PairValue(eval(p.left(), env, ph), eval(p.right(), env, ph));
        }
        if (e instanceof Expr.ObjectLit o) {
            Map<String, Value> members = new LinkedHashMap<>();
            for (Expr.Field f : o.fields()) {
                members.put(f.name(), eval(f.value(), env, ph));
            }
            return new ObjectValue(members);
        }
        if (e instanceof Expr.StructLit s) {
            return structLiteral(s, env, ph);
        }
        if (e instanceof Expr.Ident id) {
            Value v = env.lookup(id.name());
            if (v == null) {
                throw new EvalException(id.pos(), env.hasNamespace(id.name())
                        ? "'" + id.name() + "' is a call or namespace; name one of its outputs (" + id.name() + ".x)"
                        : "unknown name '" + id.name() + "'");
            }
            return v;
        }
        if (e instanceof Expr.Access a) {
            return access(a, env, ph);
        }
        if (e instanceof Expr.Index ix) {
            return index(ix, env, ph);
        }
        if (e instanceof Expr.Apply ap) {
            return apply(ap, env, ph);
        }
        if (e instanceof Expr.Unary u) {
            return unary(u, env, ph);
        }
        if (e instanceof Expr.Binary b) {
            return Operators.binary(b, this, env, ph);
        }
        if (e instanceof Expr.IfThenElse it) {
            Value c = eval(it.condition(), env, ph);
            if (!(c instanceof BooleanValue cb)) {
                throw new EvalException(it.condition().pos(), "the condition of if-then-else must be a Boolean, got "
                        + Values.describe(c), c instanceof NullValue, null);
            }
            return eval(cb.value() ? it.ifTrue() : it.ifFalse(), env, ph);
        }
        throw new EvalException(e.pos(), "cannot evaluate " + e.getClass().getSimpleName());
    }

    /** Package access for {@link Operators}. */
    Value evalOperand(Expr e, Environment env, boolean ph) {
        return eval(e, env, ph);
    }

    private Value arrayLiteral(Expr.ArrayLit a, Environment env, boolean ph) {
        List<Value> items = new ArrayList<>(a.items().size());
        Type item = Type.ANY;
        for (Expr x : a.items()) {
            Value v = eval(x, env, ph);
            Type u = Values.unifyLiteral(item, v.type());
            if (u == null) {
                throw new EvalException(x.pos(), "array items have incompatible types " + item + " and " + v.type());
            }
            item = u;
            items.add(v);
        }
        List<Value> coerced = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            coerced.add(coerce(items.get(i), item, a.items().get(i).pos()));
        }
        return new ArrayValue(new Type.ArrayType(item, !items.isEmpty(), false), coerced);
    }

    private Value mapLiteral(Expr.MapLit m, Environment env, boolean ph) {
        List<Value> keys = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        Type kt = Type.ANY;
        Type vt = Type.ANY;
        for (Expr.MapEntry en : m.entries()) {
            Value k = eval(en.key(), env, ph);
            Value v = eval(en.value(), env, ph);
            Type ku = Values.unifyLiteral(kt, k.type());
            Type vu = Values.unifyLiteral(vt, v.type());
            if (ku == null) {
                throw new EvalException(en.key().pos(), "map keys have incompatible types " + kt + " and " + k.type());
            }
            if (vu == null) {
                throw new EvalException(en.value().pos(), "map values have incompatible types " + vt + " and " + v.type());
            }
            kt = ku;
            vt = vu;
            keys.add(k);
            values.add(v);
        }
        Map<Value, Value> entries = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Value k = coerce(keys.get(i), kt, m.entries().get(i).key().pos());
            if (k instanceof NullValue) {
                throw new EvalException(m.entries().get(i).key().pos(), "a map key is None", true, null);
            }
            entries.put(k, coerce(values.get(i), vt, m.entries().get(i).value().pos()));
        }
        return new MapValue(kt, vt, entries);
    }

    private Value structLiteral(Expr.StructLit s, Environment env, boolean ph) {
        Type.StructType st = structs.get(s.structName());
        if (st == null) {
            throw new EvalException(s.pos(), "unknown struct " + s.structName());
        }
        Map<String, Value> members = new LinkedHashMap<>();
        for (Expr.Field f : s.fields()) {
            members.put(f.name(), eval(f.value(), env, ph));
        }
        try {
            return Coercion.coerce(new ObjectValue(members), st, version);
        } catch (CoercionException ex) {
            throw new EvalException(s.pos(), ex.getMessage());
        }
    }

    /** {@code a.b.c} as one dotted name when it is a chain of names, else null. */
    static String dotted(Expr e) {
        if (e instanceof Expr.Ident id) {
            return id.name();
        }
        if (e instanceof Expr.Access a) {
            String t = dotted(a.target());
            return t == null ? null : t + "." + a.member();
        }
        return null;
    }

    private Value access(Expr.Access a, Environment env, boolean ph) {
        String name = dotted(a);
        if (name != null) {
            Value bound = env.lookup(name);
            if (bound != null) {
                return bound;
            }
            String target = dotted(a.target());
            if (env.lookup(target) == null && env.hasNamespace(target) && !env.hasNamespace(name)) {
                throw new EvalException(a.pos(), "'" + target + "' has no output or member '" + a.member() + "'");
            }
        }
        Value t = eval(a.target(), env, ph);
        return member(t, a.member(), a.pos());
    }

    /** {@code value.member}: a pair's left/right, a struct's or object's member. */
    public static Value member(Value t, String member, SourcePos pos) {
        if (t instanceof PairValue p) {
            if (member.equals("left")) {
                return p.left();
            }
            if (member.equals("right")) {
                return p.right();
            }
            throw new EvalException(pos, "a Pair has only 'left' and 'right', not '" + member + "'");
        }
        if (t instanceof StructValue s) {
            Value v = s.members().get(member);
            if (v == null) {
                throw new EvalException(pos, "struct " + s.type().name() + " has no member '" + member + "'");
            }
            return v;
        }
        if (t instanceof ObjectValue o) {
            Value v = o.members().get(member);
            if (v == null) {
                throw new EvalException(pos, "the object has no member '" + member + "' (members: "
                        + String.join(", ", o.members().keySet()) + ")");
            }
            return v;
        }
        if (t instanceof MapValue m) {
            Value v = m.entries().get(new StringValue(member));
            if (v != null) {
                return v;
            }
        }
        if (t instanceof NullValue) {
            throw new EvalException(pos, "cannot take member '" + member + "' of None", true, null);
        }
        throw new EvalException(pos, "cannot take member '" + member + "' of " + Values.describe(t));
    }

    private Value index(Expr.Index ix, Environment env, boolean ph) {
        Value t = eval(ix.target(), env, ph);
        Value i = eval(ix.index(), env, ph);
        if (t instanceof NullValue) {
            throw new EvalException(ix.pos(), "cannot index None", true, null);
        }
        if (t instanceof ArrayValue a) {
            if (!(i instanceof IntValue iv)) {
                throw new EvalException(ix.index().pos(), "an array index must be an Int, got " + Values.describe(i),
                        i instanceof NullValue, null);
            }
            if (iv.value() < 0 || iv.value() >= a.size()) {
                throw new EvalException(ix.index().pos(), "index " + iv.value() + " out of range for an array of "
                        + a.size() + (a.size() == 1 ? " item" : " items"));
            }
            return a.get((int) iv.value());
        }
        if (t instanceof MapValue m) {
            Value k;
            try {
                k = Coercion.coerce(i, m.type().key(), version);
            } catch (CoercionException ex) {
                throw new EvalException(ix.index().pos(), "map key: " + ex.getMessage(), i instanceof NullValue, ex);
            }
            Value v = m.entries().get(k);
            if (v == null) {
                throw new EvalException(ix.index().pos(), "key " + Values.display(i) + " not found in the map");
            }
            return v;
        }
        if (t instanceof ObjectValue o && Values.isText(i)) {
            return member(o, Values.interpolationString(i), ix.pos());
        }
        if (t instanceof StructValue s && Values.isText(i)) {
            return member(s, Values.interpolationString(i), ix.pos());
        }
        throw new EvalException(ix.pos(), "cannot index " + Values.describe(t));
    }

    private Value apply(Expr.Apply ap, Environment env, boolean ph) {
        StdFunction f = StdLib.lookup(ap.function(), version);
        if (f == null) {
            throw new EvalException(ap.pos(), StdLib.lookup(ap.function(), Version.V1_2) != null
                    ? ap.function() + "() is not available in WDL " + version
                    : "unknown function " + ap.function() + "()");
        }
        List<Value> args = new ArrayList<>(ap.args().size());
        for (Expr a : ap.args()) {
            args.add(eval(a, env, ph));
        }
        return f.call(args, context);
    }

    private Value unary(Expr.Unary u, Environment env, boolean ph) {
        Value v = eval(u.operand(), env, ph);
        switch (u.op()) {
            case NOT -> {
                if (v instanceof BooleanValue b) {
                    return BooleanValue.of(!b.value());
                }
            }
            case NEGATE -> {
                if (v instanceof IntValue i) {
                    if (i.value() == Long.MIN_VALUE) {
                        throw new EvalException(u.pos(), "Int overflow in -(" + i.value() + ")");
                    }
                    return new IntValue(-i.value());
                }
                if (v instanceof FloatValue f) {
                    return new FloatValue(-f.value());
                }
            }
            case PLUS -> {
                if (v instanceof IntValue || v instanceof FloatValue) {
                    return v;
                }
            }
        }
        throw new EvalException(u.pos(), "operator " + u.op().symbol + " does not apply to " + Values.describe(v),
                v instanceof NullValue, null);
    }

    // ---- interpolation ----------------------------------------------------------------------------------------

    /**
     * Renders string or command parts: text as is, placeholders by their value (Float with 6 decimals, Boolean as
     * true/false, None as the empty string) and the 1.0 options {@code sep}, {@code true}/{@code false},
     * {@code default}. A placeholder whose expression fails because of a None renders as the empty string.
     */
    public String interpolate(List<StringPart> parts, Environment env) {
        StringBuilder sb = new StringBuilder();
        for (StringPart p : parts) {
            if (p instanceof StringPart.Text t) {
                sb.append(t.text());
            } else {
                StringPart.Placeholder ph = (StringPart.Placeholder) p;
                try {
                    sb.append(placeholder(ph, env));
                } catch (EvalException ex) {
                    throw ex;
                } catch (RuntimeException ex) {
                    throw new EvalException(ph.pos(), "cannot evaluate the placeholder: " + ex, false, ex);
                }
            }
        }
        return sb.toString();
    }

    private String placeholder(StringPart.Placeholder ph, Environment env) {
        Map<String, String> options = new LinkedHashMap<>();
        for (StringPart.PlaceholderOption o : ph.options()) {
            options.put(o.name(), render(eval(o.value(), env, false), ph.pos()));
        }
        Value v;
        try {
            v = eval(ph.expr(), env, true);
        } catch (EvalException ex) {
            if (ex.causedByNone()) {
                v = Value.NONE;
            } else {
                throw ex;
            }
        }
        if (options.containsKey("true") || options.containsKey("false")) {
            if (v instanceof BooleanValue b) {
                return b.value() ? options.getOrDefault("true", "") : options.getOrDefault("false", "");
            }
            if (v instanceof NullValue) {
                return options.getOrDefault("default", "");
            }
            throw new EvalException(ph.pos(), "true=/false= need a Boolean, got " + Values.describe(v));
        }
        if (v instanceof NullValue) {
            return options.getOrDefault("default", "");
        }
        if (options.containsKey("sep")) {
            if (v instanceof ArrayValue a) {
                StringBuilder sb = new StringBuilder();
                String sep = options.get("sep");
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) {
                        sb.append(sep);
                    }
                    sb.append(render(a.get(i), ph.pos()));
                }
                return sb.toString();
            }
            throw new EvalException(ph.pos(), "sep= needs an Array, got " + Values.describe(v));
        }
        return render(v, ph.pos());
    }

    private static String render(Value v, SourcePos pos) {
        if (Values.isPrimitive(v) || v instanceof NullValue) {
            return Values.interpolationString(v);
        }
        if (v instanceof ArrayValue) {
            throw new EvalException(pos, "cannot put an Array in a string placeholder without a separator: use"
                    + " ~{sep(\" \", array)} (or sep=\" \" before 1.1)");
        }
        throw new EvalException(pos, "cannot put " + Values.describe(v) + " in a string placeholder: only"
                + " primitive values (String, File, Int, Float, Boolean) are converted to strings");
    }

    /** Builds a File value for a path, for callers that bind paths. */
    public static Value file(String path) {
        return new FileValue(path);
    }
}
