package org.wdlbatch.engine.workflow;

import java.util.List;
import java.util.Set;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.WorkflowElement;

/**
 * One element of a workflow body, as the scheduler sees it before anything runs: what it is, the names it makes
 * visible to its scope, and which siblings in the same scope it waits for ({@code dependencies}, indexes into
 * the scope's node list).
 *
 * <p>A section (scatter or if) waits for every outer name read anywhere inside it, so that once it fires, each
 * of its iterations only waits for nodes of its own iteration.
 */
public sealed interface PlanNode {

    /** Stable id within the workflow, e.g. {@code decl-x}, {@code call-align}, {@code scatter-L12}. */
    String id();

    /** Names this node binds in its scope (a section binds every name its body binds, gathered). */
    Set<String> defines();

    /** Indexes of sibling nodes in the same scope that must finish first. */
    int[] dependencies();

    record Decl(String id, Declaration declaration, Set<String> defines, int[] dependencies) implements PlanNode {}

    record Call(String id, WorkflowElement.Call call, Set<String> defines, int[] dependencies) implements PlanNode {}

    /** A scatter: {@code body} is its own scope, instantiated once per item of the collection. */
    record Scatter(String id, WorkflowElement.Scatter scatter, Scope body, Set<String> defines, int[] dependencies)
            implements PlanNode {}

    /** A conditional: {@code body} is instantiated once when the condition is true, never otherwise. */
    record Conditional(String id, WorkflowElement.Conditional conditional, Scope body, Set<String> defines,
            int[] dependencies) implements PlanNode {}

    /**
     * A list of nodes sharing one namespace. {@code outerNames} are names read inside that no node of this scope
     * (or its nested scopes) defines: they come from enclosing scopes (or are workflow inputs at the top).
     */
    record Scope(List<PlanNode> nodes, Set<String> outerNames) {

        public int size() {
            return nodes.size();
        }
    }
}
