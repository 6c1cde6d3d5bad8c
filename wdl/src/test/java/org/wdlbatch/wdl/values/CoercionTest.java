package org.wdlbatch.wdl.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.types.Type;

class CoercionTest {

    static Type.StructType sample() {
        Map<String, Type> m = new LinkedHashMap<>();
        m.put("name", Type.STRING);
        m.put("bam", Type.FILE);
        m.put("depth", Type.INT.asOptional());
        return new Type.StructType("Sample", m, false);
    }

    private static Value c(Value v, Type t) {
        return Coercion.coerce(v, t, Version.V1_1);
    }

    @Test
    void primitives() {
        assertThat(c(new IntValue(3), Type.FLOAT)).isEqualTo(new FloatValue(3.0));
        assertThat(c(new StringValue("/a"), Type.FILE)).isEqualTo(new FileValue("/a"));
        assertThat(c(new StringValue("/d"), Type.DIRECTORY)).isEqualTo(new DirectoryValue("/d"));
        assertThat(c(new FileValue("/a"), Type.STRING)).isEqualTo(new StringValue("/a"));
        assertThat(c(new IntValue(3), Type.INT.asOptional())).isEqualTo(new IntValue(3));
        assertThat(c(Value.NONE, Type.FILE.asOptional()).isNone()).isTrue();
        assertThat(c(new FloatValue(2.0), Type.INT)).isEqualTo(new IntValue(2)); // lossless Float -> Int
    }

    @Test
    void wrongTypesSayExpectedAndActual() {
        assertThatThrownBy(() -> c(Value.NONE, Type.INT)).hasMessage("expected Int, got None");
        assertThatThrownBy(() -> c(new FloatValue(2.5), Type.INT)).hasMessage("expected Int, got 2.5");
        assertThatThrownBy(() -> c(new IntValue(3), Type.FILE)).hasMessage("expected File, got 3");
        assertThatThrownBy(() -> c(new StringValue("3x"), Type.INT)).hasMessage("expected Int, got \"3x\"");
    }

    @Test
    void numericStringsConvertAsReadLinesNeeds() {
        assertThat(Coercion.coerce(new StringValue("3"), Type.INT, Version.V1_0)).isEqualTo(new IntValue(3));
        assertThat(Coercion.coerce(new StringValue("2.5"), Type.FLOAT, Version.DRAFT_2)).isEqualTo(new FloatValue(2.5));
        ArrayValue lines = ArrayValue.of(Type.STRING, List.of(new StringValue("1"), new StringValue(" 2")));
        assertThat(Coercion.coerce(lines, Type.arrayOf(Type.INT), Version.V1_2))
                .isEqualTo(ArrayValue.of(Type.INT, List.of(new IntValue(1), new IntValue(2))));
    }

    @Test
    void arraysElementWiseWithPath() {
        ArrayValue a = ArrayValue.of(Type.INT, List.of(new IntValue(1), new IntValue(2)));
        ArrayValue f = (ArrayValue) c(a, Type.arrayOf(Type.FLOAT));
        assertThat(f.items()).containsExactly(new FloatValue(1), new FloatValue(2));
        assertThat(f.itemType()).isEqualTo(Type.FLOAT);
        ArrayValue mixed = ArrayValue.of(Type.ANY, List.of(new IntValue(1), new StringValue("x")));
        assertThatThrownBy(() -> c(mixed, Type.arrayOf(Type.INT)))
                .isInstanceOf(CoercionException.class).hasMessage("[1]: expected Int, got \"x\"");
        assertThatThrownBy(() -> c(ArrayValue.of(Type.INT, List.of()), new Type.ArrayType(Type.INT, true, false)))
                .hasMessageContaining("expected a non-empty Array[Int]+, got []");
    }

    @Test
    void mapsAndPairs() {
        MapValue m = new MapValue(Type.STRING, Type.INT, Map.of(new StringValue("a"), new IntValue(1)));
        MapValue mf = (MapValue) c(m, Type.mapOf(Type.FILE, Type.FLOAT));
        assertThat(mf.entries()).containsEntry(new FileValue("a"), new FloatValue(1));
        PairValue p = (PairValue) c(new PairValue(new IntValue(1), new StringValue("f")), Type.pairOf(Type.FLOAT, Type.FILE));
        assertThat(p.left()).isEqualTo(new FloatValue(1));
        assertThat(p.right()).isEqualTo(new FileValue("f"));
        assertThatThrownBy(() -> c(new PairValue(new IntValue(1), new StringValue("f")), Type.pairOf(Type.INT, Type.INT)))
                .hasMessage(".right: expected Int, got \"f\"");
        // Map -> Array[Pair] and back (limited exceptions)
        ArrayValue pairs = (ArrayValue) c(m, Type.arrayOf(Type.pairOf(Type.STRING, Type.INT)));
        assertThat(pairs.items()).containsExactly(new PairValue(new StringValue("a"), new IntValue(1)));
        assertThat(c(pairs, Type.mapOf(Type.STRING, Type.INT))).isEqualTo(m);
    }

    @Test
    void structsFromMapsObjectsAndStructs() {
        Type.StructType st = sample();
        Map<Value, Value> entries = new LinkedHashMap<>();
        entries.put(new StringValue("name"), new StringValue("s1"));
        entries.put(new StringValue("bam"), new StringValue("/s1.bam"));
        StructValue fromMap = (StructValue) c(new MapValue(Type.STRING, Type.STRING, entries), st);
        assertThat(fromMap.members()).containsEntry("bam", new FileValue("/s1.bam"));
        assertThat(fromMap.members().get("depth").isNone()).isTrue();

        ObjectValue o = new ObjectValue(Map.of("name", new StringValue("s2"), "bam", new StringValue("/b"),
                "depth", new IntValue(30)));
        StructValue fromObject = (StructValue) c(o, st);
        assertThat(fromObject.members()).containsEntry("depth", new IntValue(30));

        ObjectValue bad = new ObjectValue(Map.of("name", new StringValue("s2"), "bam", new IntValue(3)));
        assertThatThrownBy(() -> c(bad, st)).hasMessage(".bam: expected File, got 3");
        ObjectValue missing = new ObjectValue(Map.of("name", new StringValue("s2")));
        assertThatThrownBy(() -> c(missing, st)).hasMessageContaining("needs member 'bam'");

        // a struct of another name with the same members
        Type.StructType other = new Type.StructType("Other", st.members(), false);
        StructValue converted = (StructValue) c(fromObject, other);
        assertThat(converted.type().name()).isEqualTo("Other");
        // struct -> object and -> Map[String, String]
        assertThat(c(fromObject, Type.OBJECT)).isInstanceOf(ObjectValue.class);
    }

    @Test
    void anyAcceptsEverything() {
        assertThat(c(Value.NONE, Type.ANY).isNone()).isTrue();
        assertThat(c(new IntValue(1), Type.ANY)).isEqualTo(new IntValue(1));
    }
}
