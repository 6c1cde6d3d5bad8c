package org.wdlbatch.wdl.values;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wdlbatch.wdl.types.Type;

/** A struct instance: every member of {@code type} has a value (None for an absent optional member). */
public record StructValue(Type.StructType type, Map<String, Value> members) implements Value {
    public StructValue {
        type = (Type.StructType) type.withOptional(false);
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    @Override public String toString() { return Values.display(this); }
}
