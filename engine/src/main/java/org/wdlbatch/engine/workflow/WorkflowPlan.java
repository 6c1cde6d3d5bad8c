package org.wdlbatch.engine.workflow;

import org.wdlbatch.wdl.ast.ReferencedNames;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.wdl.ast.Declaration;
import org.wdlbatch.wdl.ast.WorkflowDef;
import org.wdlbatch.wdl.ast.WorkflowElement;
import org.wdlbatch.wdl.graph.CycleFinder;
import org.wdlbatch.wdl.source.SourcePos;
import org.wdlbatch.wdl.source.WdlException;

/**
 * A workflow turned into scopes of {@link PlanNode}s with dependencies, ready for the scheduler to instantiate.
 * The input declarations come first in the top scope, then the body; the output section is kept apart and
 * evaluated once the body is done.
 */
public final class WorkflowPlan {

    private final WorkflowDef workflow;
    private final PlanNode.Scope top;

    private WorkflowPlan(WorkflowDef workflow, PlanNode.Scope top) {
        this.workflow = workflow;
        this.top = top;
    }

    public static WorkflowPlan of(WorkflowDef workflow) {
        List<WorkflowElement> elements = new ArrayList<>();
        if (workflow.inputs() != null) {
            elements.addAll(workflow.inputs());
        }
        elements.addAll(workflow.body());
        return new WorkflowPlan(workflow, new Builder().scope(elements));
    }

    public WorkflowDef workflow() {
        return workflow;
    }

    public PlanNode.Scope top() {
        return top;
    }

    /** Builds scopes bottom-up, giving every node an id unique in the workflow. */
    private static final class Builder {
        private final Set<String> usedIds = new java.util.HashSet<>();

        PlanNode.Scope scope(List<WorkflowElement> elements) {
            // First pass: build nodes (recursively) and learn what each defines and reads.
            List<PlanNode> nodes = new ArrayList<>(elements.size());
            List<Set<String>> reads = new ArrayList<>(elements.size());
            Map<String, Integer> definedBy = new HashMap<>();
            for (WorkflowElement el : elements) {
                Set<String> r = new LinkedHashSet<>();
                PlanNode node = shell(el, r);
                for (String name : node.defines()) {
                    Integer prev = definedBy.put(name, nodes.size());
                    if (prev != null) {
                        throw new WdlException(el.pos(), "'" + name + "' is defined twice in the same scope");
                    }
                }
                nodes.add(node);
                reads.add(r);
            }
            // Second pass: resolve reads to sibling indexes; the rest are outer names.
            Set<String> outer = new LinkedHashSet<>();
            List<PlanNode> wired = new ArrayList<>(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                List<Integer> deps = new ArrayList<>();
                for (String name : reads.get(i)) {
                    Integer j = definedBy.get(name);
                    if (j == null) {
                        outer.add(name);
                    } else if (j != i && !deps.contains(j)) {
                        deps.add(j);
                    }
                }
                wired.add(withDependencies(nodes.get(i), deps.stream().mapToInt(Integer::intValue).sorted().toArray()));
            }
            rejectCycles(wired);
            return new PlanNode.Scope(List.copyOf(wired), Set.copyOf(outer));
        }

        /** A dependency cycle would leave the scheduler waiting forever: name it instead (the checker's search). */
        private static void rejectCycles(List<PlanNode> nodes) {
            List<Integer> indexes = java.util.stream.IntStream.range(0, nodes.size()).boxed().toList();
            List<List<Integer>> cycles = CycleFinder.cycles(indexes,
                    i -> java.util.Arrays.stream(nodes.get(i).dependencies()).boxed().toList());
            if (!cycles.isEmpty()) {
                List<Integer> path = cycles.get(0); // its first node repeated at the end
                StringBuilder names = new StringBuilder();
                for (int k : path) {
                    names.append(names.length() == 0 ? "" : " -> ").append(nodes.get(k).id());
                }
                throw new WdlException(position(nodes.get(path.get(0))), "dependency cycle: " + names);
            }
        }

        private static SourcePos position(PlanNode n) {
            if (n instanceof PlanNode.Decl d) {
                return d.declaration().pos();
            }
            if (n instanceof PlanNode.Call c) {
                return c.call().pos();
            }
            if (n instanceof PlanNode.Scatter s) {
                return s.scatter().pos();
            }
            return ((PlanNode.Conditional) n).conditional().pos();
        }

        /** The node without dependencies yet; {@code reads} gets every name it reads. */
        private PlanNode shell(WorkflowElement el, Set<String> reads) {
            if (el instanceof Declaration d) {
                ReferencedNames.collect(d.expr(), reads);
                return new PlanNode.Decl(id("decl-" + d.name(), d.pos()), d, Set.of(d.name()), new int[0]);
            }
            if (el instanceof WorkflowElement.Call c) {
                c.inputs().forEach(in -> ReferencedNames.collect(in.value(), reads));
                reads.addAll(c.afters());
                return new PlanNode.Call(id("call-" + c.name(), c.pos()), c, Set.of(c.name()), new int[0]);
            }
            if (el instanceof WorkflowElement.Scatter s) {
                ReferencedNames.collect(s.collection(), reads);
                PlanNode.Scope body = scope(s.body());
                Set<String> inner = new LinkedHashSet<>(body.outerNames());
                inner.remove(s.variable());
                reads.addAll(inner);
                return new PlanNode.Scatter(id("scatter-L" + s.pos().line(), s.pos()), s, body, definedIn(body),
                        new int[0]);
            }
            WorkflowElement.Conditional c = (WorkflowElement.Conditional) el;
            ReferencedNames.collect(c.condition(), reads);
            PlanNode.Scope body = scope(c.body());
            reads.addAll(body.outerNames());
            return new PlanNode.Conditional(id("if-L" + c.pos().line(), c.pos()), c, body, definedIn(body),
                    new int[0]);
        }

        private static Set<String> definedIn(PlanNode.Scope scope) {
            Set<String> names = new LinkedHashSet<>();
            scope.nodes().forEach(n -> names.addAll(n.defines()));
            return Set.copyOf(names);
        }

        private String id(String base, SourcePos pos) {
            String id = base;
            for (int n = 2; !usedIds.add(id); n++) {
                id = base + "-" + n;
            }
            return id;
        }

        private static PlanNode withDependencies(PlanNode n, int[] deps) {
            if (n instanceof PlanNode.Decl d) {
                return new PlanNode.Decl(d.id(), d.declaration(), d.defines(), deps);
            }
            if (n instanceof PlanNode.Call c) {
                return new PlanNode.Call(c.id(), c.call(), c.defines(), deps);
            }
            if (n instanceof PlanNode.Scatter s) {
                return new PlanNode.Scatter(s.id(), s.scatter(), s.body(), s.defines(), deps);
            }
            PlanNode.Conditional c = (PlanNode.Conditional) n;
            return new PlanNode.Conditional(c.id(), c.conditional(), c.body(), c.defines(), deps);
        }
    }
}
