package org.wdlbatch.wdl.check;

import java.util.List;
import org.wdlbatch.wdl.types.StaticCoercion;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.types.Type.AnyType;
import org.wdlbatch.wdl.types.Type.ArrayType;
import org.wdlbatch.wdl.types.Type.FloatType;
import org.wdlbatch.wdl.types.Type.IntType;
import org.wdlbatch.wdl.types.Type.MapType;
import org.wdlbatch.wdl.types.Type.ObjectType;
import org.wdlbatch.wdl.types.Type.PairType;
import org.wdlbatch.wdl.types.Type.StringType;
import org.wdlbatch.wdl.types.Type.StructType;

/**
 * The checker's side of static coercion: {@link #coerces} is {@link StaticCoercion}'s {@code CHECKER} mode (the one
 * table, shared with the standard library's overload matching), and the unification of literal items lives here.
 * The checker's mode is, for every version, deliberately lenient, so that everything miniwdl or Cromwell
 * accepts is accepted:
 * <ul>
 *   <li>optional quantifiers are not checked ({@code T?} is accepted where {@code T} is expected, as miniwdl's
 *       {@code --no-quant-check} and Cromwell do; a None reaching a required value fails at run time);</li>
 *   <li>the non-empty quantifier {@code +} is not checked statically either (checked at run time);</li>
 *   <li>every primitive coerces to String; String coerces to File, Directory, Int and Float (miniwdl; the value
 *       must parse at run time); Int coerces to Float; File and Directory coerce to String;</li>
 *   <li>{@code Array[T]} coerces to String when T does (draft-2 style interpolation of arrays);</li>
 *   <li>Object, {@code Map[String,_]} and structs with the same member types coerce to structs;
 *       structs and Maps coerce to Object.</li>
 * </ul>
 */
public final class Coercion {

    private Coercion() {}

    /** The checker's coercion: {@link StaticCoercion.Mode#CHECKER}. */
    public static boolean coerces(Type from, Type to) {
        return StaticCoercion.coerces(from, to, StaticCoercion.Mode.CHECKER);
    }

    /**
     * The common type of the items of an array literal or the keys/values of a map literal: {@link #unify}, and
     * failing that String when every item is primitive (every primitive coerces to String: {@code [vcf, n]} with a
     * File and an Int is an {@code Array[String]}, as in miniwdl and Cromwell); null when there is none.
     */
    public static Type unifyLiteral(List<Type> types) {
        Type u = unify(types);
        if (u != null) {
            return u;
        }
        boolean optional = false;
        for (Type t : types) {
            if (!(t instanceof AnyType) && !t.isPrimitive()) {
                return null;
            }
            optional |= t.optional();
        }
        return optional ? Type.STRING.asOptional() : Type.STRING;
    }

    /**
     * The common type of array items, map keys/values or if-then-else branches; null when there is none.
     * Int and Float unify to Float; primitives with a String to String; None/Any makes the result optional.
     */
    public static Type unify(List<Type> types) {
        Type result = null;
        boolean optional = false;
        for (Type t : types) {
            if (t instanceof AnyType) {
                optional |= t.optional();
                continue;
            }
            optional |= t.optional();
            if (result == null) {
                result = t.asRequired();
                continue;
            }
            Type merged = unify2(result, t.asRequired());
            if (merged == null) {
                return null;
            }
            result = merged;
        }
        if (result == null) {
            return types.isEmpty() ? Type.ANY : new AnyType(optional);
        }
        return optional ? result.asOptional() : result;
    }

    private static Type unify2(Type a, Type b) {
        if (StaticCoercion.sameType(a, b)) {
            return a;
        }
        if (isNumeric(a) && isNumeric(b)) {
            return Type.FLOAT;
        }
        if (a.isPrimitive() && b.isPrimitive()) {
            if (a instanceof StringType || b instanceof StringType) {
                return Type.STRING;
            }
            return null;
        }
        if (a instanceof ArrayType x && b instanceof ArrayType y) {
            Type item = unify(List.of(x.item(), y.item()));
            return item == null ? null : new ArrayType(item, x.nonEmpty() && y.nonEmpty(), false);
        }
        if (a instanceof MapType x && b instanceof MapType y) {
            Type k = unify(List.of(x.key(), y.key()));
            Type v = unify(List.of(x.value(), y.value()));
            return k == null || v == null ? null : new MapType(k, v, false);
        }
        if (a instanceof PairType x && b instanceof PairType y) {
            Type l = unify(List.of(x.left(), y.left()));
            Type r = unify(List.of(x.right(), y.right()));
            return l == null || r == null ? null : new PairType(l, r, false);
        }
        if (a instanceof ObjectType && (b instanceof StructType || b instanceof MapType)) {
            return b;
        }
        if (b instanceof ObjectType && (a instanceof StructType || a instanceof MapType)) {
            return a;
        }
        if (coerces(b, a) && !(a instanceof StringType)) {
            return a;
        }
        if (coerces(a, b) && !(b instanceof StringType)) {
            return b;
        }
        return null;
    }

    static boolean isNumeric(Type t) {
        return t instanceof IntType || t instanceof FloatType;
    }
}
