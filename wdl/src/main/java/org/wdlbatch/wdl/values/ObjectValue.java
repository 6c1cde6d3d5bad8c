package org.wdlbatch.wdl.values;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wdlbatch.wdl.types.Type;

/** The legacy {@code Object}: string member names (in order) to values of any type. */
public record ObjectValue(Map<String, Value> members) implements Value {
    public ObjectValue {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    @Override public Type type() { return Type.OBJECT; }
    @Override public String toString() { return Values.display(this); }
}
