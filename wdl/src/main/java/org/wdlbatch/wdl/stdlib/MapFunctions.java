package org.wdlbatch.wdl.stdlib;

import static org.wdlbatch.wdl.stdlib.Args.arr;
import static org.wdlbatch.wdl.stdlib.Args.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.MapValue;
import org.wdlbatch.wdl.values.ObjectValue;
import org.wdlbatch.wdl.values.PairValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.StructValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.Values;

/** as_pairs, as_map, keys, collect_by_key (1.1); keys of Struct/Object, values, contains_key (1.2). */
final class MapFunctions {

    private MapFunctions() {}

    static void register(StdLib.Builder b) {
        b.fn("as_pairs").since(Version.V1_1).variant("Map[P, Y] -> Array[Pair[P, Y]]", (a, c) -> {
            MapValue m = map(a.get(0));
            Type.PairType pt = Type.pairOf(m.type().key(), m.type().value());
            List<Value> out = new ArrayList<>();
            m.entries().forEach((k, v) -> out.add(new PairValue(pt, k, v)));
            return ArrayValue.of(pt, out);
        });
        b.fn("as_map").since(Version.V1_1).variant("Array[Pair[P, Y]] -> Map[P, Y]", (a, c) -> {
            ArrayValue x = arr(a.get(0));
            Map<Value, Value> out = new LinkedHashMap<>();
            for (Value v : x.items()) {
                PairValue p = (PairValue) v;
                if (out.containsKey(p.left())) {
                    throw new EvalException("as_map(): duplicate key " + Values.display(p.left()));
                }
                out.put(p.left(), p.right());
            }
            Type.PairType pt = x.itemType() instanceof Type.PairType t ? t : Type.pairOf(Type.ANY, Type.ANY);
            return new MapValue(pt.left(), pt.right(), out);
        });
        b.fn("keys").since(Version.V1_1)
                .variant("Map[P, Y] -> Array[P]", (a, c) -> {
                    MapValue m = map(a.get(0));
                    return ArrayValue.of(m.type().key(), new ArrayList<>(m.entries().keySet()));
                })
                .since(Version.V1_2)
                .variant("Struct -> Array[String]", (a, c) -> Args.stringArray(new ArrayList<>(((StructValue) a.get(0)).members().keySet())))
                .variant("Object -> Array[String]", (a, c) -> Args.stringArray(new ArrayList<>(((ObjectValue) a.get(0)).members().keySet())));
        b.fn("values").since(Version.V1_2).variant("Map[P, Y] -> Array[Y]", (a, c) -> {
            MapValue m = map(a.get(0));
            return ArrayValue.of(m.type().value(), new ArrayList<>(m.entries().values()));
        });
        b.fn("collect_by_key").since(Version.V1_1).variant("Array[Pair[P, Y]] -> Map[P, Array[Y]]", (a, c) -> {
            ArrayValue x = arr(a.get(0));
            Type.PairType pt = x.itemType() instanceof Type.PairType t ? t : Type.pairOf(Type.ANY, Type.ANY);
            Map<Value, List<Value>> groups = new LinkedHashMap<>();
            for (Value v : x.items()) {
                PairValue p = (PairValue) v;
                groups.computeIfAbsent(p.left(), k -> new ArrayList<>()).add(p.right());
            }
            Map<Value, Value> out = new LinkedHashMap<>();
            groups.forEach((k, vs) -> out.put(k, ArrayValue.of(pt.right(), vs)));
            return new MapValue(pt.left(), Type.arrayOf(pt.right()), out);
        });
        b.fn("contains_key").since(Version.V1_2)
                .variant("Map[P, Y], P -> Boolean", (a, c) -> BooleanValue.of(map(a.get(0)).entries().containsKey(a.get(1))))
                .variant("Object, String -> Boolean", (a, c) -> BooleanValue.of(
                        ((ObjectValue) a.get(0)).members().containsKey(Args.str(a.get(1)))))
                .variant("Map[String, Y], Array[String] -> Boolean", (a, c) -> BooleanValue.of(path(a.get(0), Args.strings(a.get(1)))))
                .variant("Struct, Array[String] -> Boolean", (a, c) -> BooleanValue.of(path(a.get(0), Args.strings(a.get(1)))))
                .variant("Object, Array[String] -> Boolean", (a, c) -> BooleanValue.of(path(a.get(0), Args.strings(a.get(1)))));
    }

    /** Whether the nested keys {@code keys} lead to a value (an optional member that is None counts as absent). */
    private static boolean path(Value v, List<String> keys) {
        Value cur = v;
        for (String k : keys) {
            Value next;
            if (cur instanceof MapValue m) {
                next = m.entries().get(new StringValue(k));
            } else if (cur instanceof StructValue s) {
                next = s.members().get(k);
            } else if (cur instanceof ObjectValue o) {
                next = o.members().get(k);
            } else {
                return false;
            }
            if (next == null || next.isNone()) {
                return false;
            }
            cur = next;
        }
        return true;
    }
}
