package org.wdlbatch.wdl.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wdlbatch.wdl.stdlib.Lib.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.MapValue;
import org.wdlbatch.wdl.values.ObjectValue;
import org.wdlbatch.wdl.values.PairValue;
import org.wdlbatch.wdl.values.StructValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.Values;

class ArrayAndMapFunctionsTest {

    private final Lib lib = new Lib();

    private static void assertWdlEqual(Value actual, Value expected) {
        assertThat(Values.wdlEquals(actual, expected)).as("%s == %s", Values.display(actual), Values.display(expected)).isTrue();
    }

    @Test
    void lengthOfArraysMapsObjectsStrings() {
        assertThat(lib.call("length", ints(1, 2, 3))).isEqualTo(i(3));
        assertThat(lib.call("length", strs())).isEqualTo(i(0));
        assertThat(lib.call("length", map(Type.STRING, Type.INT, s("a"), i(1)))).isEqualTo(i(1));
        assertThat(lib.call("length", s("héllo"))).isEqualTo(i(5));
        assertThat(lib.call("length", new ObjectValue(Map.of("a", i(1), "b", i(2))))).isEqualTo(i(2));
    }

    @Test
    void range() {
        assertThat(lib.call("range", i(3))).isEqualTo(ints(0, 1, 2));
        assertThat(lib.call("range", i(0))).isEqualTo(ints());
        assertThatThrownBy(() -> lib.call("range", i(-1))).hasMessageContaining("must not be negative");
    }

    @Test
    void transpose() {
        ArrayValue in = arr(ints(0, 1, 2), ints(3, 4, 5));
        assertWdlEqual(lib.call("transpose", in), arr(ints(0, 3), ints(1, 4), ints(2, 5)));
        assertWdlEqual(lib.call("transpose", ArrayValue.of(Type.arrayOf(Type.INT), List.of())), arr());
        assertThatThrownBy(() -> lib.call("transpose", arr(ints(1, 2), ints(3))))
                .hasMessageContaining("all rows must have the same length");
    }

    @Test
    void crossZipUnzip() {
        ArrayValue xs = ints(1, 2, 3);
        ArrayValue ys = strs("a", "b");
        ArrayValue crossed = (ArrayValue) lib.call("cross", xs, ys);
        assertThat(crossed.items()).hasSize(6);
        assertThat(crossed.get(1)).isEqualTo(new PairValue(Type.pairOf(Type.INT, Type.STRING), i(1), s("b")));
        ArrayValue zipped = (ArrayValue) lib.call("zip", xs, strs("a", "b", "c"));
        assertWdlEqual(zipped.get(2), new PairValue(i(3), s("c")));
        assertThatThrownBy(() -> lib.call("zip", xs, ys)).hasMessageContaining("different lengths (3 and 2)");
        PairValue unzipped = (PairValue) lib.call("unzip", zipped);
        assertWdlEqual(unzipped.left(), xs);
        assertWdlEqual(unzipped.right(), strs("a", "b", "c"));
        PairValue empty = (PairValue) lib.call("unzip", ArrayValue.of(Type.pairOf(Type.INT, Type.STRING), List.of()));
        assertThat(((ArrayValue) empty.left()).items()).isEmpty();
    }

    @Test
    void flatten() {
        assertWdlEqual(lib.call("flatten", arr(ints(1, 2), ints(), ints(3))), ints(1, 2, 3));
        assertWdlEqual(lib.call("flatten", arr(arr(ints(1)), arr(ints(2)))), arr(ints(1), ints(2)));
    }

    @Test
    void selectFirstAndAll() {
        Value none = Value.NONE;
        assertThat(lib.call("select_first", arr(none, i(5), i(6)))).isEqualTo(i(5));
        assertThatThrownBy(() -> lib.call("select_first", arr(none, none)))
                .isInstanceOf(EvalException.class).hasMessageContaining("all 2 values are None")
                .matches(e -> ((EvalException) e).causedByNone());
        assertThatThrownBy(() -> lib.call("select_first", arr())).hasMessageContaining("non-empty");
        assertThat(lib.call("select_first", arr(none), i(9))).isEqualTo(i(9));
        assertThat(lib.call("select_first", arr(), s("d"))).isEqualTo(s("d"));
        assertWdlEqual(lib.call("select_all", arr(none, i(1), none, i(2))), ints(1, 2));
        assertThat(((ArrayValue) lib.call("select_all", arr(none, i(1)))).itemType()).isEqualTo(Type.INT);
        assertWdlEqual(lib.call("select_all", arr()), arr());
    }

