package org.wdlbatch.wdl.values;

import java.util.Objects;
import org.wdlbatch.wdl.types.Type;

/** A {@code Directory} (1.2; accepted in earlier versions as miniwdl does). */
public record DirectoryValue(String path) implements Value {
    public DirectoryValue { Objects.requireNonNull(path); }
    @Override public Type type() { return Type.DIRECTORY; }
    @Override public String toString() { return path; }
}
