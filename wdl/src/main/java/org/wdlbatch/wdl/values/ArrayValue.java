package org.wdlbatch.wdl.values;

import java.util.List;
import org.wdlbatch.wdl.types.Type;

/** {@code Array[T]}: {@code type} is the array type (item type, non-empty flag), items are immutable. */
public record ArrayValue(Type.ArrayType type, List<Value> items) implements Value {
    public ArrayValue {
        type = (Type.ArrayType) type.withOptional(false);
        items = List.copyOf(items);
    }

    /** An array of items of type {@code itemType} (which may itself be an array type). */
    public static ArrayValue of(Type itemType, List<Value> items) {
        return new ArrayValue(Type.arrayOf(itemType), items);
    }

    public Type itemType() { return type.item(); }
    public int size() { return items.size(); }
    public Value get(int i) { return items.get(i); }
    @Override public String toString() { return Values.display(this); }
}
