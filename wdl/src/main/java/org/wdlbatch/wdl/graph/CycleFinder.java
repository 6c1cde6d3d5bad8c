package org.wdlbatch.wdl.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds dependency cycles in a graph (iteratively, so deep graphs do not overflow the stack). The one cycle search
 * of a workflow's dependencies: the checker's (declarations, calls and sections, {@code check.WorkflowChecker}; struct
 * members, {@code check.TypeChecker}) and the engine's plan ({@code engine.workflow.WorkflowPlan}), which must
 * agree on what a cycle is.
 */
public final class CycleFinder {

    private CycleFinder() {}

    /** Each cycle once, as the list of its nodes in dependency order (first node repeated at the end). */
    public static <N> List<List<N>> cycles(List<N> nodes, Function<N, ? extends Iterable<N>> deps) {
        Map<N, Integer> state = new HashMap<>(); // absent: new, 1: on stack, 2: done
        List<List<N>> found = new ArrayList<>();
        Set<Set<N>> seen = new HashSet<>();
        for (N start : nodes) {
            if (state.containsKey(start)) {
                continue;
            }
            List<N> stack = new ArrayList<>();
            List<java.util.Iterator<N>> iters = new ArrayList<>();
            stack.add(start);
            iters.add(deps.apply(start).iterator());
            state.put(start, 1);
            while (!stack.isEmpty()) {
                java.util.Iterator<N> it = iters.get(iters.size() - 1);
                if (it.hasNext()) {
                    N next = it.next();
                    Integer s = state.get(next);
                    if (s == null) {
                        state.put(next, 1);
                        stack.add(next);
                        iters.add(deps.apply(next).iterator());
                    } else if (s == 1) {
                        List<N> cycle = new ArrayList<>(stack.subList(stack.indexOf(next), stack.size()));
                        if (seen.add(new HashSet<>(cycle))) {
                            cycle.add(next);
                            found.add(cycle);
                        }
                    }
                } else {
                    state.put(stack.remove(stack.size() - 1), 2);
                    iters.remove(iters.size() - 1);
                }
            }
        }
        return found;
    }
}
