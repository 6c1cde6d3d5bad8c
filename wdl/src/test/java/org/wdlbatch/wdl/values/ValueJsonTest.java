package org.wdlbatch.wdl.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.json.JsonText;

class ValueJsonTest {

    private static JsonNode json(String s) throws Exception {
        return JsonText.read(s);
    }

    @Test
    void typedInputsWithPathsInErrors() throws Exception {
        Type samples = Type.arrayOf(CoercionTest.sample());
        JsonNode node = json("[{\"name\":\"a\",\"bam\":\"/a.bam\"},{\"name\":\"b\",\"bam\":\"/b.bam\",\"depth\":3},"
                + "{\"name\":\"c\",\"bam\":3}]");
        assertThatThrownBy(() -> ValueJson.fromJson(node, samples, "wf.samples"))
                .isInstanceOf(CoercionException.class)
                .hasMessage("wf.samples[2].bam: expected File, got 3");
        ArrayValue ok = (ArrayValue) ValueJson.fromJson(json("[{\"name\":\"a\",\"bam\":\"/a.bam\"}]"), samples, "x");
        StructValue s = (StructValue) ok.get(0);
        assertThat(s.members().get("bam")).isEqualTo(new FileValue("/a.bam"));
        assertThat(s.members().get("depth").isNone()).isTrue();
        assertThatThrownBy(() -> ValueJson.fromJson(json("{\"name\":\"a\",\"bam\":\"x\",\"extra\":1}"),
                CoercionTest.sample(), "wf.s")).hasMessageContaining("wf.s: struct Sample has no member 'extra'");
    }

    @Test
    void primitives() throws Exception {
        assertThat(ValueJson.fromJson(json("3"), Type.FLOAT)).isEqualTo(new FloatValue(3));
        assertThat(ValueJson.fromJson(json("3"), Type.INT)).isEqualTo(new IntValue(3));
        assertThat(ValueJson.fromJson(json("null"), Type.INT.asOptional()).isNone()).isTrue();
        assertThatThrownBy(() -> ValueJson.fromJson(json("null"), Type.INT, "wf.n")).hasMessage("wf.n: expected Int, got null");
        assertThatThrownBy(() -> ValueJson.fromJson(json("\"3\""), Type.INT)).hasMessage("expected Int, got \"3\"");
        assertThatThrownBy(() -> ValueJson.fromJson(json("3.5"), Type.INT)).hasMessage("expected Int, got 3.5");
    }

    @Test
    void compoundTypesBothWays() throws Exception {
        Type t = Type.mapOf(Type.INT, Type.pairOf(Type.STRING, Type.arrayOf(Type.FLOAT)));
        JsonNode in = json("{\"1\":{\"left\":\"a\",\"right\":[1,2.5]}}");
        Value v = ValueJson.fromJson(in, t);
        MapValue m = (MapValue) v;
        PairValue p = (PairValue) m.entries().get(new IntValue(1));
        assertThat(p.left()).isEqualTo(new StringValue("a"));
        assertThat(((ArrayValue) p.right()).items()).containsExactly(new FloatValue(1), new FloatValue(2.5));
        assertThat(ValueJson.toJsonString(v)).isEqualTo("{\"1\":{\"left\":\"a\",\"right\":[1.0,2.5]}}");
        assertThatThrownBy(() -> ValueJson.fromJson(json("{\"x\":{\"left\":\"a\",\"right\":[]}}"), t, "m"))
                .hasMessage("m[key \"x\"]: expected Int, got \"x\"");
    }

    @Test
    void valuesToJson() {
        Map<String, Value> members = new LinkedHashMap<>();
        members.put("a", new IntValue(1));
        members.put("b", Value.NONE);
        members.put("c", ArrayValue.of(Type.FILE, List.of(new FileValue("/x"))));
        assertThat(ValueJson.toJsonString(new ObjectValue(members))).isEqualTo("{\"a\":1,\"b\":null,\"c\":[\"/x\"]}");
        assertThat(ValueJson.toJsonString(BooleanValue.TRUE)).isEqualTo("true");
        assertThat(ValueJson.toJsonString(new DirectoryValue("/d"))).isEqualTo("\"/d\"");
    }

    @Test
    void untypedJsonForReadJson() throws Exception {
        Value v = ValueJson.fromJson(json("{\"a\":[1,2.5],\"b\":null,\"c\":{\"d\":true}}"));
        ObjectValue o = (ObjectValue) v;
        assertThat(((ArrayValue) o.members().get("a")).items()).containsExactly(new FloatValue(1), new FloatValue(2.5));
        assertThat(o.members().get("b").isNone()).isTrue();
        assertThat(((ObjectValue) o.members().get("c")).members()).containsEntry("d", BooleanValue.TRUE);
        // Object read from JSON coerces to a struct
        Value s = Coercion.coerce(ValueJson.fromJson(json("{\"name\":\"n\",\"bam\":\"/b\"}")), CoercionTest.sample());
        assertThat(((StructValue) s).members()).containsEntry("bam", new FileValue("/b"));
    }
}
