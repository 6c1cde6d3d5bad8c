package org.wdlbatch.wdl.values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.types.Type;

/**
 * Runtime coercion of a value to a declared type, following the spec's coercion table: Int to Float, String to
 * File/Directory and back, T to T?, element-wise Array/Map/Pair, Map/Object/Struct to Struct and back, non-empty
 * arrays. {@code None} only coerces to an optional type (or to {@code Any}).
 *
 * <p>The spec's "limited exceptions" (Float to Int without loss, String to Int/Float when the text is a number,
 * Map to Array[Pair], Array[Pair] to Map) are accepted in every version, as Cromwell and miniwdl do: the
 * {@code Array[String]} of {@code read_lines} may be coerced to {@code Array[Int]} and the like (spec, Appendix A).
 * Whether a coercion is allowed statically is the type checker's business; here a value either converts or not.
 */
public final class Coercion {

    /** The rules are the same in every version today; callers still state theirs so that a difference can come. */
    @SuppressWarnings("unused")
    private final Version version;

    public Coercion(Version version) {
        this.version = version;
    }

    /** Coerce with the rules of {@code version}. */
    public static Value coerce(Value value, Type target, Version version) {
        return new Coercion(version).to(value, target);
    }

    /** Coerce with the newest version's rules. */
    public static Value coerce(Value value, Type target) {
        return coerce(value, target, Version.V1_2);
    }

    public Value to(Value v, Type target) {
        if (target instanceof Type.AnyType) {
            return v;
        }
        if (v instanceof NullValue) {
            if (target.optional()) {
                return v;
            }
            throw fail(target, v);
        }
        if (target instanceof Type.IntType) {
            if (v instanceof IntValue) {
                return v;
            }
            if (v instanceof FloatValue f && f.value() == Math.rint(f.value()) && !Double.isInfinite(f.value())) {
                return new IntValue((long) f.value());
            }
            if (v instanceof StringValue s) {
                try {
                    return new IntValue(Long.parseLong(s.value().trim()));
                } catch (NumberFormatException e) {
                    throw fail(target, v);
                }
            }
            throw fail(target, v);
        }
        if (target instanceof Type.FloatType) {
            if (v instanceof FloatValue) {
                return v;
            }
            if (v instanceof IntValue i) {
                return new FloatValue(i.value());
            }
            if (v instanceof StringValue s) {
                try {
                    return new FloatValue(Double.parseDouble(s.value().trim()));
                } catch (NumberFormatException e) {
                    throw fail(target, v);
                }
            }
            throw fail(target, v);
        }
        if (target instanceof Type.BooleanType) {
            if (v instanceof BooleanValue) {
                return v;
            }
            if (v instanceof StringValue s && (s.value().equals("true") || s.value().equals("false"))) {
                return BooleanValue.of(s.value().equals("true"));
            }
            throw fail(target, v);
        }
        if (target instanceof Type.StringType) {
            if (v instanceof StringValue) {
                return v;
            }
            if (v instanceof FileValue f) {
                return new StringValue(f.path());
            }
            if (v instanceof DirectoryValue d) {
                return new StringValue(d.path());
            }
            if (v instanceof IntValue || v instanceof FloatValue || v instanceof BooleanValue) {
                return new StringValue(Values.interpolationString(v));
            }
            throw fail(target, v);
        }
        if (target instanceof Type.FileType) {
            if (v instanceof FileValue) {
                return v;
            }
            if (v instanceof StringValue s) {
                return new FileValue(s.value());
            }
            throw fail(target, v);
        }
        if (target instanceof Type.DirectoryType) {
            if (v instanceof DirectoryValue) {
                return v;
            }
            if (v instanceof StringValue s) {
                return new DirectoryValue(s.value());
            }
            throw fail(target, v);
        }
        if (target instanceof Type.ArrayType at) {
            return toArray(v, at);
        }
        if (target instanceof Type.MapType mt) {
            return toMap(v, mt);
        }
        if (target instanceof Type.PairType pt) {
            if (v instanceof PairValue p) {
                Value l;
                Value r;
                try {
                    l = to(p.left(), pt.left());
                } catch (CoercionException e) {
                    throw e.within(".left");
                }
                try {
                    r = to(p.right(), pt.right());
                } catch (CoercionException e) {
                    throw e.within(".right");
                }
                return new PairValue((Type.PairType) pt.asRequired(), l, r);
            }
            throw fail(target, v);
        }
        if (target instanceof Type.ObjectType) {
            if (v instanceof ObjectValue) {
                return v;
            }
            if (v instanceof StructValue s) {
                return new ObjectValue(s.members());
            }
            if (v instanceof MapValue m) {
                Map<String, Value> members = new LinkedHashMap<>();
                for (Map.Entry<Value, Value> e : m.entries().entrySet()) {
                    members.put(keyString(e.getKey(), target, v), e.getValue());
                }
                return new ObjectValue(members);
            }
            throw fail(target, v);
        }
        if (target instanceof Type.StructType st) {
            return toStruct(v, st);
        }
        throw fail(target, v);
    }

