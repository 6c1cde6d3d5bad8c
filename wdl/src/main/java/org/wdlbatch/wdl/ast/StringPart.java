package org.wdlbatch.wdl.ast;

import java.util.List;
import org.wdlbatch.wdl.source.SourcePos;

/** A piece of a string literal or a command: literal text, or a {@code ~{}} / {@code ${}} placeholder. */
public sealed interface StringPart {

    /**
     * Literal text. In string literals escapes are already decoded; in commands the text is kept verbatim
     * (the shell sees backslashes as written) and common leading whitespace is stripped by the runtime.
     */
    record Text(String text) implements StringPart {}

    /** {@code ~{expr}} or {@code ${expr}}, with 1.0/draft-2 options such as {@code sep=", "}. */
    record Placeholder(SourcePos pos, Expr expr, List<PlaceholderOption> options) implements StringPart {}

    /** {@code sep="x"}, {@code true="y"}, {@code false="n"} or {@code default="d"}. */
    record PlaceholderOption(String name, Expr value) {}
}
