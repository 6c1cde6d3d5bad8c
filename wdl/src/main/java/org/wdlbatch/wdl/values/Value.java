package org.wdlbatch.wdl.values;

import org.wdlbatch.wdl.types.Type;

/**
 * A WDL runtime value. Every value knows its {@link Type}; compound values carry the type they were built or
 * coerced with, so that {@code write_json}, coercion and the stdlib see what the declaration said.
 *
 * <p>Records compare structurally (Java {@code equals}), which makes primitive values usable as {@code Map} keys.
 * WDL's {@code ==} (with Int/Float promotion and optionals) is {@link Values#wdlEquals}.
 */
public sealed interface Value permits IntValue, FloatValue, BooleanValue, StringValue, FileValue, DirectoryValue,
        ArrayValue, MapValue, PairValue, ObjectValue, StructValue, NullValue {

    Type type();

    /** {@code None}. */
    NullValue NONE = NullValue.INSTANCE;

    default boolean isNone() {
        return this instanceof NullValue;
    }
}
