package org.wdlbatch.wdl.values;

import org.wdlbatch.wdl.types.Type;

public record PairValue(Type.PairType type, Value left, Value right) implements Value {
    public PairValue {
        type = (Type.PairType) type.withOptional(false);
    }

    public PairValue(Value left, Value right) {
        this(Type.pairOf(left.type(), right.type()), left, right);
    }

    @Override public String toString() { return Values.display(this); }
}
