package org.wdlbatch.wdl.stdlib;

import java.util.List;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.types.Type;

/**
 * The static side of the standard library, as the type checker sees it: which functions exist in a version and the
 * result type of a call, from the same signatures the evaluator uses ({@link StdLib}).
 */
public final class StdLibTypes {

    private StdLibTypes() {}

    /** Whether {@code name} is a standard library function in {@code version}. */
    public static boolean exists(String name, Version version) {
        return StdLib.lookup(name, version) != null;
    }

    /**
     * The result type of {@code name(args)} in {@code version}. Arguments of type {@code Any} (None, items of
     * {@code []}, {@code read_json} results) fit any parameter; {@code Any} results mean "decided at runtime".
     *
     * @throws FunctionTypeException when the function does not exist in this version or the arguments do not fit
     *     any of its signatures
     */
    public static Type resultType(String name, List<Type> args, Version version) {
        StdFunction f = StdLib.lookup(name, version);
        if (f == null) {
            if (StdLib.lookup(name, Version.V1_2) != null) {
                throw new FunctionTypeException(name + "() is not available in WDL " + version
                        + "; it needs a newer version (see the version line)");
            }
            throw new FunctionTypeException("unknown function " + name + "()");
        }
        return f.resultType(args, version);
    }

    /** The signatures of {@code name} in {@code version}, for hints; empty when it does not exist. */
    public static List<String> signatures(String name, Version version) {
        StdFunction f = StdLib.lookup(name, version);
        return f == null ? List.of() : f.signatures(version);
    }
}
