package org.wdlbatch.wdl.check;

import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.types.Type;

/**
 * One input of a task or workflow: its name, resolved type, and whether a caller must supply it
 * ({@code required}: no default and not optional). {@code declaration} carries the default expression, if any.
 */
public record InputParam(String name, Type type, boolean required, Declaration declaration) {

    public boolean hasDefault() {
        return declaration.expr() != null;
    }
}
