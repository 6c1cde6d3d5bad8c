package org.wdlbatch.wdl.stdlib;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.ast.Version;

/**
 * The standard library: every function of WDL draft-2 to 1.2, registered by one class per function family
 * (numeric, string, file, string array, array, map, other). Which version introduced a function follows the spec
 * and miniwdl (e.g. {@code min}/{@code max}/{@code keys} 1.1, {@code find}/{@code contains_key}/{@code join_paths}
 * 1.2).
 */
public final class StdLib {

    private static final Map<String, StdFunction> FUNCTIONS = build();

    private StdLib() {}

    private static Map<String, StdFunction> build() {
        Builder b = new Builder();
        NumericFunctions.register(b);
        StringFunctions.register(b);
        FileFunctions.register(b);
        StringArrayFunctions.register(b);
        ArrayFunctions.register(b);
        MapFunctions.register(b);
        OtherFunctions.register(b);
        return b.functions;
    }

    /** The function called {@code name} in {@code version}, or null. */
    public static StdFunction lookup(String name, Version version) {
        StdFunction f = FUNCTIONS.get(name);
        return f != null && f.availableIn(version) ? f : null;
    }

    /** Every function name, in registration order. */
    public static List<String> names() {
        return List.copyOf(FUNCTIONS.keySet());
    }

    /** Collects the function definitions; families add variants with {@code fn(name).variant(...)}. */
    static final class Builder {
        final Map<String, StdFunction> functions = new LinkedHashMap<>();

        FnBuilder fn(String name) {
            return new FnBuilder(functions.computeIfAbsent(name, StdFunction::new));
        }
    }

    static final class FnBuilder {
        private final StdFunction f;
        private Version since = Version.DRAFT_2;

        FnBuilder(StdFunction f) {
            this.f = f;
        }

        /** The version from which the following variants exist. */
        FnBuilder since(Version v) {
            this.since = v;
            return this;
        }

        FnBuilder variant(String signature, StdFunction.Impl impl) {
            f.add(new StdFunction.Variant(new Signature(signature), since, impl));
            return this;
        }
    }
}
