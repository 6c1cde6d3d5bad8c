package org.wdlbatch.wdl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.ADD;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.AND;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.DIV;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.EQ;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.GE;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.LT;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.MOD;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.MUL;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.NE;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.OR;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.POW;
import static org.wdlbatch.wdl.ast.Expr.BinaryOp.SUB;
import static org.wdlbatch.wdl.eval.Exprs.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.stdlib.FileAccess;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.FileValue;
import org.wdlbatch.wdl.values.FloatValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.MapValue;
import org.wdlbatch.wdl.values.PairValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.StructValue;
import org.wdlbatch.wdl.values.Value;

class EvaluatorTest {

    private final Evaluator ev12 = new Evaluator(Version.V1_2);
    private final Evaluator ev11 = new Evaluator(Version.V1_1);
    private final Environment env = new Environment();

    private Value eval(Expr e) {
        return ev12.evaluate(e, env);
    }

    @Test
    void literals() {
        assertThat(eval(i(42))).isEqualTo(new IntValue(42));
        assertThat(eval(f(1.5))).isEqualTo(new FloatValue(1.5));
        assertThat(eval(b(true))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(none()).isNone()).isTrue();
        assertThat(eval(s("abc"))).isEqualTo(new StringValue("abc"));
        assertThat(eval(pair(i(1), s("a")))).isEqualTo(new PairValue(new IntValue(1), new StringValue("a")));
    }

    @Test
    void arrayLiteralTakesTheCommonItemType() {
        ArrayValue a = (ArrayValue) eval(arr(i(1), f(2.5)));
        assertThat(a.itemType()).isEqualTo(Type.FLOAT);
        assertThat(a.items()).containsExactly(new FloatValue(1), new FloatValue(2.5));
        ArrayValue withNone = (ArrayValue) eval(arr(i(1), none()));
        assertThat(withNone.itemType()).isEqualTo(Type.INT.asOptional());
        ArrayValue empty = (ArrayValue) eval(arr());
        assertThat(empty.items()).isEmpty();
        assertThatThrownBy(() -> eval(arr(i(1), arr(i(2)))))
                .isInstanceOf(EvalException.class).hasMessageContaining("incompatible types Int and Array[Int]");
    }

    @Test
    void mapLiteralKeepsInsertionOrder() {
        MapValue m = (MapValue) eval(map(s("b"), i(1), s("a"), i(2)));
        assertThat(m.entries().keySet()).containsExactly(new StringValue("b"), new StringValue("a"));
        assertThat(m.type()).isEqualTo(Type.mapOf(Type.STRING, Type.INT));
    }

    @Test
    void integerArithmetic() {
        assertThat(eval(op(i(7), DIV, i(2)))).isEqualTo(new IntValue(3));
        assertThat(eval(op(neg(i(7)), DIV, i(2)))).isEqualTo(new IntValue(-3)); // truncates toward zero
        assertThat(eval(op(i(7), MOD, i(3)))).isEqualTo(new IntValue(1));
        assertThat(eval(op(i(2), MUL, i(3)))).isEqualTo(new IntValue(6));
        assertThat(eval(op(i(2), SUB, i(3)))).isEqualTo(new IntValue(-1));
        assertThat(eval(op(i(2), POW, i(10)))).isEqualTo(new IntValue(1024));
        assertThat(eval(op(f(2), POW, i(-1)))).isEqualTo(new FloatValue(0.5));
    }

    @Test
    void mixedArithmeticIsFloat() {
        assertThat(eval(op(i(1), ADD, f(2.0)))).isEqualTo(new FloatValue(3.0));
        assertThat(eval(op(i(7), DIV, f(2)))).isEqualTo(new FloatValue(3.5));
        assertThat(eval(op(f(7.5), MOD, i(2)))).isEqualTo(new FloatValue(1.5));
    }

    @Test
    void arithmeticErrorsNameTheProblem() {
        assertThatThrownBy(() -> eval(op(i(1), DIV, i(0))))
                .isInstanceOf(EvalException.class).hasMessage("test.wdl:1:1: error: division by zero");
        assertThatThrownBy(() -> eval(op(i(Long.MAX_VALUE), ADD, i(1))))
                .isInstanceOf(EvalException.class).hasMessageContaining("Int overflow");
        assertThatThrownBy(() -> ev11.evaluate(op(i(2), POW, i(2)), env))
                .isInstanceOf(EvalException.class).hasMessageContaining("** operator needs WDL 1.2");
        assertThatThrownBy(() -> eval(op(i(1), SUB, b(true))))
                .isInstanceOf(EvalException.class).hasMessageContaining("operator - needs numbers");
        assertThatThrownBy(() -> eval(op(i(1), ADD, b(true)))).hasMessageContaining("operator + does not apply to 1 and true");
    }

