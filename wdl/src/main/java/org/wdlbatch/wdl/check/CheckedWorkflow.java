package org.wdlbatch.wdl.check;

import java.util.List;
import java.util.Map;
import org.wdlbatch.wdl.ast.WorkflowDef;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.types.Type;

/**
 * A type-checked workflow: input signature, output types, and every call (in source order, nested ones included)
 * with its target. {@code unsetCallInputs} lists {@code call.input} names of required call inputs the workflow
 * leaves to its user (nested inputs); such a workflow cannot be called as a subworkflow.
 */
public record CheckedWorkflow(WorkflowDef definition, Map<String, InputParam> inputs, Map<String, Type> outputs,
        Map<WorkflowElement.Call, CheckedCall> calls, List<String> unsetCallInputs, CheckedDocument document)
        implements Callable {

    /** {@code calls} keeps source order and is looked up by identity: a {@code Call} record hashes its whole AST. */
    public CheckedWorkflow {
        calls = IdentityOrderedMap.copyOf(calls);
    }

    public String name() {
        return definition.name();
    }

    public CheckedCall call(WorkflowElement.Call call) {
        return calls.get(call);
    }
}
