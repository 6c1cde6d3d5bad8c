package org.wdlbatch.wdl.check;

import java.util.Map;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.types.Type;

/**
 * A call after checking: its target (a task or a workflow, possibly in an imported document), the types of the
 * inputs it supplies (as the target declares them; optional where the target has a default, since None then selects
 * the default), and the target's output types (not lifted by scatter/if).
 */
public record CheckedCall(WorkflowElement.Call call, Callable target, Map<String, Type> inputTypes,
        Map<String, Type> outputTypes) {

    public String name() {
        return call.name();
    }
}
