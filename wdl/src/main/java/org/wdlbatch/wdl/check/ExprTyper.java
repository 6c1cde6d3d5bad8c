package org.wdlbatch.wdl.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.stdlib.FunctionTypeException;
import org.wdlbatch.wdl.stdlib.StdLibTypes;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.types.Type.AnyType;
import org.wdlbatch.wdl.types.Type.ArrayType;
import org.wdlbatch.wdl.types.Type.BooleanType;
import org.wdlbatch.wdl.types.Type.FileType;
import org.wdlbatch.wdl.types.Type.MapType;
import org.wdlbatch.wdl.types.Type.ObjectType;
import org.wdlbatch.wdl.types.Type.PairType;
import org.wdlbatch.wdl.types.Type.StringType;
import org.wdlbatch.wdl.types.Type.StructType;

/**
 * Infers the type of an expression in a scope, reporting problems (unknown names, members, functions; operand
 * types) to a diagnostic list. After an error the expression's type is Any, so one mistake gives one message.
 */
final class ExprTyper {

    private final Version version;
    private final Map<String, StructType> structs;
    private final List<Diagnostic> diagnostics;

    ExprTyper(Version version, Map<String, StructType> structs, List<Diagnostic> diagnostics) {
        this.version = version;
        this.structs = structs;
        this.diagnostics = diagnostics;
    }

    private Type error(SourcePos pos, String message) {
        diagnostics.add(Diagnostic.error(pos, message));
        return Type.ANY;
    }

    private Type error(SourcePos pos, String message, String hint) {
        diagnostics.add(Diagnostic.error(pos, message, hint));
        return Type.ANY;
    }

    /** Types {@code e} and reports when it does not coerce to {@code expected}. */
    void expect(Expr e, Type expected, Scope scope, String what) {
        Type actual = type(e, scope);
        if (!Coercion.coerces(actual, expected)) {
            error(e.pos(), what + " expects " + expected + ", but the expression has type " + actual);
        }
    }

    Type type(Expr e, Scope scope) {
        if (e instanceof Expr.IntLit) {
            return Type.INT;
        }
        if (e instanceof Expr.FloatLit) {
            return Type.FLOAT;
        }
        if (e instanceof Expr.BoolLit) {
            return Type.BOOLEAN;
        }
        if (e instanceof Expr.NoneLit) {
            return Type.NONE;
        }
        if (e instanceof Expr.StringLit s) {
            parts(s.parts(), scope);
            return Type.STRING;
        }
        if (e instanceof Expr.ArrayLit a) {
            List<Type> items = new ArrayList<>();
            for (Expr item : a.items()) {
                items.add(type(item, scope));
            }
            Type item = Coercion.unifyLiteral(items);
            if (item == null) {
                return error(a.pos(), "array items have no common type: " + describe(items));
            }
            return new ArrayType(item, false, false); // non-empty is not checked statically
        }
        if (e instanceof Expr.MapLit m) {
            List<Type> keys = new ArrayList<>();
            List<Type> values = new ArrayList<>();
            for (Expr.MapEntry entry : m.entries()) {
                keys.add(type(entry.key(), scope));
                values.add(type(entry.value(), scope));
            }
            Type k = Coercion.unifyLiteral(keys);
            Type v = Coercion.unifyLiteral(values);
            if (k == null) {
                return error(m.pos(), "map keys have no common type: " + describe(keys));
            }
            if (v == null) {
                return error(m.pos(), "map values have no common type: " + describe(values));
            }
            return new MapType(k, v, false);
        }
        if (e instanceof Expr.PairLit p) {
            return new PairType(type(p.left(), scope), type(p.right(), scope), false);
        }
        if (e instanceof Expr.ObjectLit o) {
            Set<String> seen = new HashSet<>();
            for (Expr.Field f : o.fields()) {
                if (!seen.add(f.name())) {
                    error(f.pos(), "duplicate member " + f.name() + " in object literal");
                }
                type(f.value(), scope);
            }
            return Type.OBJECT;
        }
        if (e instanceof Expr.StructLit s) {
            return structLiteral(s, scope);
        }
        if (e instanceof Expr.Ident id) {
            return ident(id, scope);
        }
        if (e instanceof Expr.Access a) {
            return access(a, scope);
        }
        if (e instanceof Expr.Index ix) {
            return index(ix, scope);
        }
        if (e instanceof Expr.Apply ap) {
            return apply(ap, scope);
        }
        if (e instanceof Expr.Unary u) {
            Type t = type(u.operand(), scope);
            if (t instanceof AnyType) {
                return t;
            }
            if (u.op() == Expr.UnaryOp.NOT) {
                if (!(t instanceof BooleanType)) {
                    return error(u.pos(), "operator ! expects Boolean, but the operand has type " + t);
                }
                return t;
            }
            if (!Coercion.isNumeric(t)) {
                return error(u.pos(), "operator " + u.op().symbol + " expects Int or Float, but the operand has type " + t);
            }
            return t;
        }
        if (e instanceof Expr.Binary b) {
            return binary(b, scope);
        }
        if (e instanceof Expr.IfThenElse ite) {
            Type c = type(ite.condition(), scope);
            if (!(c instanceof AnyType) && !(c instanceof BooleanType)) {
                error(ite.condition().pos(), "if-then-else condition must be Boolean, but it has type " + c);
            }
            Type t = type(ite.ifTrue(), scope);
            Type f = type(ite.ifFalse(), scope);
            Type u = Coercion.unify(List.of(t, f));
            if (u == null) {
                return error(ite.pos(), "the branches of if-then-else have no common type: " + t + " and " + f);
            }
            return u;
        }
        return Type.ANY;
    }

