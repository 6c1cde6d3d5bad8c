package org.wdlbatch.wdl.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.json.JsonText;
import org.wdlbatch.wdl.types.Type;

/**
 * WDL values to JSON and back, after the spec's "JSON Serialization of WDL Types": Struct, Object and Map become
 * objects (map keys as strings), Pair becomes {@code {"left": .., "right": ..}}, File/Directory become strings, None
 * becomes null. Used for inputs.json/outputs.json and by {@code read_json}/{@code write_json}.
 */
public final class ValueJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ValueJson() {}

    public static JsonNode toJson(Value v) {
        if (v instanceof NullValue) {
            return F.nullNode();
        }
        if (v instanceof IntValue i) {
            return F.numberNode(i.value());
        }
        if (v instanceof FloatValue f) {
            return F.numberNode(f.value());
        }
        if (v instanceof BooleanValue b) {
            return F.booleanNode(b.value());
        }
        if (v instanceof StringValue s) {
            return F.textNode(s.value());
        }
        if (v instanceof FileValue f) {
            return F.textNode(f.path());
        }
        if (v instanceof DirectoryValue d) {
            return F.textNode(d.path());
        }
        if (v instanceof ArrayValue a) {
            ArrayNode n = F.arrayNode();
            a.items().forEach(x -> n.add(toJson(x)));
            return n;
        }
        if (v instanceof MapValue m) {
            ObjectNode n = F.objectNode();
            for (Map.Entry<Value, Value> e : m.entries().entrySet()) {
                if (!Values.isPrimitive(e.getKey())) {
                    throw new CoercionException("cannot write a Map with key " + Values.describe(e.getKey())
                            + " as JSON: keys must be primitive");
                }
                n.set(Values.interpolationString(e.getKey()), toJson(e.getValue()));
            }
            return n;
        }
        if (v instanceof PairValue p) {
            ObjectNode n = F.objectNode();
            n.set("left", toJson(p.left()));
            n.set("right", toJson(p.right()));
            return n;
        }
        Map<String, Value> members = v instanceof StructValue s ? s.members() : ((ObjectValue) v).members();
        ObjectNode n = F.objectNode();
        members.forEach((k, x) -> n.set(k, toJson(x)));
        return n;
    }

    /** JSON text of a value (compact). */
    public static String toJsonString(Value v) {
        return JsonText.write(toJson(v));
    }

    /**
     * A JSON value read as {@code type}.
     *
     * @param name what the value is, for messages (e.g. {@code wf.samples}); errors read
     *     {@code wf.samples[2].bam: expected File, got 3}
     * @throws CoercionException when the JSON does not fit the type
     */
    public static Value fromJson(JsonNode node, Type type, String name) {
        try {
            return fromJson(node, type);
        } catch (CoercionException e) {
            throw e.within(name);
        }
    }

    /** A JSON value read as {@code type}; {@link CoercionException#path()} locates a mismatch. */
    public static Value fromJson(JsonNode node, Type type) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (type.optional() || type instanceof Type.AnyType) {
                return Value.NONE;
            }
            throw mismatch(type, node);
        }
        if (type instanceof Type.AnyType) {
            return fromJson(node);
        }
        if (type instanceof Type.IntType) {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return new IntValue(node.longValue());
            }
            if (node.isNumber() && node.doubleValue() == Math.rint(node.doubleValue())) {
                return new IntValue((long) node.doubleValue());
            }
            throw mismatch(type, node);
        }
        if (type instanceof Type.FloatType) {
            if (node.isNumber()) {
                return new FloatValue(node.doubleValue());
            }
            throw mismatch(type, node);
        }
        if (type instanceof Type.BooleanType) {
            if (node.isBoolean()) {
                return BooleanValue.of(node.booleanValue());
            }
            throw mismatch(type, node);
        }
        if (type instanceof Type.StringType) {
            if (node.isTextual()) {
                return new StringValue(node.textValue());
            }
            throw mismatch(type, node);
        }
        if (type instanceof Type.FileType) {
            if (node.isTextual()) {
                return new FileValue(node.textValue());
            }
            throw mismatch(type, node);
        }
        if (type instanceof Type.DirectoryType) {
            if (node.isTextual()) {
                return new DirectoryValue(node.textValue());
            }
            throw mismatch(type, node);
        }
        if (type instanceof Type.ArrayType at) {
            if (!node.isArray()) {
                throw mismatch(type, node);
            }
            if (at.nonEmpty() && node.isEmpty()) {
                throw new CoercionException("expected a non-empty " + at.asRequired() + ", got []");
            }
            List<Value> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                try {
                    items.add(fromJson(node.get(i), at.item()));
                } catch (CoercionException e) {
                    throw e.within("[" + i + "]");
                }
            }
            return new ArrayValue((Type.ArrayType) at.asRequired(), items);
        }
        if (type instanceof Type.MapType mt) {
            if (!node.isObject()) {
                throw mismatch(type, node);
            }
            Map<Value, Value> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Value key;
                try {
                    key = Coercion.coerce(new StringValue(e.getKey()), mt.key(), org.wdlbatch.wdl.ast.Version.V1_0);
                } catch (CoercionException ex) {
                    throw ex.within("[key \"" + e.getKey() + "\"]");
                }
                try {
                    entries.put(key, fromJson(e.getValue(), mt.value()));
                } catch (CoercionException ex) {
                    throw ex.within("[\"" + e.getKey() + "\"]");
                }
            }
            return new MapValue((Type.MapType) mt.asRequired(), entries);
        }
        if (type instanceof Type.PairType pt) {
            if (!node.isObject() || !node.has("left") || !node.has("right") || node.size() != 2) {
                throw new CoercionException("expected " + type + " as {\"left\": ..., \"right\": ...}, got "
                        + shorten(node));
            }
            Value l;
            Value r;
            try {
                l = fromJson(node.get("left"), pt.left());
            } catch (CoercionException e) {
                throw e.within(".left");
            }
            try {
                r = fromJson(node.get("right"), pt.right());
            } catch (CoercionException e) {
                throw e.within(".right");
            }
            return new PairValue((Type.PairType) pt.asRequired(), l, r);
        }
        if (type instanceof Type.ObjectType) {
            if (!node.isObject()) {
                throw mismatch(type, node);
            }
            return fromJson(node);
        }
        if (type instanceof Type.StructType st) {
            if (!node.isObject()) {
                throw mismatch(type, node);
            }
            if (st.members() == null) {
                throw new CoercionException("struct " + st.name() + " is not resolved");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!st.members().containsKey(k)) {
                    throw new CoercionException("struct " + st.name() + " has no member '" + k + "' (members: "
                            + String.join(", ", st.members().keySet()) + ")");
                }
            }
            Map<String, Value> members = new LinkedHashMap<>();
            for (Map.Entry<String, Type> m : st.members().entrySet()) {
                JsonNode mv = node.get(m.getKey());
                if (mv == null && !m.getValue().optional()) {
                    throw new CoercionException("missing member '" + m.getKey() + "' (" + m.getValue()
                            + ") of struct " + st.name());
                }
                try {
                    members.put(m.getKey(), fromJson(mv, m.getValue()));
                } catch (CoercionException e) {
                    throw e.within("." + m.getKey());
                }
            }
            return new StructValue((Type.StructType) st.asRequired(), members);
        }
        throw mismatch(type, node);
    }

    /**
     * A JSON value without a target type (read_json): objects become Object, arrays Array of the common item type,
     * integral numbers Int, other numbers Float.
     */
    public static Value fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Value.NONE;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return new IntValue(node.longValue());
        }
        if (node.isNumber()) {
            return new FloatValue(node.doubleValue());
        }
        if (node.isBoolean()) {
            return BooleanValue.of(node.booleanValue());
        }
        if (node.isTextual()) {
            return new StringValue(node.textValue());
        }
        if (node.isArray()) {
            List<Value> items = new ArrayList<>();
            Type item = Type.ANY;
            for (JsonNode n : node) {
                Value v = fromJson(n);
                items.add(v);
                Type u = Values.unify(item, v.type());
                if (u == null) {
                    throw new CoercionException("JSON array mixes values of types " + item + " and " + v.type());
                }
                item = u;
            }
            List<Value> coerced = new ArrayList<>();
            for (Value v : items) {
                coerced.add(Coercion.coerce(v, item));
            }
            return ArrayValue.of(item, coerced);
        }
        Map<String, Value> members = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            members.put(e.getKey(), fromJson(e.getValue()));
        }
        return new ObjectValue(members);
    }

    private static CoercionException mismatch(Type type, JsonNode node) {
        return new CoercionException("expected " + type + ", got " + shorten(node));
    }

    private static String shorten(JsonNode node) {
        String s = node == null || node.isMissingNode() ? "nothing" : JsonText.write(node);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
