package org.wdlbatch.wdl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.syntax.Parser;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.ValueJson;

/** Expressions as users write them, through the real parser and the evaluator, per version. */
class ParsedExpressionTest {

    private final Environment env = new Environment()
            .bind("xs", ArrayValue.of(Type.INT, List.of(new IntValue(1), new IntValue(2), new IntValue(3))))
            .bind("name", new StringValue("world"))
            .bind("flag", BooleanValue.TRUE)
            .bind("missing", Value.NONE);

    private String eval(String expr, Version v) {
        Value value = new Evaluator(v).evaluate(Parser.parseExpression(expr, v), env);
        return ValueJson.toJsonString(value);
    }

    private String eval(String expr) {
        return eval(expr, Version.V1_2);
    }

    @Test
    void precedence() {
        assertThat(eval("1 + 2 * 3 ** 2")).isEqualTo("19");
        assertThat(eval("(1 + 2) * 3")).isEqualTo("9");
        assertThat(eval("-2 ** 2")).isEqualTo("4");
        assertThat(eval("10 - 4 - 3")).isEqualTo("3");
        assertThat(eval("2 ** 3 ** 2")).isEqualTo("64"); // left-to-right, as the spec's table says
        assertThat(eval("1 < 2 && 3 > 2 || false")).isEqualTo("true");
        assertThat(eval("!flag || 1 == 1")).isEqualTo("true");
        assertThat(eval("10 % 4 + 1")).isEqualTo("3");
    }

    @Test
    void accessAndIndex() {
        assertThat(eval("xs[1]")).isEqualTo("2");
        assertThat(eval("[[1, 2], [3]][0][1]")).isEqualTo("2");
        assertThat(eval("{\"a\": 1, \"b\": 2}[\"b\"]")).isEqualTo("2");
        assertThat(eval("(1, \"x\").right")).isEqualTo("\"x\"");
        assertThat(eval("object { a: 1, b: [true] }.b[0]")).isEqualTo("true");
        assertThat(eval("if length(xs) > 2 then \"many\" else \"few\"")).isEqualTo("\"many\"");
    }

    @Test
    void interpolationPerVersion() {
        assertThat(eval("\"hello ~{name}!\"")).isEqualTo("\"hello world!\"");
        assertThat(eval("\"~{sep=', ' xs}\"", Version.V1_0)).isEqualTo("\"1, 2, 3\"");
        assertThat(eval("\"${sep=',' xs}\"", Version.DRAFT_2)).isEqualTo("\"1,2,3\"");
        assertThat(eval("\"~{true='--yes' false='--no' flag}\"", Version.V1_1)).isEqualTo("\"--yes\"");
        assertThat(eval("\"[~{default='none' missing}]\"", Version.V1_0)).isEqualTo("\"[none]\"");
        assertThat(eval("\"~{sep(' ', prefix('-i ', xs))}\"")).isEqualTo("\"-i 1 -i 2 -i 3\"");
        assertThat(eval("\"a~{'-x ' + missing}b\"")).isEqualTo("\"ab\"");
        assertThat(eval("\"~{1.0 / 3}\"")).isEqualTo("\"0.333333\"");
        assertThat(eval("\"tab\\there\"")).isEqualTo("\"tab\\there\"");
    }

    @Test
    void multiLineStrings() {
        String text = "<<<\n    hello ~{name}\n      indented\n    >>>";
        assertThat(eval(text)).isEqualTo("\"hello world\\n  indented\"");
    }

    @Test
    void stdlibThroughExpressions() {
        assertThat(eval("select_first([missing, 5])")).isEqualTo("5");
        assertThat(eval("flatten([[1], [], [2, 3]])")).isEqualTo("[1,2,3]");
        assertThat(eval("as_map(zip([\"a\", \"b\"], [1, 2]))")).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(eval("length(\"héllo\")")).isEqualTo("5");
        assertThat(eval("contains_key({\"a\": 1}, \"a\")")).isEqualTo("true");
    }

    @Test
    void errorsPointAtTheExpression() {
        assertThatThrownBy(() -> eval("xs[5]"))
                .isInstanceOf(EvalException.class)
                .hasMessage("<expression>:1:4: error: index 5 out of range for an array of 3 items");
        assertThatThrownBy(() -> eval("1 / (2 - 2)"))
                .hasMessage("<expression>:1:1: error: division by zero");
    }
}
