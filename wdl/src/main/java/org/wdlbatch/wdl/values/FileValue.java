package org.wdlbatch.wdl.values;

import java.util.Objects;
import org.wdlbatch.wdl.types.Type;

/** A {@code File}: its path (or URI) as a string; the runtime decides what it points at. */
public record FileValue(String path) implements Value {
    public FileValue { Objects.requireNonNull(path); }
    @Override public Type type() { return Type.FILE; }
    @Override public String toString() { return path; }
}
