package org.wdlbatch.wdl.stdlib;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.wdlbatch.wdl.types.StaticCoercion;
import org.wdlbatch.wdl.types.Type;

/**
 * One variant of a standard library function: parameter patterns and a result pattern, written like the spec
 * ({@code "Array[X], Array[Y] -> Array[Pair[X,Y]]"}). {@link #bind} matches argument types against the parameters,
 * binding the type variables; the same matching serves the type checker (static types) and the evaluator (the
 * types of runtime values, to coerce arguments to the parameter types).
 */
final class Signature {

    final List<TypePattern> params;
    final TypePattern result;
    private final String text;

    Signature(String text) {
        int arrow = text.indexOf("->");
        if (arrow < 0) {
            throw new IllegalArgumentException("signature without '->': " + text);
        }
        this.params = TypePattern.parseList(text.substring(0, arrow).trim());
        this.result = TypePattern.parse(text.substring(arrow + 2).trim());
        this.text = text;
    }

    /** Bindings of the type variables when {@code args} fit this variant, else null. */
    Map<String, Type> bind(List<Type> args) {
        if (args.size() != params.size()) {
            return null;
        }
        Map<String, Type> b = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            if (!match(params.get(i), args.get(i), b)) {
                return null;
            }
        }
        return b;
    }

    /** Index of the first argument that does not fit (assuming the arity is right), for messages. */
    int firstMismatch(List<Type> args) {
        Map<String, Type> b = new HashMap<>();
        for (int i = 0; i < Math.min(args.size(), params.size()); i++) {
            if (!match(params.get(i), args.get(i), b)) {
                return i;
            }
        }
        return -1;
    }

    Type resultType(Map<String, Type> bindings) {
        return result.instantiate(bindings);
    }

    List<Type> paramTypes(Map<String, Type> bindings) {
        return params.stream().map(p -> p.instantiate(bindings)).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- matching ---------------------------------------------------------------------------------------------

    static boolean match(TypePattern p, Type actual, Map<String, Type> b) {
        if (actual instanceof Type.AnyType any) {
            // None ([] items, read_json results): fits any optional place, or anything when not optional
            if (any.optional() && !p.optional() && !(p instanceof TypePattern.Var)) {
                return false;
            }
            if (p instanceof TypePattern.Var v && !v.optional() && any.optional()) {
                return bindVar(v, actual, b);
            }
            return true;
        }
        if (actual.optional() && !p.optional()) {
            if (p instanceof TypePattern.Var v && !v.primitive()) {
                return bindVar(v, actual, b);
            }
            return false;
        }
        Type a = p.optional() ? actual.asRequired() : actual;
        if (p instanceof TypePattern.Var v) {
            return bindVar(v, a, b);
        }
        if (p instanceof TypePattern.Concrete c) {
            if (c.exact() && (a instanceof Type.IntType || a instanceof Type.FloatType)) {
                return false;
            }
            return StaticCoercion.coerces(a, c.type().asRequired(), StaticCoercion.Mode.OVERLOAD);
        }
        if (p instanceof TypePattern.Arr arr) {
            return a instanceof Type.ArrayType at && match(arr.item(), at.item(), b);
        }
        if (p instanceof TypePattern.MapOf m) {
            return a instanceof Type.MapType mt && match(m.key(), mt.key(), b) && match(m.value(), mt.value(), b);
        }
        if (p instanceof TypePattern.PairOf pp) {
            return a instanceof Type.PairType pt && match(pp.left(), pt.left(), b) && match(pp.right(), pt.right(), b);
        }
        if (p instanceof TypePattern.AnyStruct) {
            return a instanceof Type.StructType;
        }
        return false;
    }

    private static boolean bindVar(TypePattern.Var v, Type actual, Map<String, Type> b) {
        if (v.primitive() && !(actual.asRequired().isPrimitive() || actual instanceof Type.AnyType)) {
            return false;
        }
        Type bound = b.get(v.name());
        if (bound == null || bound instanceof Type.AnyType && !(actual instanceof Type.AnyType)) {
            if (bound != null && bound.optional()) {
                actual = actual.asOptional();
            }
            b.put(v.name(), actual);
            return true;
        }
        if (actual instanceof Type.AnyType) {
            if (actual.optional()) {
                b.put(v.name(), bound.asOptional());
            }
            return true;
        }
        if (StaticCoercion.coerces(actual, bound, StaticCoercion.Mode.OVERLOAD)) {
            return true;
        }
        if (StaticCoercion.coerces(bound, actual, StaticCoercion.Mode.OVERLOAD)) {
            b.put(v.name(), actual);
            return true;
        }
        return false;
    }
}
