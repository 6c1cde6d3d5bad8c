package org.wdlbatch.wdl.values;

import java.util.List;
import org.wdlbatch.wdl.types.Type;

/** {@code Array[T]}: {@code type} is the array type (item type, non-empty flag), items are immutable. */
public record ArrayValue(Type.ArrayType type, List<Value> items) implements Value {
    public ArrayValue {
        type = (Type.ArrayType) type.withOptional(false);
        items = List.copyOf(items);
    }

    public ArrayValue(Type itemType, List<Value> items) {
        this(Type.arrayOf(itemType), items);
    }

    public Type itemType() { return type.item(); }
    public int size() { return items.size(); }
    public Value get(int i) { return items.get(i); }
    @Override public String toString() { return Values.display(this); }
}
