package org.wdlbatch.wdl.ast;

import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.types.Type;

/** {@code Type name [= expr]}: an input, a private declaration, an output, or a workflow body declaration. */
public record Declaration(SourcePos pos, Type type, String name, Expr expr) implements WorkflowElement {}