    void parts(List<StringPart> parts, Scope scope) {
        for (StringPart p : parts) {
            if (p instanceof StringPart.Placeholder ph) {
                type(ph.expr(), scope);
                for (StringPart.PlaceholderOption o : ph.options()) {
                    type(o.value(), scope);
                }
            }
        }
    }

    private static String describe(List<Type> types) {
        List<String> distinct = new ArrayList<>();
        for (Type t : types) {
            if (!distinct.contains(t.toString())) {
                distinct.add(t.toString());
            }
        }
        return String.join(", ", distinct);
    }

    private Type structLiteral(Expr.StructLit s, Scope scope) {
        StructType st = structs.get(s.structName());
        Map<String, Type> given = new LinkedHashMap<>();
        for (Expr.Field f : s.fields()) {
            Type t = type(f.value(), scope);
            if (given.put(f.name(), t) != null) {
                error(f.pos(), "duplicate member " + f.name() + " in struct literal");
            }
            if (st != null && st.members() != null) {
                Type m = st.members().get(f.name());
                if (m == null) {
                    error(f.pos(), "struct " + st.name() + " has no member " + f.name(),
                            Suggest.hint(f.name(), st.members().keySet(), "members"));
                } else if (!Coercion.coerces(t, m)) {
                    error(f.value().pos(), "member " + f.name() + " of struct " + st.name() + " expects " + m
                            + ", but the expression has type " + t);
                }
            }
        }
        if (st == null) {
            return error(s.pos(), "unknown struct " + s.structName(), Suggest.hint(s.structName(), structs.keySet(), "structs"));
        }
        if (st.members() != null) {
            for (Map.Entry<String, Type> m : st.members().entrySet()) {
                if (!m.getValue().optional() && !given.containsKey(m.getKey())) {
                    error(s.pos(), "struct literal " + st.name() + " lacks required member " + m.getKey());
                }
            }
        }
        return st.asRequired();
    }

    private Type ident(Expr.Ident id, Scope scope) {
        Scope.Binding b = scope.lookup(id.name());
        if (b instanceof Scope.Value v) {
            return v.type();
        }
        if (b instanceof Scope.CallOutputs c) {
            // A call used as a value (e.g. passed whole): only its members are values.
            return error(id.pos(), "call " + c.callName() + " is not a value; name one of its outputs, e.g. "
                    + c.callName() + "." + (c.outputs().isEmpty() ? "out" : c.outputs().keySet().iterator().next()));
        }
        return error(id.pos(), "unknown name " + id.name(), Suggest.hint(id.name(), scope.names(), "names in scope"));
    }

    private Type access(Expr.Access a, Scope scope) {
        // Walk the chain once, iteratively (a.b.c... may be very long): innermost access first.
        List<Expr.Access> accesses = new ArrayList<>();
        Expr base = a;
        while (base instanceof Expr.Access acc) {
            accesses.add(acc);
            base = acc.target();
        }
        java.util.Collections.reverse(accesses);
        List<String> chain = new ArrayList<>(accesses.size());
        for (Expr.Access acc : accesses) {
            chain.add(acc.member());
        }
        // call.out (possibly call.sub_call.out for a subworkflow without an output section)
        if (base instanceof Expr.Ident id && scope.lookup(id.name()) instanceof Scope.CallOutputs c) {
            return callMember(a, c, chain);
        }
        Type t = type(base, scope);
        for (Expr.Access acc : accesses) {
            t = member(acc.pos(), t, acc.member());
        }
        return t;
    }

    private Type callMember(Expr.Access whole, Scope.CallOutputs c, List<String> chain) {
        // Longest dotted output name that prefixes the chain; the rest are members of that value.
        int longest = 1; // the most parts any output name has (sub.call.out has 2)
        for (String out : c.outputs().keySet()) {
            longest = Math.max(longest, out.split("\\.", -1).length);
        }
        for (int n = Math.min(chain.size(), longest); n >= 1; n--) {
            String name = String.join(".", chain.subList(0, n));
            Type t = c.output(name);
            if (t != null) {
                for (String m : chain.subList(n, chain.size())) {
                    t = member(whole.pos(), t, m);
                }
                return t;
            }
        }
        String first = chain.get(0);
        for (String out : c.outputs().keySet()) {
            if (out.startsWith(first + ".")) {
                return error(whole.pos(), "call " + c.callName() + " has no output " + String.join(".", chain));
            }
        }
        return error(whole.pos(), "call " + c.callName() + " has no output " + first,
                Suggest.hint(first, c.outputs().keySet(), "outputs of " + c.callName()));
    }

