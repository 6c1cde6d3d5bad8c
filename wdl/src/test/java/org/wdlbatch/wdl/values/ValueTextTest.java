package org.wdlbatch.wdl.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.types.Type;

class ValueTextTest {

    @Test
    void primitivesAsWritten() {
        assertThat(ValueText.parse("3", Type.INT, "wf.n")).isEqualTo(new IntValue(3));
        assertThat(ValueText.parse("2.5", Type.FLOAT, "wf.x")).isEqualTo(new FloatValue(2.5));
        assertThat(ValueText.parse("TRUE", Type.BOOLEAN, "wf.b")).isEqualTo(BooleanValue.TRUE);
        assertThat(ValueText.parse("/a b.bam", Type.FILE, "wf.f")).isEqualTo(new FileValue("/a b.bam"));
        assertThat(ValueText.parse("[1]", Type.STRING, "wf.s")).isEqualTo(new StringValue("[1]"));
        assertThat(ValueText.parse("null", Type.INT.asOptional(), "wf.o").isNone()).isTrue();
        assertThatThrownBy(() -> ValueText.parse("three", Type.INT, "wf.n"))
                .isInstanceOf(CoercionException.class).hasMessage("wf.n: expected Int, got \"three\"");
    }

    @Test
    void compoundValuesAsJson() {
        Value m = ValueText.parse("{\"a\": 1}", Type.mapOf(Type.STRING, Type.INT), "wf.m");
        assertThat(((MapValue) m).entries()).containsEntry(new StringValue("a"), new IntValue(1));
        assertThatThrownBy(() -> ValueText.parse("{a: 1}", Type.mapOf(Type.STRING, Type.INT), "wf.m"))
                .hasMessageStartingWith("wf.m: expected Map[String,Int] written as JSON, got \"{a: 1}\"");
        assertThatThrownBy(() -> ValueText.parse("{\"a\": \"x\"}", Type.mapOf(Type.STRING, Type.INT), "wf.m"))
                .hasMessage("wf.m[\"a\"]: expected Int, got \"x\"");
    }

    @Test
    void arraysByRepetitionOrJson() {
        Type files = Type.arrayOf(Type.FILE);
        assertThat(ValueText.parseAll(List.of("a", "b"), files, "wf.fs"))
                .isEqualTo(ArrayValue.of(Type.FILE, List.of(new FileValue("a"), new FileValue("b"))));
        assertThat(ValueText.parseAll(List.of("[\"a\"]"), files, "wf.fs"))
                .isEqualTo(ArrayValue.of(Type.FILE, List.of(new FileValue("a"))));
        assertThat(ValueText.parseAll(List.of("only"), files, "wf.fs"))
                .isEqualTo(ArrayValue.of(Type.FILE, List.of(new FileValue("only"))));
        assertThatThrownBy(() -> ValueText.parseAll(List.of("1", "x"), Type.arrayOf(Type.INT), "wf.ns"))
                .hasMessage("wf.ns[1]: expected Int, got \"x\"");
        assertThatThrownBy(() -> ValueText.parseAll(List.of("1", "2"), Type.INT, "wf.n"))
                .hasMessage("wf.n: given 2 times, but it is a Int, not an Array");
    }
}
