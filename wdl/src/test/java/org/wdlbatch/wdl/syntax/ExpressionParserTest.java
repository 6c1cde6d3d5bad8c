package org.wdlbatch.wdl.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.WdlException;

class ExpressionParserTest {

    private static String canon(String text) {
        return Canonical.of(Parser.parseExpression(text, Version.V1_2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        // each level of the spec's precedence table against its neighbours
        "a || b && c => (a || (b && c))",
        "a && b || c => ((a && b) || c)",
        "a && b == c => (a && (b == c))",
        "a == b < c => (a == (b < c))",
        "a < b + c => (a < (b + c))",
        "a + b * c => (a + (b * c))",
        "a * b ** c => (a * (b ** c))",
        "-a ** b => ((-a) ** b)",
        "!a[0] => (!a[0])",
        "-x.y => (-x.y)",
        "a.b[1].c => a.b[1].c",
        "f(x)[0] => f(x)[0]",
        // associativity: all binary operators are left-associative, ** included (1.2 table)
        "a - b - c => ((a - b) - c)",
        "a / b / c => ((a / b) / c)",
        "a ** b ** c => ((a ** b) ** c)",
        "a == b != c => ((a == b) != c)",
        "a || b || c => ((a || b) || c)",
        "a % b * c => ((a % b) * c)",
        "a <= b >= c => ((a <= b) >= c)",
        // unary operators nest right to left
        "!!a => (!(!a))",
        "- -a => (-(-a))",
        "+a => (+a)",
        "-5 => -5",
        "-2 ** 2 => (-2 ** 2)",
        "1 - -1 => (1 - -1)",
        // grouping and if-then-else
        "(a + b) * c => ((a + b) * c)",
        "if a then b else c + 1 => (if a then b else (c + 1))",
        "1 + if a then 2 else 3 => (1 + (if a then 2 else 3))",
        "if a then if b then 1 else 2 else 3 => (if a then (if b then 1 else 2) else 3)",
        "if a || b then x else y => (if (a || b) then x else y)",
    })
    void precedenceAndAssociativity(String text, String expected) {
        assertThat(canon(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "42 => 42",
        "0x1F => 31",
        "0X1f => 31",
        "017 => 15",
        "0 => 0",
        "9223372036854775807 => 9223372036854775807",
        "-9223372036854775808 => -9223372036854775808",
        "1.5 => 1.5",
        "1. => 1.0",
        ".5 => 0.5",
        "1e3 => 1000.0",
        "2.5E-1 => 0.25",
        "1e+2 => 100.0",
        "true => true",
        "false => false",
        "None => None",
        "[1, 2, 3,] => [1, 2, 3]",
        "[] => []",
        "{\"a\": 1, \"b\": 2} => {\"a\": 1, \"b\": 2}",
        "{} => {}",
        "(1, \"x\") => (1, \"x\")",
        "object { a: 1, b: [2] } => object {a: 1, b: [2]}",
        "Sample { name: \"x\", n: 1, } => Sample {name: \"x\", n: 1}",
        "select_first([a, b]) => select_first([a, b])",
        "f() => f()",
        "p.left => p.left",
        "x.right.left => x.right.left",
        "task.attempt => task.attempt",
    })
    void literalsAndPrimaries(String text, String expected) {
        assertThat(canon(text)).isEqualTo(expected);
    }

    @Test
    void objectLiteralKeysMayBeQuoted() {
        Expr.ObjectLit o = (Expr.ObjectLit) Parser.parseExpression("object { \"a b\": 1, 'c': 2 }", Version.V1_0);
        assertThat(o.fields()).extracting(Expr.Field::name).containsExactly("a b", "c");
    }

    @Test
    void intLiteralsOutOfRangeAreErrors() {
        assertThatThrownBy(() -> Parser.parseExpression("9223372036854775808", Version.V1_1))
                .isInstanceOf(WdlException.class).hasMessageContaining("does not fit in a 64-bit Int");
        assertThatThrownBy(() -> Parser.parseExpression("019", Version.V1_1))
                .isInstanceOf(WdlException.class).hasMessageContaining("octal");
    }

    @Test
    void versionGatedSyntax() {
        assertThatThrownBy(() -> Parser.parseExpression("2 ** 3", Version.V1_1))
                .isInstanceOf(WdlException.class).hasMessageContaining("requires WDL 1.2");
        assertThatThrownBy(() -> Parser.parseExpression("None", Version.V1_0))
                .isInstanceOf(WdlException.class).hasMessageContaining("requires WDL 1.1");
        assertThatThrownBy(() -> Parser.parseExpression("S { a: 1 }", Version.V1_0))
                .isInstanceOf(WdlException.class).hasMessageContaining("requires WDL 1.1");
        assertThatThrownBy(() -> Parser.parseExpression("<<< x >>>", Version.V1_1))
                .isInstanceOf(WdlException.class).hasMessageContaining("requires WDL 1.2");
        assertThat(canon("2 ** 3")).isEqualTo("(2 ** 3)");
    }

    @Test
    void positionsPointAtTheStartOfEachNode() {
        Expr.Binary b = (Expr.Binary) Parser.parseExpression("a +\n  f(b)[0]", Version.V1_1);
        assertThat(b.pos().line()).isEqualTo(1);
        assertThat(b.pos().column()).isEqualTo(1);
        Expr.Index idx = (Expr.Index) b.right();
        assertThat(idx.pos().line()).isEqualTo(2);
        assertThat(idx.pos().column()).isEqualTo(3);
        assertThat(((Expr.Apply) idx.target()).args().get(0).pos().column()).isEqualTo(5);
    }

    @Test
    void keywordsAreNotNames() {
        assertThatThrownBy(() -> Parser.parseExpression("output + 1", Version.V1_1))
                .isInstanceOf(WdlException.class)
                .hasMessage("<expression>:1:1: error: unexpected keyword 'output' where an expression was expected");
    }

    @Test
    void trailingTokensAreErrors() {
        assertThatThrownBy(() -> Parser.parseExpression("a b", Version.V1_1))
                .isInstanceOf(WdlException.class)
                .hasMessage("<expression>:1:3: error: expected nothing more after the expression, found 'b'");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(5000) + "1" + ")".repeat(5000);
        assertThatThrownBy(() -> Parser.parseExpression(deep, Version.V1_1))
                .isInstanceOf(WdlException.class).hasMessageContaining("nest");
        String unary = "!".repeat(100_000) + "a";
        assertThatThrownBy(() -> Parser.parseExpression(unary, Version.V1_1))
                .isInstanceOf(WdlException.class).hasMessageContaining("nest");
        String array = "[".repeat(3000);
        assertThatThrownBy(() -> Parser.parseExpression(array, Version.V1_1))
                .isInstanceOf(WdlException.class).hasMessageContaining("nest");
        // moderately deep input is fine
        String ok = "(".repeat(100) + "1" + ")".repeat(100);
        assertThat(canon(ok)).isEqualTo("1");
    }
}
