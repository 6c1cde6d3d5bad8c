package org.wdlbatch.wdl.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.types.Type;

class StdLibTypesTest {

    private static Type t(String name, Version v, Type... args) {
        return StdLibTypes.resultType(name, List.of(args), v);
    }

    private static Type t(String name, Type... args) {
        return t(name, Version.V1_2, args);
    }

    @Test
    void versionGating() {
        assertThat(StdLibTypes.exists("floor", Version.DRAFT_2)).isTrue();
        assertThat(StdLibTypes.exists("min", Version.V1_0)).isFalse();
        assertThat(StdLibTypes.exists("min", Version.V1_1)).isTrue();
        assertThat(StdLibTypes.exists("find", Version.V1_1)).isFalse();
        assertThat(StdLibTypes.exists("join_paths", Version.V1_2)).isTrue();
        assertThat(StdLibTypes.exists("nonsense", Version.V1_2)).isFalse();
        assertThatThrownBy(() -> t("min", Version.V1_0, Type.INT, Type.INT))
                .isInstanceOf(FunctionTypeException.class).hasMessageContaining("not available in WDL 1.0");
    }

    @Test
    void everySpecFunctionExistsIn12() {
        for (String name : List.of("floor", "ceil", "round", "min", "max", "find", "matches", "sub", "split",
                "basename", "join_paths", "glob", "size", "stdout", "stderr", "read_string", "read_int", "read_float",
                "read_boolean", "read_lines", "write_lines", "read_tsv", "write_tsv", "read_map", "write_map",
                "read_json", "write_json", "read_object", "read_objects", "write_object", "write_objects", "prefix",
                "suffix", "quote", "squote", "sep", "length", "range", "transpose", "cross", "zip", "unzip",
                "flatten", "select_first", "select_all", "contains", "chunk", "as_pairs", "as_map", "keys", "values",
                "contains_key", "collect_by_key", "defined")) {
            assertThat(StdLibTypes.exists(name, Version.V1_2)).as(name).isTrue();
        }
    }

    @Test
    void polymorphicResults() {
        assertThat(t("min", Type.INT, Type.INT)).isEqualTo(Type.INT);
        assertThat(t("min", Type.INT, Type.FLOAT)).isEqualTo(Type.FLOAT);
        assertThat(t("zip", Type.arrayOf(Type.INT), Type.arrayOf(Type.STRING)))
                .isEqualTo(Type.arrayOf(Type.pairOf(Type.INT, Type.STRING)));
        assertThat(t("select_first", Type.arrayOf(Type.FILE.asOptional()))).isEqualTo(Type.FILE);
        assertThat(t("select_first", Type.arrayOf(Type.INT))).isEqualTo(Type.INT);
        assertThat(t("select_first", Type.arrayOf(Type.INT.asOptional()), Type.INT)).isEqualTo(Type.INT);
        assertThat(t("select_all", Type.arrayOf(Type.STRING.asOptional()))).isEqualTo(Type.arrayOf(Type.STRING));
        assertThat(t("flatten", Type.arrayOf(Type.arrayOf(Type.FILE)))).isEqualTo(Type.arrayOf(Type.FILE));
        assertThat(t("as_map", Type.arrayOf(Type.pairOf(Type.STRING, Type.INT)))).isEqualTo(Type.mapOf(Type.STRING, Type.INT));
        assertThat(t("collect_by_key", Type.arrayOf(Type.pairOf(Type.STRING, Type.INT))))
                .isEqualTo(Type.mapOf(Type.STRING, Type.arrayOf(Type.INT)));
        assertThat(t("unzip", Type.arrayOf(Type.pairOf(Type.STRING, Type.INT))))
                .isEqualTo(Type.pairOf(Type.arrayOf(Type.STRING), Type.arrayOf(Type.INT)));
        assertThat(t("keys", Type.mapOf(Type.STRING, Type.INT))).isEqualTo(Type.arrayOf(Type.STRING));
        assertThat(t("defined", Type.INT.asOptional())).isEqualTo(Type.BOOLEAN);
        assertThat(t("defined", Type.INT)).isEqualTo(Type.BOOLEAN);
        assertThat(t("find", Type.STRING, Type.STRING)).isEqualTo(Type.STRING.asOptional());
        assertThat(t("read_json", Type.FILE)).isEqualTo(Type.ANY);
        assertThat(t("read_tsv", Type.FILE, Type.BOOLEAN)).isEqualTo(Type.arrayOf(Type.OBJECT));
        assertThat(t("length", Type.STRING)).isEqualTo(Type.INT);
        assertThat(t("transpose", Type.arrayOf(Type.arrayOf(Type.INT)))).isEqualTo(Type.arrayOf(Type.arrayOf(Type.INT)));
    }

