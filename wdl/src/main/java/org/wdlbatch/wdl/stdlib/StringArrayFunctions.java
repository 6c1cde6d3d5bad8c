package org.wdlbatch.wdl.stdlib;

import static org.wdlbatch.wdl.stdlib.Args.str;

import java.util.ArrayList;
import java.util.List;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.values.Value;
import org.wdlbatch.wdl.values.Values;

/**
 * prefix (all versions); suffix and sep (all versions, as miniwdl accepts them in 1.0); quote, squote (1.1).
 */
final class StringArrayFunctions {

    private StringArrayFunctions() {}

    static void register(StdLib.Builder b) {
        b.fn("prefix").variant("String, Array[P] -> Array[String]", (a, c) -> {
            String p = str(a.get(0));
            return Args.stringArray(map(a.get(1), s -> p + s));
        });
        b.fn("suffix").variant("String, Array[P] -> Array[String]", (a, c) -> {
            String p = str(a.get(0));
            return Args.stringArray(map(a.get(1), s -> s + p));
        });
        b.fn("sep").variant("String, Array[P] -> String", (a, c) ->
                Args.string(String.join(str(a.get(0)), map(a.get(1), s -> s))));
        b.fn("quote").since(Version.V1_1).variant("Array[P] -> Array[String]", (a, c) ->
                Args.stringArray(map(a.get(0), s -> "\"" + s + "\"")));
        b.fn("squote").since(Version.V1_1).variant("Array[P] -> Array[String]", (a, c) ->
                Args.stringArray(map(a.get(0), s -> "'" + s + "'")));
    }

    private static List<String> map(Value array, java.util.function.UnaryOperator<String> f) {
        List<String> out = new ArrayList<>();
        for (Value v : Args.arr(array).items()) {
            out.add(f.apply(Values.interpolationString(v)));
        }
        return out;
    }
}
