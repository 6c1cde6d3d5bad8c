package org.wdlbatch.wdl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.ast.Expr;
import org.wdlbatch.wdl.ast.StringPart;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.stdlib.LocalFileAccess;
import org.wdlbatch.wdl.stdlib.StdLib;
import org.wdlbatch.wdl.types.Type;
import org.wdlbatch.wdl.values.ArrayValue;
import org.wdlbatch.wdl.values.IntValue;
import org.wdlbatch.wdl.values.PairValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.Value;

/**
 * Random, mostly ill-typed expression trees (operators, literals, every stdlib function with random arguments,
 * indexing, member access, placeholders): evaluating one must give a value or an {@link EvalException} with a
 * position, never any other exception, whatever the version.
 */
class RandomExpressionTest {

    private static final SourcePos P = new SourcePos("random.wdl", 3, 7);
    private static final List<String> FUNCTIONS = StdLib.names();

    @TempDir
    Path dir;

    @Test
    void onlyValuesOrEvalExceptions() {
        Random rnd = new Random(20261121L);
        Environment env = new Environment()
                .bind("xs", ArrayValue.of(Type.INT, List.of(new IntValue(1), new IntValue(2))))
                .bind("p", new PairValue(new IntValue(1), new StringValue("a")))
                .bind("s", new StringValue("text"))
                .bind("none", Value.NONE);
        int values = 0;
        int errors = 0;
        for (int i = 0; i < 20_000; i++) {
            Version v = Version.values()[rnd.nextInt(Version.values().length)];
            Evaluator ev = new Evaluator(v, new LocalFileAccess(dir), java.util.Map.of());
            Expr e = expr(rnd, 4);
            try {
                assertThat(ev.evaluate(e, env)).isNotNull();
                values++;
            } catch (EvalException ex) {
                assertThat(ex.pos()).as(ex.getMessage()).isNotNull();
                // the evaluator's safety net must not have been needed: every error is a deliberate one
                if (ex.reason().startsWith("cannot evaluate the ") || ex.reason().startsWith("arithmetic error")) {
                    fail("evaluating " + e + " in WDL " + v + " failed unexpectedly: " + ex.getMessage(), ex.getCause());
                }
                errors++;
            } catch (RuntimeException | StackOverflowError ex) {
                fail("evaluating " + e + " in WDL " + v + " threw " + ex, ex);
            }
        }
        // the generator must exercise both outcomes, or the test proves little
        assertThat(values).isGreaterThan(1000);
        assertThat(errors).isGreaterThan(1000);
    }

    private static Expr expr(Random r, int depth) {
        int k = depth <= 0 ? r.nextInt(8) : r.nextInt(19);
        return switch (k) {
            case 0 -> new Expr.IntLit(P, pick(r, 0L, 1L, -1L, 2L, 3L, Long.MAX_VALUE, Long.MIN_VALUE, 1000L));
            case 1 -> new Expr.FloatLit(P, pick(r, 0.0, 1.5, -2.5, 1e300, Double.NaN));
            case 2 -> new Expr.BoolLit(P, r.nextBoolean());
            case 3 -> new Expr.NoneLit(P);
            case 4 -> new Expr.StringLit(P, List.of(new StringPart.Text(pick(r, "", "a", "/x/y.txt", "1", "[", "\t"))),
                    false);
            case 5, 6 -> new Expr.Ident(P, pick(r, "xs", "p", "s", "none", "unknown"));
            case 7 -> new Expr.ArrayLit(P, List.of());
            case 8 -> new Expr.ArrayLit(P, list(r, depth, 1 + r.nextInt(3)));
            case 9 -> new Expr.MapLit(P, List.of(new Expr.MapEntry(expr(r, depth - 1), expr(r, depth - 1))));
            case 10 -> new Expr.PairLit(P, expr(r, depth - 1), expr(r, depth - 1));
            case 11, 12, 13 -> new Expr.Apply(P, FUNCTIONS.get(r.nextInt(FUNCTIONS.size())), list(r, depth, r.nextInt(4)));
            case 14 -> new Expr.Binary(P, Expr.BinaryOp.values()[r.nextInt(Expr.BinaryOp.values().length)],
                    expr(r, depth - 1), expr(r, depth - 1));
            case 15 -> new Expr.Unary(P, Expr.UnaryOp.values()[r.nextInt(Expr.UnaryOp.values().length)],
                    expr(r, depth - 1));
            case 16 -> new Expr.Index(P, expr(r, depth - 1), expr(r, depth - 1));
            case 17 -> new Expr.Access(P, expr(r, depth - 1), pick(r, "left", "right", "a", "x"));
            default -> new Expr.StringLit(P, List.of(new StringPart.Text("<"),
                    new StringPart.Placeholder(P, expr(r, depth - 1), r.nextBoolean() ? List.of()
                            : List.of(new StringPart.PlaceholderOption(pick(r, "sep", "true", "false", "default"),
                                    expr(r, depth - 1)))),
                    new StringPart.Text(">")), false);
        };
    }

    private static List<Expr> list(Random r, int depth, int n) {
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(expr(r, depth - 1));
        }
        return out;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }
}