    private Value toArray(Value v, Type.ArrayType at) {
        if (v instanceof ArrayValue a) {
            if (at.nonEmpty() && a.items().isEmpty()) {
                throw new CoercionException("expected a non-empty " + at.asRequired() + ", got []");
            }
            List<Value> items = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) {
                try {
                    items.add(to(a.get(i), at.item()));
                } catch (CoercionException e) {
                    throw e.within("[" + i + "]");
                }
            }
            return new ArrayValue((Type.ArrayType) at.asRequired(), items);
        }
        if (v instanceof MapValue m && at.item() instanceof Type.PairType pt) {
            List<Value> items = new ArrayList<>();
            for (Map.Entry<Value, Value> e : m.entries().entrySet()) {
                items.add(to(new PairValue(e.getKey(), e.getValue()), pt));
            }
            return toArray(ArrayValue.of(pt, items), at);
        }
        throw fail(at, v);
    }

    private Value toMap(Value v, Type.MapType mt) {
        Map<Value, Value> out = new LinkedHashMap<>();
        if (v instanceof MapValue m) {
            for (Map.Entry<Value, Value> e : m.entries().entrySet()) {
                putEntry(out, e.getKey(), e.getValue(), mt);
            }
        } else if (v instanceof ObjectValue o) {
            for (Map.Entry<String, Value> e : o.members().entrySet()) {
                putEntry(out, new StringValue(e.getKey()), e.getValue(), mt);
            }
        } else if (v instanceof StructValue s) {
            for (Map.Entry<String, Value> e : s.members().entrySet()) {
                putEntry(out, new StringValue(e.getKey()), e.getValue(), mt);
            }
        } else if (v instanceof ArrayValue a && (a.itemType() instanceof Type.PairType || a.items().stream()
                .allMatch(x -> x instanceof PairValue))) {
            for (Value item : a.items()) {
                if (!(item instanceof PairValue p)) {
                    throw fail(mt, v);
                }
                putEntry(out, p.left(), p.right(), mt);
            }
        } else {
            throw fail(mt, v);
        }
        return new MapValue((Type.MapType) mt.asRequired(), out);
    }

    private void putEntry(Map<Value, Value> out, Value key, Value value, Type.MapType mt) {
        Value k;
        try {
            k = to(key, mt.key());
        } catch (CoercionException e) {
            throw e.within("[key " + Values.display(key) + "]");
        }
        try {
            out.put(k, to(value, mt.value()));
        } catch (CoercionException e) {
            throw e.within("[" + Values.display(key) + "]");
        }
    }

    private Value toStruct(Value v, Type.StructType st) {
        Map<String, Value> source;
        if (v instanceof StructValue s) {
            if (st.members() == null || s.type().name().equals(st.name()) && s.type().members() == st.members()) {
                return st.members() == null ? v : new StructValue((Type.StructType) st.asRequired(), s.members());
            }
            source = s.members();
        } else if (v instanceof ObjectValue o) {
            source = o.members();
        } else if (v instanceof MapValue m) {
            source = new LinkedHashMap<>();
            for (Map.Entry<Value, Value> e : m.entries().entrySet()) {
                source.put(keyString(e.getKey(), st, v), e.getValue());
            }
        } else {
            throw fail(st, v);
        }
        if (st.members() == null) {
            throw new CoercionException("cannot build struct " + st.name() + ": its members are unknown");
        }
        for (String name : source.keySet()) {
            if (!st.members().containsKey(name)) {
                throw new CoercionException("struct " + st.name() + " has no member '" + name + "' (members: "
                        + String.join(", ", st.members().keySet()) + ")");
            }
        }
        Map<String, Value> members = new LinkedHashMap<>();
        for (Map.Entry<String, Type> m : st.members().entrySet()) {
            Value mv = source.get(m.getKey());
            if (mv == null) {
                if (!m.getValue().optional()) {
                    throw new CoercionException("struct " + st.name() + " needs member '" + m.getKey()
                            + "' (" + m.getValue() + ")");
                }
                mv = Value.NONE;
            }
            try {
                members.put(m.getKey(), to(mv, m.getValue()));
            } catch (CoercionException e) {
                throw e.within("." + m.getKey());
            }
        }
        return new StructValue((Type.StructType) st.asRequired(), members);
    }

    private static String keyString(Value key, Type target, Value whole) {
        if (key instanceof StringValue s) {
            return s.value();
        }
        if (key instanceof FileValue f) {
            return f.path();
        }
        throw new CoercionException("expected " + target + ", got a map with non-String key " + Values.display(key));
    }

    static CoercionException fail(Type target, Value v) {
        return new CoercionException("expected " + target + ", got " + Values.describe(v));
    }
}
