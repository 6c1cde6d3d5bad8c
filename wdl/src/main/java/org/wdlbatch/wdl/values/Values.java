package org.wdlbatch.wdl.values;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.wdlbatch.wdl.types.Type;

/** Helpers on values: formatting, WDL equality and ordering, and the common type of literal items. */
public final class Values {

    private Values() {}

    /** A Float as string interpolation prints it: {@code [-]ddd.dddddd}. */
    public static String formatFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        return String.format(Locale.ROOT, "%.6f", d);
    }

    /** A primitive value as a placeholder or a coercion to String renders it. */
    public static String interpolationString(Value v) {
        if (v instanceof StringValue s) {
            return s.value();
        }
        if (v instanceof FileValue f) {
            return f.path();
        }
        if (v instanceof DirectoryValue d) {
            return d.path();
        }
        if (v instanceof IntValue i) {
            return Long.toString(i.value());
        }
        if (v instanceof FloatValue f) {
            return formatFloat(f.value());
        }
        if (v instanceof BooleanValue b) {
            return Boolean.toString(b.value());
        }
        if (v instanceof NullValue) {
            return "";
        }
        throw new IllegalArgumentException("not a primitive value: " + display(v));
    }

    public static boolean isPrimitive(Value v) {
        return v instanceof StringValue || v instanceof FileValue || v instanceof DirectoryValue
                || v instanceof IntValue || v instanceof FloatValue || v instanceof BooleanValue;
    }

    /** A value in WDL literal syntax, for messages and debugging. */
    public static String display(Value v) {
        if (v instanceof StringValue s) {
            return quote(s.value());
        }
        if (v instanceof FileValue f) {
            return quote(f.path());
        }
        if (v instanceof DirectoryValue d) {
            return quote(d.path());
        }
        if (v instanceof FloatValue f) {
            return Double.toString(f.value());
        }
        if (v instanceof ArrayValue a) {
            return a.items().stream().map(Values::display).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof MapValue m) {
            return m.entries().entrySet().stream().map(e -> display(e.getKey()) + ": " + display(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (v instanceof PairValue p) {
            return "(" + display(p.left()) + ", " + display(p.right()) + ")";
        }
        if (v instanceof ObjectValue o) {
            return "object " + members(o.members());
        }
        if (v instanceof StructValue s) {
            return s.type().name() + " " + members(s.members());
        }
        return v.toString();
    }

    private static String members(Map<String, Value> m) {
        return m.entrySet().stream().map(e -> e.getKey() + ": " + display(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    /** A value for an error message: its literal form, shortened when long. */
    public static String describe(Value v) {
        String d = display(v);
        if (d.length() > 120) {
            d = d.substring(0, 117) + "...";
        }
        if (v instanceof NullValue) {
            return "None";
        }
        if (v instanceof ArrayValue || v instanceof MapValue || v instanceof PairValue) {
            return v.type() + " " + d;
        }
        return d;
    }

    /**
     * WDL {@code ==}: Int and Float compare numerically, String/File/Directory by text, None equals only None, compound
     * values element by element (arrays and maps in order).
     */
    public static boolean wdlEquals(Value a, Value b) {
        if (a instanceof NullValue || b instanceof NullValue) {
            return a instanceof NullValue && b instanceof NullValue;
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof IntValue x && b instanceof IntValue y) {
                return x.value() == y.value();
            }
            return toDouble(a) == toDouble(b);
        }
        if (isText(a) && isText(b)) {
            return interpolationString(a).equals(interpolationString(b));
        }
        if (a instanceof BooleanValue x && b instanceof BooleanValue y) {
            return x.value() == y.value();
        }
        if (isPrimitive(a) && isPrimitive(b)) {
            // the spec's precedence: other primitive mixes compare as strings
            return interpolationString(a).equals(interpolationString(b));
        }
        if (a instanceof ArrayValue x && b instanceof ArrayValue y) {
            return listEquals(x.items(), y.items());
        }
        if (a instanceof PairValue x && b instanceof PairValue y) {
            return wdlEquals(x.left(), y.left()) && wdlEquals(x.right(), y.right());
        }
        if (a instanceof MapValue x && b instanceof MapValue y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<Map.Entry<Value, Value>> i = x.entries().entrySet().iterator();
            Iterator<Map.Entry<Value, Value>> j = y.entries().entrySet().iterator();
            while (i.hasNext()) {
                Map.Entry<Value, Value> p = i.next();
                Map.Entry<Value, Value> q = j.next();
                if (!wdlEquals(p.getKey(), q.getKey()) || !wdlEquals(p.getValue(), q.getValue())) {
                    return false;
                }
            }
            return true;
        }
        Map<String, Value> ma = memberMap(a);
        Map<String, Value> mb = memberMap(b);
        if (ma != null && mb != null) {
            if (a instanceof StructValue sa && b instanceof StructValue sb && !sa.type().name().equals(sb.type().name())) {
                return false;
            }
            if (!ma.keySet().equals(mb.keySet())) {
                return false;
            }
            for (Map.Entry<String, Value> e : ma.entrySet()) {
                if (!wdlEquals(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static Map<String, Value> memberMap(Value v) {
        if (v instanceof StructValue s) {
            return s.members();
        }
        if (v instanceof ObjectValue o) {
            return o.members();
        }
        return null;
    }

    private static boolean listEquals(List<Value> a, List<Value> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!wdlEquals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isNumber(Value v) {
        return v instanceof IntValue || v instanceof FloatValue;
    }

    public static boolean isText(Value v) {
        return v instanceof StringValue || v instanceof FileValue || v instanceof DirectoryValue;
    }

    public static double toDouble(Value v) {
        if (v instanceof IntValue i) {
            return i.value();
        }
        if (v instanceof FloatValue f) {
            return f.value();
        }
        throw new IllegalArgumentException("not a number: " + display(v));
    }

    /**
     * Orders two primitive values for {@code <}, {@code <=}, {@code >}, {@code >=}: numbers numerically, strings by
     * code point, booleans with false before true. Returns null when the values are not comparable.
     */
    public static Integer compare(Value a, Value b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof IntValue x && b instanceof IntValue y) {
                return Long.compare(x.value(), y.value());
            }
            return Double.compare(toDouble(a), toDouble(b));
        }
        if (isText(a) && isText(b)) {
            return compareCodePoints(interpolationString(a), interpolationString(b));
        }
        if (a instanceof BooleanValue x && b instanceof BooleanValue y) {
            return Boolean.compare(x.value(), y.value());
        }
        return null;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * The type that values of types {@code a} and {@code b} can both be coerced to, as used for the items of an array
     * or map literal: Int with Float gives Float, anything with None gives the optional form, String with File gives
     * File, compound types unify item-wise. Returns null when there is none.
     */
    /**
     * {@link #unify}, and failing that String when both are primitive: the items of an array or map literal,
     * where (as in miniwdl and Cromwell) every primitive coerces to String. Same rule as the type checker's.
     */
    public static Type unifyLiteral(Type a, Type b) {
        Type u = unify(a, b);
        if (u == null && a.isPrimitive() && b.isPrimitive()) {
            return a.optional() || b.optional() ? Type.STRING.asOptional() : Type.STRING;
        }
        return u;
    }

    public static Type unify(Type a, Type b) {
        if (a instanceof Type.AnyType) {
            return a.optional() ? b.asOptional() : b;
        }
        if (b instanceof Type.AnyType) {
            return b.optional() ? a.asOptional() : a;
        }
        boolean opt = a.optional() || b.optional();
        Type ra = a.asRequired();
        Type rb = b.asRequired();
        Type r = unifyRequired(ra, rb);
        return r == null ? null : r.withOptional(opt);
    }

    private static Type unifyRequired(Type a, Type b) {
        if (a.equals(b)) {
            return a;
        }
        if (a instanceof Type.IntType && b instanceof Type.FloatType || a instanceof Type.FloatType && b instanceof Type.IntType) {
            return Type.FLOAT;
        }
        if (a instanceof Type.StringType && (b instanceof Type.FileType || b instanceof Type.DirectoryType)) {
            return b;
        }
        if (b instanceof Type.StringType && (a instanceof Type.FileType || a instanceof Type.DirectoryType)) {
            return a;
        }
        if (a.isPrimitive() && b.isPrimitive() && (a instanceof Type.StringType || b instanceof Type.StringType)) {
            return Type.STRING;
        }
        if (a instanceof Type.ArrayType x && b instanceof Type.ArrayType y) {
            Type item = unify(x.item(), y.item());
            return item == null ? null : new Type.ArrayType(item, x.nonEmpty() && y.nonEmpty(), false);
        }
        if (a instanceof Type.MapType x && b instanceof Type.MapType y) {
            Type k = unify(x.key(), y.key());
            Type v = unify(x.value(), y.value());
            return k == null || v == null ? null : Type.mapOf(k, v);
        }
        if (a instanceof Type.PairType x && b instanceof Type.PairType y) {
            Type l = unify(x.left(), y.left());
            Type r = unify(x.right(), y.right());
            return l == null || r == null ? null : Type.pairOf(l, r);
        }
        if (a instanceof Type.StructType x && b instanceof Type.StructType y && x.name().equals(y.name())) {
            return x.members() != null ? x : y;
        }
        if (a instanceof Type.ObjectType && (b instanceof Type.StructType || b instanceof Type.MapType)) {
            return b;
        }
        if (b instanceof Type.ObjectType && (a instanceof Type.StructType || a instanceof Type.MapType)) {
            return a;
        }
        return null;
    }
}
