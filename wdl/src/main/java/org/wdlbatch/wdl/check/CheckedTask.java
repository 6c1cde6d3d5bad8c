package org.wdlbatch.wdl.check;

import java.util.Map;
import org.wdlbatch.wdl.ast.TaskDef;
import org.wdlbatch.wdl.types.Type;

/** A type-checked task: its definition, input signature and output types. */
public record CheckedTask(TaskDef definition, Map<String, InputParam> inputs, Map<String, Type> outputs,
        CheckedDocument document) implements Callable {

    public String name() {
        return definition.name();
    }
}
