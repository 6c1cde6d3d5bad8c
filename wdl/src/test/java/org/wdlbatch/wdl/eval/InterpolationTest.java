package org.wdlbatch.wdl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.ADD;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.MUL;
import static org.wdlbatch.wdl.eval.Exprs.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.Value;

/** Placeholder rendering, with the cases of the spec's "Expression Placeholder Coercion" and options sections. */
class InterpolationTest {

    private final Evaluator ev = new Evaluator(Version.V1_2);
    private final Environment env = new Environment();

    private String render(Object... parts) {
        return ((StringValue) ev.evaluate(str(parts), env)).value();
    }

    @Test
    void primitivesAsTheSpecFormatsThem() {
        env.bind("x", new FileValue("/hij"));
        assertThat(render(s("abc"))).isEqualTo("abc");
        assertThat(render(id("x"))).isEqualTo("/hij");
        assertThat(render(i(5))).isEqualTo("5");
        assertThat(render(neg(i(5)))).isEqualTo("-5");
        assertThat(render(f(3.141))).isEqualTo("3.141000");
        assertThat(render(op(f(3.141), MUL, f(1e-10)))).isEqualTo("0.000000");
        assertThat(render(op(f(3.141), MUL, f(1e10)))).isEqualTo("31410000000.000000");
        assertThat(render(op(i(1), ADD, f(2.0)))).isEqualTo("3.000000");
        assertThat(render(b(true), " ", b(false))).isEqualTo("true false");
    }

    @Test
    void noneRendersEmpty() {
        env.bind("i", Value.NONE);
        assertThat(render("[", id("i"), "]")).isEqualTo("[]");
    }

    @Test
    void concatenationWithNoneInsideAPlaceholderIsEmpty() {
        env.bind("salutation", new StringValue("hello"));
        env.bind("name1", Value.NONE);
        env.bind("name2", new StringValue("Fred"));
        Expr g1 = op(op(op(id("salutation"), ADD, s(" ")), ADD, id("name1")), ADD, s(" "));
        Expr g2 = op(op(op(id("salutation"), ADD, s(" ")), ADD, id("name2")), ADD, s(", "));
        assertThat(render(g1, "nice to meet you!")).isEqualTo("nice to meet you!");
        assertThat(render(g2, "nice to meet you!")).isEqualTo("hello Fred, nice to meet you!");
        env.bind("max", Value.NONE);
        assertThat(render("grep ", op(s("-m "), ADD, id("max")), " x")).isEqualTo("grep  x");
    }

    @Test
    void errorCausedByNoneRendersEmpty() {
        env.bind("foo", Value.NONE);
        assertThat(render("Foo is ", call("select_first", arr(id("foo"))))).isEqualTo("Foo is ");
    }

    @Test
    void otherErrorsPropagate() {
        assertThatThrownBy(() -> render(op(i(1), Expr.BinaryOp.DIV, i(0)))).hasMessageContaining("division by zero");
    }

    @Test
    void placeholderOptions() {
        env.bind("xs", ArrayValue.of(Type.INT, List.of(new IntValue(1), new IntValue(2), new IntValue(3))));
        env.bind("yes", BooleanValue.TRUE);
        env.bind("no", BooleanValue.FALSE);
        env.bind("undef", Value.NONE);
        env.bind("name", new StringValue("x"));
        assertThat(render(ph(id("xs"), "sep", ","))).isEqualTo("1,2,3");
        assertThat(render(ph(id("yes"), "true", "--yes", "false", "--no"))).isEqualTo("--yes");
        assertThat(render(ph(id("no"), "true", "--yes", "false", "--no"))).isEqualTo("--no");
        assertThat(render(ph(id("no"), "true", "--yes"))).isEqualTo("");
        assertThat(render(ph(id("undef"), "default", "foobar"))).isEqualTo("foobar");
        assertThat(render(ph(id("name"), "default", "foobar"))).isEqualTo("x");
        assertThat(render(ph(call("range", i(0)), "sep", ","))).isEqualTo("");
    }

    @Test
    void arraysNeedASeparator() {
        env.bind("xs", ArrayValue.of(Type.INT, List.of(new IntValue(1))));
        assertThatThrownBy(() -> render(id("xs"))).hasMessageContaining("without a separator");
        assertThat(render(call("sep", s(" "), id("xs")))).isEqualTo("1");
    }

    @Test
    void nestedPlaceholders() {
        env.bind("i", new IntValue(3)).bind("b", BooleanValue.TRUE);
        Expr inner = str(op(i(1), ADD, id("i")));
        assertThat(render(ite(id("b"), inner, s("0")))).isEqualTo("4");
    }

    @Test
    void interpolateRendersCommandParts() {
        env.bind("n", new IntValue(2));
        assertThat(ev.interpolate(parts("echo ", id("n"), " > out.txt\n"), env)).isEqualTo("echo 2 > out.txt\n");
    }
}
