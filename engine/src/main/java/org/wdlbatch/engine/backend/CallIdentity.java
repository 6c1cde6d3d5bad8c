package org.wdlbatch.engine.backend;

import java.util.List;

/**
 * Which call an attempt belongs to, passed down from the scheduler so backends never recover it from paths: for
 * job names, tags and logs.
 *
 * @param workflow the run's top-level workflow (or the task run on its own)
 * @param run the run directory's name, e.g. {@code 20260101_120000_hello}
 * @param name the call's name in its workflow, e.g. {@code align} (for {@code call align} or
 *     {@code call tools.align as align})
 * @param scatterIndex the indices of the enclosing scatters, outermost first; empty outside scatters
 */
public record CallIdentity(String workflow, String run, String name, List<Integer> scatterIndex) {

    public CallIdentity {
        scatterIndex = List.copyOf(scatterIndex);
    }

    /** A call outside any scatter. */
    public static CallIdentity of(String workflow, String run, String name) {
        return new CallIdentity(workflow, run, name, List.of());
    }

    /** {@code call-<name>}: the call's directory name without scatter indices, shared by its scatter children. */
    public String base() {
        return "call-" + name;
    }
}