    @Test
    void definedContainsChunk() {
        assertThat(lib.call("defined", Value.NONE)).isEqualTo(BooleanValue.FALSE);
        assertThat(lib.call("defined", i(0))).isEqualTo(BooleanValue.TRUE);
        assertThat(lib.call("contains", strs("a", "b"), s("b"))).isEqualTo(BooleanValue.TRUE);
        assertThat(lib.call("contains", strs("a", "b"), s("c"))).isEqualTo(BooleanValue.FALSE);
        assertThat(lib.call("contains", arr(i(1), Value.NONE), Value.NONE)).isEqualTo(BooleanValue.TRUE);
        assertThat(lib.call("contains", ints(1, 2), f(2.0))).isEqualTo(BooleanValue.TRUE);
        assertWdlEqual(lib.call("chunk", ints(1, 2, 3, 4, 5), i(2)), arr(ints(1, 2), ints(3, 4), ints(5)));
        assertWdlEqual(lib.call("chunk", ints(), i(2)), arr());
        assertThatThrownBy(() -> lib.call("chunk", ints(1), i(0))).hasMessageContaining("must be positive");
    }

    @Test
    void mapFunctions() {
        MapValue m = map(Type.STRING, Type.INT, s("a"), i(1), s("b"), i(2), s("c"), i(3));
        ArrayValue pairs = (ArrayValue) lib.call("as_pairs", m);
        assertWdlEqual(pairs, arr(new PairValue(s("a"), i(1)), new PairValue(s("b"), i(2)), new PairValue(s("c"), i(3))));
        assertWdlEqual(lib.call("as_map", pairs), m);
        assertThatThrownBy(() -> lib.call("as_map", arr(new PairValue(s("a"), i(1)), new PairValue(s("a"), i(2)))))
                .hasMessageContaining("duplicate key \"a\"");
        assertWdlEqual(lib.call("keys", m), strs("a", "b", "c"));
        assertWdlEqual(lib.call("values", m), ints(1, 2, 3));
        assertWdlEqual(lib.call("keys", map(Type.STRING, Type.INT)), strs());
        ArrayValue kv = arr(new PairValue(s("a"), i(1)), new PairValue(s("b"), i(2)), new PairValue(s("a"), i(3)));
        MapValue grouped = (MapValue) lib.call("collect_by_key", kv);
        assertWdlEqual(grouped, map(Type.STRING, Type.arrayOf(Type.INT), s("a"), ints(1, 3), s("b"), ints(2)));
    }

    @Test
    void keysAndContainsKeyOnStructsAndObjects() {
        Map<String, Type> members = new LinkedHashMap<>();
        members.put("name", Type.STRING);
        members.put("inner", Type.mapOf(Type.STRING, Type.INT).asOptional());
        Type.StructType st = new Type.StructType("S", members, false);
        Map<String, Value> mv = new LinkedHashMap<>();
        mv.put("name", s("x"));
        mv.put("inner", map(Type.STRING, Type.INT, s("k"), i(1)));
        StructValue sv = new StructValue(st, mv);
        assertWdlEqual(lib.call("keys", sv), strs("name", "inner"));
        assertThat(lib.call("contains_key", sv, strs("inner", "k"))).isEqualTo(BooleanValue.TRUE);
        assertThat(lib.call("contains_key", sv, strs("inner", "z"))).isEqualTo(BooleanValue.FALSE);
        assertThat(lib.call("contains_key", map(Type.STRING, Type.INT, s("a"), i(1)), s("a"))).isEqualTo(BooleanValue.TRUE);
        assertThat(lib.call("contains_key", map(Type.INT, Type.INT, i(1), i(1)), i(2))).isEqualTo(BooleanValue.FALSE);
        ObjectValue o = new ObjectValue(Map.of("a", i(1)));
        assertThat(lib.call("contains_key", o, s("a"))).isEqualTo(BooleanValue.TRUE);
        assertWdlEqual(lib.call("keys", o), strs("a"));
    }
}
