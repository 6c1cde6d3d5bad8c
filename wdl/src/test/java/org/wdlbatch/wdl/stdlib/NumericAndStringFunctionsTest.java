package org.wdlbatch.wdl.stdlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wdlbatch.wdl.stdlib.Lib.*;

import org.junit.jupiter.api.Test;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.eval.EvalException;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.StringValue;

class NumericAndStringFunctionsTest {

    private final Lib lib = new Lib();

    @Test
    void rounding() {
        assertThat(lib.call("floor", f(2.7))).isEqualTo(i(2));
        assertThat(lib.call("floor", f(-1.5))).isEqualTo(i(-2));
        assertThat(lib.call("ceil", f(1.1))).isEqualTo(i(2));
        assertThat(lib.call("ceil", f(-1.5))).isEqualTo(i(-1));
        assertThat(lib.call("round", f(1.5))).isEqualTo(i(2));
        assertThat(lib.call("round", f(2.4))).isEqualTo(i(2));
        assertThat(lib.call("round", f(-2.5))).isEqualTo(i(-2)); // half up
        assertThat(lib.call("round", i(3))).isEqualTo(i(3));
        assertThatThrownBy(() -> lib.call("floor", f(1e300))).hasMessageContaining("out of range");
    }

    @Test
    void minAndMaxKeepIntWhenBothAreInt() {
        assertThat(lib.call("min", i(1), i(2))).isEqualTo(i(1));
        assertThat(lib.call("min", i(1), f(2.5))).isEqualTo(f(1.0));
        assertThat(lib.call("max", f(1.0), i(2))).isEqualTo(f(2.0));
        assertThat(lib.call("max", f(-1.0), f(-2.0))).isEqualTo(f(-1.0));
        assertThatThrownBy(() -> new Lib(Version.V1_0, FileAccess.NONE).call("min", i(1), i(2)))
                .hasMessageContaining("not available");
    }

    @Test
    void sub() {
        assertThat(lib.call("sub", s("hello world"), s("world"), s("there"))).isEqualTo(s("hello there"));
        assertThat(lib.call("sub", s("sample.bam"), s("\\.bam$"), s(".bai"))).isEqualTo(s("sample.bai"));
        assertThat(lib.call("sub", s("aaa"), s("a"), s("b"))).isEqualTo(s("bbb"));
        assertThat(lib.call("sub", s("a1b22"), s("[[:digit:]]+"), s("#"))).isEqualTo(s("a#b#"));
        assertThat(lib.call("sub", s("john smith"), s("(\\w+) (\\w+)"), s("\\2, \\1"))).isEqualTo(s("smith, john"));
        assertThat(lib.call("sub", s("x"), s("x"), s("$"))).isEqualTo(s("$"));
        assertThat(lib.call("sub", file("/a/b.txt"), s("\\.txt"), s(""))).isEqualTo(s("/a/b"));
        assertThatThrownBy(() -> lib.call("sub", s("x"), s("("), s("")))
                .isInstanceOf(EvalException.class).hasMessageContaining("invalid regular expression '('");
    }

    @Test
    void findMatchesSplit() {
        assertThat(lib.call("find", s("hello world"), s("o[a-z]"))).isEqualTo(s("or"));
        assertThat(lib.call("find", s("hello"), s("z")).isNone()).isTrue();
        assertThat(lib.call("matches", s("sample1234_R1.fastq"), s("_R1"))).isEqualTo(BooleanValue.TRUE);
        assertThat(lib.call("matches", s("sample1234_R1.fastq"), s("^_R1$"))).isEqualTo(BooleanValue.FALSE);
        assertThat(lib.call("split", s("a,b,,c"), s(","))).isEqualTo(strs("a", "b", "", "c"));
        assertThat(lib.call("split", s("a::b"), s("::"))).isEqualTo(strs("a", "b"));
        assertThat(lib.call("split", s(""), s(","))).isEqualTo(strs(""));
        assertThatThrownBy(() -> new Lib(Version.V1_1, FileAccess.NONE).call("find", s("a"), s("a")))
                .hasMessageContaining("not available");
    }

    @Test
    void stringArrayFunctions() {
        assertThat(lib.call("prefix", s("-f "), strs("a", "b"))).isEqualTo(strs("-f a", "-f b"));
        assertThat(lib.call("prefix", s("n"), ints(1, 2))).isEqualTo(strs("n1", "n2"));
        assertThat(lib.call("suffix", s(".txt"), strs("a", "b"))).isEqualTo(strs("a.txt", "b.txt"));
        assertThat(lib.call("quote", ints(1, 2))).isEqualTo(strs("\"1\"", "\"2\""));
        assertThat(lib.call("squote", strs("a b"))).isEqualTo(strs("'a b'"));
        assertThat(lib.call("sep", s(", "), arr(f(1.5), f(2)))).isEqualTo(new StringValue("1.500000, 2.000000"));
        assertThat(lib.call("sep", s(","), strs())).isEqualTo(s(""));
        assertThat(lib.call("prefix", s("x"), strs())).isEqualTo(strs());
    }

    @Test
    void optionalItemsDoNotFitPrimitiveArrays() {
        assertThatThrownBy(() -> lib.call("sep", s(","), arr(s("a"), org.wdlbatch.wdl.values.Value.NONE)))
                .isInstanceOf(EvalException.class).hasMessageContaining("sep(");
    }
}