    @Test
    void coercibleArguments() {
        assertThat(t("floor", Type.INT)).isEqualTo(Type.INT);
        assertThat(t("read_lines", Type.STRING)).isEqualTo(Type.arrayOf(Type.STRING));
        assertThat(t("sub", Type.FILE, Type.STRING, Type.STRING)).isEqualTo(Type.STRING);
        assertThat(t("size", Type.arrayOf(Type.FILE), Type.STRING)).isEqualTo(Type.FLOAT);
        assertThat(t("size", Type.FILE.asOptional())).isEqualTo(Type.FLOAT);
        assertThat(t("prefix", Type.STRING, Type.arrayOf(Type.INT))).isEqualTo(Type.arrayOf(Type.STRING));
        // None and [] fit anywhere they may
        assertThat(t("select_first", new Type.ArrayType(Type.NONE, false, false), Type.STRING)).isEqualTo(Type.STRING);
        assertThat(t("length", Type.arrayOf(Type.ANY))).isEqualTo(Type.INT);
        assertThat(t("defined", Type.NONE)).isEqualTo(Type.BOOLEAN);
    }

    @Test
    void structsAndObjects() {
        Map<String, Type> m = new LinkedHashMap<>();
        m.put("a", Type.INT);
        Type.StructType st = new Type.StructType("S", m, false);
        assertThat(t("keys", st)).isEqualTo(Type.arrayOf(Type.STRING));
        assertThat(t("write_object", st)).isEqualTo(Type.FILE);
        assertThat(t("write_objects", Type.arrayOf(st))).isEqualTo(Type.FILE);
        assertThat(t("contains_key", st, Type.arrayOf(Type.STRING))).isEqualTo(Type.BOOLEAN);
        assertThatThrownBy(() -> t("keys", Version.V1_1, st)).isInstanceOf(FunctionTypeException.class);
    }

    @Test
    void mismatchesNameTheArgument() {
        assertThatThrownBy(() -> t("floor", Type.STRING))
                .isInstanceOf(FunctionTypeException.class)
                .hasMessage("argument 1 of floor() has type String; expected floor(Float)")
                .matches(e -> ((FunctionTypeException) e).argument() == 0);
        assertThatThrownBy(() -> t("sub", Type.STRING, Type.STRING))
                .hasMessageContaining("sub() takes 3 argument(s), got 2");
        assertThatThrownBy(() -> t("length", Type.INT)).isInstanceOf(FunctionTypeException.class);
        assertThatThrownBy(() -> t("sep", Type.STRING, Type.arrayOf(Type.STRING.asOptional())))
                .isInstanceOf(FunctionTypeException.class);
        assertThatThrownBy(() -> t("read_int", Type.FILE.asOptional())).isInstanceOf(FunctionTypeException.class);
        assertThatThrownBy(() -> t("zip", Type.arrayOf(Type.INT), Type.INT)).hasMessageContaining("argument 2 of zip()");
        assertThatThrownBy(() -> t("select_first", Type.arrayOf(Type.INT), Type.BOOLEAN))
                .isInstanceOf(FunctionTypeException.class);
    }
}
