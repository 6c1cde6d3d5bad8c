package org.wdlbatch.wdl.types;

import java.util.Iterator;
import java.util.Map;
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
 * Static coercion: whether a value of one type may be used where another is expected, decided from the types
 * alone. One owner for the two modes that must differ:
 * <ul>
 *   <li>{@link Mode#CHECKER}: what the type checker accepts (declarations, call inputs, operands), deliberately
 *       lenient so that everything miniwdl or Cromwell accepts is accepted (see {@code check.Coercion});</li>
 *   <li>{@link Mode#OVERLOAD}: which standard-library signature an argument list matches (strict, the spec's table:
 *       {@code T?} only to optional places, no String to Int/Float/Boolean, no Array to String), so that an overload
 *       is picked by the argument's own type and not by a run-time conversion.</li>
 * </ul>
 * The run-time {@code values.Coercion} converts values and is separate on purpose: it parses strings, checks
 * {@code None} and non-empty arrays, and accepts the spec's run-time exceptions (Float to Int without loss);
 * whether such a conversion may be written is decided here, before anything runs.
 * {@code StaticCoercionTest} lists where the two modes disagree.
 */
public final class StaticCoercion {

    private StaticCoercion() {}

    /** Which table: the checker's or the overload matcher's. */
    public enum Mode {
        /** the type checker: lenient, optional quantifiers not checked */
        CHECKER,
        /** standard-library overload matching: strict */
        OVERLOAD
    }

    public static boolean coerces(Type from, Type to, Mode mode) {
        return mode == Mode.CHECKER ? checker(from, to) : overload(from, to);
    }

    private static boolean checker(Type from, Type to) {
        if (from instanceof AnyType || to instanceof AnyType) {
            return true;
        }
        if (to instanceof StringType) {
            if (from.isPrimitive()) {
                return true;
            }
            return from instanceof ArrayType a && checker(a.item(), to);
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
            return from instanceof ArrayType fa && checker(fa.item(), ta.item());
        }
        if (to instanceof MapType tm) {
            if (from instanceof MapType fm) {
                return checker(fm.key(), tm.key()) && checker(fm.value(), tm.value());
            }
            if (from instanceof ObjectType) {
                return true;
            }
            if (from instanceof StructType fs && fs.members() != null) {
                return checker(Type.STRING, tm.key())
                        && fs.members().values().stream().allMatch(m -> checker(m, tm.value()));
            }
            return false;
        }
        if (to instanceof PairType tp) {
            return from instanceof PairType fp && checker(fp.left(), tp.left()) && checker(fp.right(), tp.right());
        }
        if (to instanceof ObjectType) {
            return from instanceof ObjectType || from instanceof StructType || from instanceof MapType;
        }
        if (to instanceof StructType ts) {
            if (from instanceof ObjectType) {
                return true;
            }
            if (from instanceof MapType fm) {
                return ts.members() == null || ts.members().values().stream().allMatch(m -> checker(fm.value(), m));
            }
            if (from instanceof StructType fs) {
                return fs.name().equals(ts.name()) || sameMembers(fs, ts);
            }
            return false;
        }
        return false;
    }

    /** Struct identity by member names and types (structs renamed by an import alias are the same struct). */
    public static boolean sameMembers(StructType a, StructType b) {
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
    public static boolean sameType(Type a, Type b) {
        return same(a, b, true);
    }

    /**
     * The records' own equality of two types, without calling the records' {@code equals} for the common ones: that
     * is an invokedynamic whose first use spins about 25 method-handle classes, in every {@code check} and run,
     * for the standard library's overload matching (the first record comparison of a process). Same class and same
     * components; {@code StaticCoercionTest} checks it against {@code equals}.
     */
    static boolean equal(Type a, Type b) {
        return same(a, b, false);
    }

    /** Same class and equal components, structs by their members or by the records' equality. */
    private static boolean same(Type a, Type b, boolean structsByMembers) {
        if (a == b) {
            return true;
        }
        if (a.optional() != b.optional()) {
            return false;
        }
        if (structsByMembers && a instanceof StructType sa && b instanceof StructType sb) {
            return sameMembers(sa, sb);
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof IntType || a instanceof FloatType || a instanceof BooleanType || a instanceof StringType
                || a instanceof FileType || a instanceof DirectoryType || a instanceof ObjectType
                || a instanceof AnyType) {
            return true; // their one component, optional, is equal
        }
        if (a instanceof ArrayType x && b instanceof ArrayType y) {
            return x.nonEmpty() == y.nonEmpty() && same(x.item(), y.item(), structsByMembers);
        }
        if (a instanceof MapType x && b instanceof MapType y) {
            return same(x.key(), y.key(), structsByMembers) && same(x.value(), y.value(), structsByMembers);
        }
        if (a instanceof PairType x && b instanceof PairType y) {
            return same(x.left(), y.left(), structsByMembers) && same(x.right(), y.right(), structsByMembers);
        }
        return a.equals(b); // structs (by equality), and any type added later
    }

    /**
     * Whether a value of static type {@code from} may be passed where {@code to} is expected (the spec's coercion
     * table; {@code T?} only to optional places).
     */
    private static boolean overload(Type from, Type to) {
        if (from instanceof AnyType || to instanceof AnyType) {
            return !from.optional() || to.optional() || to instanceof AnyType;
        }
        if (from.optional() && !to.optional()) {
            return false;
        }
        Type f = from.asRequired();
        Type t = to.asRequired();
        if (equal(f, t)) {
            return true;
        }
        if (t instanceof FloatType) {
            return f instanceof IntType;
        }
        if (t instanceof FileType || t instanceof DirectoryType) {
            return f instanceof StringType;
        }
        if (t instanceof StringType) {
            // as miniwdl: File, Directory, Int and Float are accepted where a String is expected
            return f instanceof FileType || f instanceof DirectoryType || f instanceof IntType
                    || f instanceof FloatType;
        }
        if (t instanceof ArrayType ta) {
            return f instanceof ArrayType fa && overload(fa.item(), ta.item());
        }
        if (t instanceof MapType tm) {
            if (f instanceof MapType fm) {
                return overload(fm.key(), tm.key()) && overload(fm.value(), tm.value());
            }
            return (f instanceof ObjectType || f instanceof StructType) && overload(Type.STRING, tm.key());
        }
        if (t instanceof PairType tp) {
            return f instanceof PairType fp && overload(fp.left(), tp.left()) && overload(fp.right(), tp.right());
        }
        if (t instanceof ObjectType) {
            return f instanceof StructType || f instanceof MapType;
        }
        if (t instanceof StructType ts) {
            if (f instanceof StructType fs) {
                return fs.name().equals(ts.name()) || fs.members() != null && ts.members() != null
                        && fs.members().keySet().equals(ts.members().keySet());
            }
            return f instanceof ObjectType || f instanceof MapType;
        }
        return false;
    }
}
