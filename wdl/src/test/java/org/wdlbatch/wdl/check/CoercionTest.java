package org.wdlbatch.wdl.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.types.Type;

class CoercionTest {

    private static Type.StructType struct(String name, Map<String, Type> members) {
        return new Type.StructType(name, members, false);
    }

    @Test
    void primitivesCoerceAsMiniwdlAllows() {
        assertThat(Coercion.coerces(Type.INT, Type.FLOAT)).isTrue();
        assertThat(Coercion.coerces(Type.FLOAT, Type.INT)).isFalse();
        assertThat(Coercion.coerces(Type.INT, Type.STRING)).isTrue();
        assertThat(Coercion.coerces(Type.STRING, Type.FILE)).isTrue();
        assertThat(Coercion.coerces(Type.FILE, Type.STRING)).isTrue();
        assertThat(Coercion.coerces(Type.FILE, Type.DIRECTORY)).isFalse();
        assertThat(Coercion.coerces(Type.BOOLEAN, Type.INT)).isFalse();
        assertThat(Coercion.coerces(Type.INT, Type.BOOLEAN)).isFalse();
    }

    @Test
    void optionalQuantifiersAreNotChecked() {
        assertThat(Coercion.coerces(Type.INT.asOptional(), Type.INT)).isTrue();
        assertThat(Coercion.coerces(Type.NONE, Type.arrayOf(Type.FILE))).isTrue();
        assertThat(Coercion.coerces(new Type.ArrayType(Type.INT, false, false), new Type.ArrayType(Type.INT, true, false))).isTrue();
    }

    @Test
    void compoundTypesCoerceMemberwise() {
        assertThat(Coercion.coerces(Type.arrayOf(Type.STRING), Type.arrayOf(Type.FILE))).isTrue();
        assertThat(Coercion.coerces(Type.arrayOf(Type.BOOLEAN), Type.arrayOf(Type.INT))).isFalse();
        assertThat(Coercion.coerces(Type.arrayOf(Type.INT), Type.INT)).isFalse();
        assertThat(Coercion.coerces(Type.mapOf(Type.STRING, Type.INT), Type.mapOf(Type.STRING, Type.FLOAT))).isTrue();
        assertThat(Coercion.coerces(Type.pairOf(Type.INT, Type.STRING), Type.pairOf(Type.FLOAT, Type.FILE))).isTrue();
        assertThat(Coercion.coerces(Type.pairOf(Type.INT, Type.STRING), Type.arrayOf(Type.INT))).isFalse();
    }

    @Test
    void structsMatchByMembersSoAliasedStructsAreTheSame() {
        Map<String, Type> m = new LinkedHashMap<>();
        m.put("name", Type.STRING);
        m.put("bam", Type.FILE);
        assertThat(Coercion.coerces(struct("Sample", m), struct("Renamed", m))).isTrue();
        assertThat(Coercion.coerces(struct("Sample", m), struct("Other", Map.of("x", Type.INT)))).isFalse();
        assertThat(Coercion.coerces(Type.OBJECT, struct("Sample", m))).isTrue();
        assertThat(Coercion.coerces(Type.mapOf(Type.STRING, Type.STRING), struct("Sample", m))).isTrue();
    }

    @Test
    void unifyFindsTheCommonType() {
        assertThat(Coercion.unify(List.of(Type.INT, Type.FLOAT))).isEqualTo(Type.FLOAT);
        assertThat(Coercion.unify(List.of(Type.INT, Type.STRING))).isEqualTo(Type.STRING);
        assertThat(Coercion.unify(List.of(Type.INT, Type.NONE))).isEqualTo(Type.INT.asOptional());
        assertThat(Coercion.unify(List.of())).isEqualTo(Type.ANY);
        assertThat(Coercion.unify(List.of(Type.INT, Type.arrayOf(Type.INT)))).isNull();
        assertThat(Coercion.unify(List.of(Type.arrayOf(Type.INT), Type.arrayOf(Type.FLOAT)))).isEqualTo(Type.arrayOf(Type.FLOAT));
    }
}