    private Type member(SourcePos pos, Type t, String member) {
        if (t instanceof AnyType || t instanceof ObjectType) {
            return Type.ANY;
        }
        if (t instanceof StructType st) {
            if (st.members() == null) {
                return Type.ANY;
            }
            Type m = st.members().get(member);
            if (m == null) {
                return error(pos, "struct " + st.name() + " has no member " + member,
                        Suggest.hint(member, st.members().keySet(), "members"));
            }
            return m;
        }
        if (t instanceof PairType p) {
            if (member.equals("left")) {
                return p.left();
            }
            if (member.equals("right")) {
                return p.right();
            }
            return error(pos, "a Pair has members left and right, not " + member);
        }
        if (t instanceof MapType m && !version.atLeast(Version.V1_1)) {
            return m.value(); // draft-2/1.0 engines read map.key like an object member
        }
        return error(pos, "a value of type " + t + " has no member " + member);
    }

    private Type index(Expr.Index ix, Scope scope) {
        Type t = type(ix.target(), scope);
        Type i = type(ix.index(), scope);
        if (t instanceof AnyType || t instanceof ObjectType) {
            return Type.ANY;
        }
        if (t instanceof ArrayType a) {
            if (!(i instanceof AnyType) && !(i instanceof Type.IntType)) {
                error(ix.index().pos(), "an array index must be Int, but it has type " + i);
            }
            return a.item();
        }
        if (t instanceof MapType m) {
            if (!Coercion.coerces(i, m.key())) {
                error(ix.index().pos(), "the key of " + m + " must be " + m.key() + ", but it has type " + i);
            }
            return m.value();
        }
        return error(ix.pos(), "a value of type " + t + " cannot be indexed");
    }

    private Type apply(Expr.Apply ap, Scope scope) {
        List<Type> args = new ArrayList<>();
        for (Expr arg : ap.args()) {
            args.add(type(arg, scope));
        }
        if (!StdLibTypes.exists(ap.function(), version)) {
            String message = "unknown function " + ap.function() + "()";
            try {
                StdLibTypes.resultType(ap.function(), args, version);
            } catch (FunctionTypeException ex) {
                message = ex.getMessage(); // e.g. "needs a newer version"
            }
            return error(ap.pos(), message);
        }
        try {
            Type r = StdLibTypes.resultType(ap.function(), args, version);
            return r == null ? Type.ANY : r;
        } catch (FunctionTypeException ex) {
            SourcePos pos = ex.argument() >= 0 && ex.argument() < ap.args().size()
                    ? ap.args().get(ex.argument()).pos() : ap.pos();
            // The standard library's messages name the function and its expected signature.
            String message = ex.getMessage().contains(ap.function() + "(") ? ex.getMessage()
                    : ap.function() + "(): " + ex.getMessage();
            return error(pos, message);
        }
    }

    private Type binary(Expr.Binary b, Scope scope) {
        Type l = type(b.left(), scope);
        Type r = type(b.right(), scope);
        boolean optional = l.optional() || r.optional();
        String op = b.op().symbol;
        switch (b.op()) {
            case AND, OR -> {
                for (Type t : List.of(l, r)) {
                    if (!(t instanceof AnyType) && !(t instanceof BooleanType)) {
                        return error(b.pos(), "operator " + op + " expects Boolean operands, not " + l + " and " + r);
                    }
                }
                return Type.BOOLEAN;
            }
            case EQ, NE, LT, LE, GT, GE -> {
                if (!(l instanceof AnyType) && !(r instanceof AnyType)
                        && !Coercion.coerces(l, r) && !Coercion.coerces(r, l)) {
                    return error(b.pos(), "operator " + op + " cannot compare " + l + " with " + r);
                }
                return Type.BOOLEAN;
            }
            case ADD -> {
                if (l instanceof AnyType || r instanceof AnyType) {
                    Type other = l instanceof AnyType ? r : l;
                    return other instanceof AnyType ? Type.ANY : other.withOptional(optional);
                }
                if (Coercion.isNumeric(l) && Coercion.isNumeric(r)) {
                    return numeric(l, r, optional);
                }
                if (l.isPrimitive() && r.isPrimitive()
                        && (l instanceof StringType || r instanceof StringType || l instanceof FileType)) {
                    return (l instanceof FileType ? Type.FILE : Type.STRING).withOptional(optional);
                }
                return error(b.pos(), "operator + cannot add " + l + " and " + r);
            }
            default -> {
                if (l instanceof AnyType || r instanceof AnyType) {
                    Type other = l instanceof AnyType ? r : l;
                    return Coercion.isNumeric(other) ? other.withOptional(optional) : Type.ANY;
                }
                if (Coercion.isNumeric(l) && Coercion.isNumeric(r)) {
                    return numeric(l, r, optional);
                }
                return error(b.pos(), "operator " + op + " expects Int or Float operands, not " + l + " and " + r);
            }
        }
    }

    private static Type numeric(Type l, Type r, boolean optional) {
        Type t = l instanceof Type.FloatType || r instanceof Type.FloatType ? Type.FLOAT : Type.INT;
        return t.withOptional(optional);
    }
}
