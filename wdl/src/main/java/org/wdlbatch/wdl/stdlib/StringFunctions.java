package org.wdlbatch.wdl.stdlib;

import static org.wdlbatch.wdl.stdlib.Args.str;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.values.BooleanValue;
import org.wdlbatch.wdl.values.StringValue;
import org.wdlbatch.wdl.values.Value;

/** sub (all versions); find, matches, split (1.2). */
final class StringFunctions {

    private StringFunctions() {}

    static void register(StdLib.Builder b) {
        b.fn("sub").variant("String, String, String -> String", (a, c) -> new StringValue(
                PosixRegex.replaceAll(str(a.get(0)), PosixRegex.compile(str(a.get(1))), str(a.get(2)))));
        b.fn("find").since(Version.V1_2).variant("String, String -> String?", (a, c) -> {
            Matcher m = PosixRegex.compile(str(a.get(1))).matcher(str(a.get(0)));
            return m.find() ? new StringValue(m.group()) : Value.NONE;
        });
        b.fn("matches").since(Version.V1_2).variant("String, String -> Boolean", (a, c) ->
                BooleanValue.of(PosixRegex.compile(str(a.get(1))).matcher(str(a.get(0))).find()));
        b.fn("split").since(Version.V1_2).variant("String, String -> Array[String]", (a, c) ->
                Args.stringArray(split(str(a.get(0)), str(a.get(1)))));
    }

    /** Splits on every occurrence of the literal {@code delimiter}; an empty delimiter splits into characters. */
    static List<String> split(String input, String delimiter) {
        List<String> out = new ArrayList<>();
        if (delimiter.isEmpty()) {
            input.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        int from = 0;
        while (true) {
            int at = input.indexOf(delimiter, from);
            if (at < 0) {
                out.add(input.substring(from));
                return out;
            }
            out.add(input.substring(from, at));
            from = at + delimiter.length();
        }
    }
}
