package org.wdlbatch.wdl.values;

import org.wdlbatch.wdl.types.Type;

public record IntValue(long value) implements Value {
    @Override public Type type() { return Type.INT; }
    @Override public String toString() { return Long.toString(value); }
}
