package org.wdlbatch.wdl.ast;

import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.types.Type;

/**
 * {@code Type name [= expr]}: an input, a private declaration, an output, or a workflow body declaration.
 * {@code env} marks a 1.2 {@code env} declaration (exported to the command's environment).
 */
public record Declaration(SourcePos pos, Type type, String name, Expr expr, boolean env) implements WorkflowElement {

    public Declaration(SourcePos pos, Type type, String name, Expr expr) {
        this(pos, type, name, expr, false);
    }
}
