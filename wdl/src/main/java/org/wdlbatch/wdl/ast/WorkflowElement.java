package org.wdlbatch.wdl.ast;

import java.util.List;
import org.wdlbatch.wdl.source.SourcePos;

/** What a workflow body (and the body of a scatter or conditional) holds. */
public sealed interface WorkflowElement permits Declaration, WorkflowElement.Call, WorkflowElement.Scatter,
        WorkflowElement.Conditional {

    SourcePos pos();

    /**
     * {@code call ns.task as alias after other { input: x = expr, y }}.
     * {@code callee} is the dotted name split into parts; a shorthand input {@code y} is stored as {@code y = y}.
     * {@code inputs} keeps source order.
     */
    record Call(SourcePos pos, List<String> callee, String alias, List<String> afters, List<CallInput> inputs)
            implements WorkflowElement {

        /** The name the call's outputs are known by: its alias, else the last part of the callee. */
        public String name() {
            return alias != null ? alias : callee.get(callee.size() - 1);
        }

        public String calleeName() {
            return String.join(".", callee);
        }
    }

    record CallInput(SourcePos pos, String name, Expr value) {}

    record Scatter(SourcePos pos, String variable, Expr collection, List<WorkflowElement> body)
            implements WorkflowElement {}

    record Conditional(SourcePos pos, Expr condition, List<WorkflowElement> body) implements WorkflowElement {}
}
