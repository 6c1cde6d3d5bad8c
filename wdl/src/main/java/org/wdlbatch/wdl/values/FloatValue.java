package org.wdlbatch.wdl.values;

import org.wdlbatch.wdl.types.Type;

public record FloatValue(double value) implements Value {
    @Override public Type type() { return Type.FLOAT; }
    @Override public String toString() { return Values.formatFloat(value); }
}
