package org.wdlbatch.wdl.values;

import org.wdlbatch.wdl.types.Type;

public record BooleanValue(boolean value) implements Value {
    public static final BooleanValue TRUE = new BooleanValue(true);
    public static final BooleanValue FALSE = new BooleanValue(false);

    public static BooleanValue of(boolean b) { return b ? TRUE : FALSE; }

    @Override public Type type() { return Type.BOOLEAN; }
    @Override public String toString() { return Boolean.toString(value); }
}
