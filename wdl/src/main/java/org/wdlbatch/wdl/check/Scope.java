package org.wdlbatch.wdl.check;

import java.util.Collection;
import java.util.Map;
import org.wdlbatch.wdl.types.Type;

/** The names an expression can see. */
interface Scope {

    /** The binding of {@code name}, or null when it is unknown. */
    Binding lookup(String name);

    /** Every visible name, for hints. */
    Collection<String> names();

    sealed interface Binding {}

    /** A value: a declaration, an input, a scatter variable. */
    record Value(Type type) implements Binding {}

    /** A call: {@code call.out} reads its outputs (already lifted through scatter/if). */
    record CallOutputs(String callName, Map<String, Type> outputs) implements Binding {}
}
