package org.wdlbatch.engine.config;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.wdlbatch.wdl.check.Suggest;

/** "did you mean" endings for messages about input and configuration keys, from the language's {@link Suggest}. */
public final class Suggestions {

    private Suggestions() {}

    /** {@code "; did you mean 'x'?"} (or {@code 'x' or 'y'}), or empty when no known name is near. */
    public static String didYouMean(String name, Collection<String> known) {
        List<String> near = Suggest.nearest(name, known);
        if (near.isEmpty()) {
            return "";
        }
        return "; did you mean " + near.stream().map(k -> "'" + k + "'").collect(Collectors.joining(" or ")) + "?";
    }
}
