package org.wdlbatch.wdl.values;

import org.wdlbatch.wdl.types.Type;

/** {@code None}: the value of an optional declaration without a value. */
public final class NullValue implements Value {
    static final NullValue INSTANCE = new NullValue();

    private NullValue() {}

    @Override public Type type() { return Type.NONE; }
    @Override public String toString() { return "None"; }
}
