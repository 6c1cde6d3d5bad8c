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

    /**
     * A call: {@code call.out} reads its outputs. {@code outputs} are the target's output types as declared;
     * {@code lift} turns one into its type where the reference stands (through scatter/if), applied lazily.
     */
    record CallOutputs(String callName, Map<String, Type> outputs, java.util.function.UnaryOperator<Type> lift)
            implements Binding {

        /** The lifted type of output {@code name}, or null when the call has no such output. */
        Type output(String name) {
            Type t = outputs.get(name);
            return t == null ? null : lift.apply(t);
        }
    }
}
