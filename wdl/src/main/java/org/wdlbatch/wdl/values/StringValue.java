package org.wdlbatch.wdl.values;

import java.util.Objects;
import org.wdlbatch.wdl.types.Type;

public record StringValue(String value) implements Value {
    public StringValue { Objects.requireNonNull(value); }
    @Override public Type type() { return Type.STRING; }
    @Override public String toString() { return value; }
}
