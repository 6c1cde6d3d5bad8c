package org.wdlbatch.wdl.stdlib;

import static org.wdlbatch.wdl.stdlib.Args.dbl;
import static org.wdlbatch.wdl.stdlib.Args.flt;
import static org.wdlbatch.wdl.stdlib.Args.integer;
import static org.wdlbatch.wdl.stdlib.Args.lng;

import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.eval.EvalException;

/** floor, ceil, round (all versions); min, max (1.1). */
final class NumericFunctions {

    private NumericFunctions() {}

    static void register(StdLib.Builder b) {
        b.fn("floor").variant("Float -> Int", (a, c) -> integer(toLong(Math.floor(dbl(a.get(0))))));
        b.fn("ceil").variant("Float -> Int", (a, c) -> integer(toLong(Math.ceil(dbl(a.get(0))))));
        // "round half up": 2.5 -> 3, -2.5 -> -2
        b.fn("round").variant("Float -> Int", (a, c) -> integer(toLong(Math.floor(dbl(a.get(0)) + 0.5))));
        b.fn("min").since(Version.V1_1)
                .variant("Int, Int -> Int", (a, c) -> integer(Math.min(lng(a.get(0)), lng(a.get(1)))))
                .variant("Int, Float -> Float", (a, c) -> flt(Math.min(dbl(a.get(0)), dbl(a.get(1)))))
                .variant("Float, Int -> Float", (a, c) -> flt(Math.min(dbl(a.get(0)), dbl(a.get(1)))))
                .variant("Float, Float -> Float", (a, c) -> flt(Math.min(dbl(a.get(0)), dbl(a.get(1)))));
        b.fn("max").since(Version.V1_1)
                .variant("Int, Int -> Int", (a, c) -> integer(Math.max(lng(a.get(0)), lng(a.get(1)))))
                .variant("Int, Float -> Float", (a, c) -> flt(Math.max(dbl(a.get(0)), dbl(a.get(1)))))
                .variant("Float, Int -> Float", (a, c) -> flt(Math.max(dbl(a.get(0)), dbl(a.get(1)))))
                .variant("Float, Float -> Float", (a, c) -> flt(Math.max(dbl(a.get(0)), dbl(a.get(1)))));
    }

    private static long toLong(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            throw new EvalException("cannot convert " + d + " to Int: out of range");
        }
        return (long) d;
    }
}
