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

        /**
         * From where the call is and what it calls, not from its whole subtree as a record's own hash would be
         * (equal calls still hash alike). Calls key the checker's maps: the record's hash, an invokedynamic, spins
         * method-handle classes at its first use and then hashes every input expression of the call, in every
         * {@code check} and run.
         */
        @Override
        public int hashCode() {
            return (31 * (31 * pos.line() + pos.column()) + callee.hashCode()) * 31 + java.util.Objects.hashCode(alias);
        }
    }

    record CallInput(SourcePos pos, String name, Expr value) {}

    record Scatter(SourcePos pos, String variable, Expr collection, List<WorkflowElement> body)
            implements WorkflowElement {}

    record Conditional(SourcePos pos, Expr condition, List<WorkflowElement> body) implements WorkflowElement {}
}
