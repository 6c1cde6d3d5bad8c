package org.wdlbatch.wdl.source;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The only exception the WDL front end (lexer, parser, type checker, import loader) lets escape: it carries one
 * or more {@link Diagnostic}s that name file, line and column. Anything else escaping the front end is a bug.
 */
public class WdlException extends RuntimeException {

    private final transient List<Diagnostic> diagnostics;

    public WdlException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public WdlException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public WdlException(SourcePos pos, String message) {
        this(Diagnostic.error(pos, message));
    }

    public WdlException(SourcePos pos, String message, String hint) {
        this(Diagnostic.error(pos, message, hint));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
