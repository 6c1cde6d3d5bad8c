package org.wdlbatch.wdl.stdlib;

import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.NullValue;

/** defined. */
final class OtherFunctions {

    private OtherFunctions() {}

    static void register(StdLib.Builder b) {
        b.fn("defined").variant("X? -> Boolean", (a, c) -> BooleanValue.of(!(a.get(0) instanceof NullValue)));
    }
}
