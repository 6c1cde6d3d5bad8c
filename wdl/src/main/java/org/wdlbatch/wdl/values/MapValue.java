package org.wdlbatch.wdl.values;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wdlbatch.wdl.types.Type;

/** {@code Map[K,V]}: entries in insertion order (WDL maps are ordered); keys are primitive values. */
public record MapValue(Type.MapType type, Map<Value, Value> entries) implements Value {
    public MapValue {
        type = (Type.MapType) type.withOptional(false);
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public MapValue(Type keyType, Type valueType, Map<Value, Value> entries) {
        this(Type.mapOf(keyType, valueType), entries);
    }

    public int size() { return entries.size(); }
    @Override public String toString() { return Values.display(this); }
}