    @Test
    void stringConcatenation() {
        assertThat(eval(op(s("a"), ADD, s("b")))).isEqualTo(new StringValue("ab"));
        assertThat(eval(op(s("n="), ADD, i(3)))).isEqualTo(new StringValue("n=3"));
        assertThat(eval(op(s("x="), ADD, f(1.5)))).isEqualTo(new StringValue("x=1.500000"));
        env.bind("dir", new StringValue("/data/"));
        env.bind("f", new FileValue("a.txt"));
        assertThat(eval(op(id("dir"), ADD, id("f")))).isEqualTo(new FileValue("/data/a.txt"));
        assertThat(eval(op(id("f"), ADD, s(".bai")))).isEqualTo(new FileValue("a.txt.bai"));
    }

    @Test
    void noneOperandOutsideAPlaceholderIsAnError() {
        env.bind("x", Value.NONE);
        assertThatThrownBy(() -> eval(op(s("a"), ADD, id("x"))))
                .isInstanceOf(EvalException.class)
                .hasMessageContaining("an operand of + is None")
                .matches(e -> ((EvalException) e).causedByNone());
    }

    @Test
    void comparisons() {
        assertThat(eval(op(i(1), LT, f(1.5)))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(s("abc"), LT, s("abd")))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(s("b"), GE, s("abc")))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(b(true), Expr.BinaryOp.GT, b(false)))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(i(1), EQ, f(1.0)))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(b(true), EQ, s("true")))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(i(1), EQ, b(true)))).isEqualTo(BooleanValue.FALSE);
        assertThatThrownBy(() -> eval(op(i(1), LT, s("a")))).hasMessageContaining("cannot compare 1 < \"a\"");
    }

    @Test
    void equalityOfCompoundAndOptionalValues() {
        assertThat(eval(op(arr(i(1), i(2), i(3)), EQ, arr(i(1), i(2), i(3))))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(arr(i(1), i(2), i(3)), EQ, arr(i(2), i(1), i(3))))).isEqualTo(BooleanValue.FALSE);
        assertThat(eval(op(map(s("a"), i(1), s("b"), i(2)), EQ, map(s("b"), i(2), s("a"), i(1)))))
                .isEqualTo(BooleanValue.FALSE);
        assertThat(eval(op(arr(i(1), i(2)), EQ, arr(f(1.0), f(2.0))))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(pair(i(1), s("a")), NE, pair(i(1), s("b"))))).isEqualTo(BooleanValue.TRUE);
        env.bind("k", Value.NONE).bind("j", new IntValue(1));
        assertThat(eval(op(id("k"), EQ, none()))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(i(1), EQ, id("j")))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(id("j"), EQ, id("k")))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void logicalOperatorsShortCircuit() {
        Expr boom = op(op(i(1), DIV, i(0)), EQ, i(1));
        assertThat(eval(op(b(false), AND, boom))).isEqualTo(BooleanValue.FALSE);
        assertThat(eval(op(b(true), OR, boom))).isEqualTo(BooleanValue.TRUE);
        assertThat(eval(op(b(true), AND, b(false)))).isEqualTo(BooleanValue.FALSE);
        assertThatThrownBy(() -> eval(op(b(true), AND, boom))).hasMessageContaining("division by zero");
        assertThat(eval(not(b(false)))).isEqualTo(BooleanValue.TRUE);
    }

    @Test
    void ifThenElseEvaluatesOnlyTheChosenBranch() {
        Expr boom = op(i(1), DIV, i(0));
        assertThat(eval(ite(b(true), i(1), boom))).isEqualTo(new IntValue(1));
        assertThat(eval(ite(b(false), boom, s("no")))).isEqualTo(new StringValue("no"));
        assertThatThrownBy(() -> eval(ite(i(1), i(1), i(2)))).hasMessageContaining("must be a Boolean");
    }

    @Test
    void namesCallOutputsPairsAndMembers() {
        env.bind("p", new PairValue(new IntValue(1), new StringValue("x")));
        env.bind("align.bam", new FileValue("/x.bam"));
        env.bind("ns.call.out", new IntValue(7));
        assertThat(eval(dot(id("p"), "left"))).isEqualTo(new IntValue(1));
        assertThat(eval(dot(id("p"), "right"))).isEqualTo(new StringValue("x"));
        assertThat(eval(dot(id("align"), "bam"))).isEqualTo(new FileValue("/x.bam"));
        assertThat(eval(dot(dot(id("ns"), "call"), "out"))).isEqualTo(new IntValue(7));
        assertThatThrownBy(() -> eval(dot(id("align"), "bai")))
                .hasMessageContaining("'align' has no output or member 'bai'");
        assertThatThrownBy(() -> eval(at(12, "nope")))
                .hasMessage("test.wdl:12:5: error: unknown name 'nope'");
        assertThatThrownBy(() -> eval(dot(id("p"), "first")))
                .hasMessageContaining("a Pair has only 'left' and 'right'");
    }

    @Test
    void childEnvironmentShadowsItsParent() {
        env.bind("x", new IntValue(1)).bind("y", new IntValue(2));
        Environment inner = env.child().bind("x", new IntValue(10));
        assertThat(ev12.evaluate(op(id("x"), ADD, id("y")), inner)).isEqualTo(new IntValue(12));
        assertThat(eval(id("x"))).isEqualTo(new IntValue(1));
    }

    @Test
    void structLiteralsAndMembers() {
        Map<String, Type> members = new LinkedHashMap<>();
        members.put("name", Type.STRING);
        members.put("bam", Type.FILE);
        members.put("depth", Type.INT.asOptional());
        Type.StructType sample = new Type.StructType("Sample", members, false);
        Evaluator ev = new Evaluator(Version.V1_2, FileAccess.NONE, Map.of("Sample", sample));
        StructValue sv = (StructValue) ev.evaluate(struct("Sample", field("name", s("a")), field("bam", s("/a.bam"))), env);
        assertThat(sv.members().get("bam")).isEqualTo(new FileValue("/a.bam"));
        assertThat(sv.members().get("depth").isNone()).isTrue();
        env.bind("s", sv);
        assertThat(ev.evaluate(dot(id("s"), "name"), env)).isEqualTo(new StringValue("a"));
        assertThatThrownBy(() -> ev.evaluate(struct("Sample", field("name", s("a"))), env))
                .hasMessageContaining("struct Sample needs member 'bam' (File)");
        assertThatThrownBy(() -> ev.evaluate(struct("Sample", field("name", s("a")), field("bam", s("b")),
                field("color", s("red"))), env)).hasMessageContaining("has no member 'color'");
        assertThatThrownBy(() -> ev.evaluate(dot(id("s"), "nope"), env))
                .hasMessageContaining("struct Sample has no member 'nope'");
    }

    @Test
    void indexing() {
        env.bind("xs", ArrayValue.of(Type.INT, List.of(new IntValue(10), new IntValue(20))));
        assertThat(eval(idx(id("xs"), i(1)))).isEqualTo(new IntValue(20));
        assertThatThrownBy(() -> eval(idx(id("xs"), i(2))))
                .hasMessageContaining("index 2 out of range for an array of 2 items");
        assertThatThrownBy(() -> eval(idx(id("xs"), i(-1)))).hasMessageContaining("index -1 out of range");
        assertThat(eval(idx(map(s("a"), i(1), s("b"), i(2)), s("b")))).isEqualTo(new IntValue(2));
        assertThatThrownBy(() -> eval(idx(map(s("a"), i(1)), s("z"))))
                .hasMessageContaining("key \"z\" not found in the map");
        assertThat(eval(idx(map(i(1), s("one")), i(1)))).isEqualTo(new StringValue("one"));
    }

    @Test
    void functionCalls() {
        assertThat(eval(call("length", arr(i(1), i(2))))).isEqualTo(new IntValue(2));
        assertThat(eval(call("floor", i(3)))).isEqualTo(new IntValue(3)); // Int coerced to Float
        assertThatThrownBy(() -> eval(call("nope", i(1)))).hasMessageContaining("unknown function nope()");
        assertThatThrownBy(() -> new Evaluator(Version.V1_0).evaluate(call("min", i(1), i(2)), env))
                .hasMessageContaining("min() is not available in WDL 1.0");
        assertThatThrownBy(() -> eval(call("range", s("x")))).isInstanceOf(EvalException.class)
                .hasMessageContaining("range(");
    }

    @Test
    void declarationCoercion() {
        assertThat(ev12.evaluate(i(1), Type.FLOAT, env)).isEqualTo(new FloatValue(1.0));
        assertThat(ev12.evaluate(s("/a"), Type.FILE, env)).isEqualTo(new FileValue("/a"));
        assertThatThrownBy(() -> ev12.evaluate(none(), Type.INT, env))
                .hasMessage("test.wdl:1:1: error: expected Int, got None");
    }
}
