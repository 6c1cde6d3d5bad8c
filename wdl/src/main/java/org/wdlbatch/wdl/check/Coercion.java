package org.wdlbatch.wdl.check;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.types.Type.AnyType;
import org.wdlbatch.wdl.types.Type.ArrayType;
import org.wdlbatch.wdl.types.Type.BooleanType;
import org.wdlbatch.wdl.types.Type.DirectoryType;
import org.wdlbatch.wdl.types.Type.FileType;
import org.wdlbatch.wdl.types.Type.FloatType;
import org.wdlbatch.wdl.types.Type.IntType;
import org.wdlbatch.wdl.types.Type.MapType;
import org.wdlbatch.wdl.types.Type.ObjectType;
import org.wdlbatch.wdl.types.Type.PairType;
import org.wdlbatch.wdl.types.Type.StringType;
import org.wdlbatch.wdl.types.Type.StructType;

/**
 * Which types coerce to which, for every version. Deliberately lenient, so that everything miniwdl or Cromwell
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

    public static boolean coerces(Type from, Type to) {
        if (from instanceof AnyType || to instanceof AnyType) {
            return true;
        }
        if (to instanceof StringType) {
            if (from.isPrimitive()) {
                return true;
            }
            return from instanceof ArrayType a && coerces(a.item(), to);
        }
        if (to instanceof FloatType) {
            return from instanceof FloatType || from instanceof IntType || from instanceof StringType;
        }
        if (to instanceof IntType) {
            return from instanceof IntType || from instanceof StringType;
        }
        if (to instanceof BooleanType) {
            return from instanceof BooleanType || from instanceof StringType;
        }
        if (to instanceof FileType || to instanceof DirectoryType) {
            return from instanceof StringType || from.getClass() == to.getClass();
        }
        if (to instanceof ArrayType ta) {
            return from instanceof ArrayType fa && coerces(fa.item(), ta.item());
        }
        if (to instanceof MapType tm) {
            if (from instanceof MapType fm) {
                return coerces(fm.key(), tm.key()) && coerces(fm.value(), tm.value());
            }
            if (from instanceof ObjectType) {
                return true;
            }
            if (from instanceof StructType fs && fs.members() != null) {
                return coerces(Type.STRING, tm.key())
                        && fs.members().values().stream().allMatch(m -> coerces(m, tm.value()));
            }
            return false;
        }
        if (to instanceof PairType tp) {
            return from instanceof PairType fp && coerces(fp.left(), tp.left()) && coerces(fp.right(), tp.right());
        }
        if (to instanceof ObjectType) {
            return from instanceof ObjectType || from instanceof StructType || from instanceof MapType;
        }
        if (to instanceof StructType ts) {
            if (from instanceof ObjectType) {
                return true;
            }
            if (from instanceof MapType fm) {
                return ts.members() == null || ts.members().values().stream().allMatch(m -> coerces(fm.value(), m));
            }
            if (from instanceof StructType fs) {
                return fs.name().equals(ts.name()) || sameMembers(fs, ts);
            }
            return false;
        }
        return false;
    }

    /** Struct identity by member names and types (structs renamed by an import alias are the same struct). */
    static boolean sameMembers(StructType a, StructType b) {
        if (a.members() == null || b.members() == null) {
            return a.name().equals(b.name());
        }
        if (a.members().size() != b.members().size()) {
            return false;
        }
        Iterator<Map.Entry<String, Type>> ia = a.members().entrySet().iterator();
        for (Map.Entry<String, Type> eb : b.members().entrySet()) {
            Map.Entry<String, Type> ea = ia.next();
            if (!ea.getKey().equals(eb.getKey()) || !sameType(ea.getValue(), eb.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Equality of types, with structs compared by members. */
    static boolean sameType(Type a, Type b) {
        if (a.optional() != b.optional()) {
            return false;
        }
        if (a instanceof StructType sa && b instanceof StructType sb) {
            return sameMembers(sa, sb);
        }
        if (a instanceof ArrayType x && b instanceof ArrayType y) {
            return x.nonEmpty() == y.nonEmpty() && sameType(x.item(), y.item());
        }
        if (a instanceof MapType x && b instanceof MapType y) {
            return sameType(x.key(), y.key()) && sameType(x.value(), y.value());
        }
        if (a instanceof PairType x && b instanceof PairType y) {
            return sameType(x.left(), y.left()) && sameType(x.right(), y.right());
        }
        return a.equals(b);
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
        if (sameType(a, b)) {
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
