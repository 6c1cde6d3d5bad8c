package org.wdlbatch.engine.backend;

import java.util.Map;

/**
 * The evaluated runtime/requirements/hints of a task attempt, in units backends use directly.
 *
 * @param container image name, or null to run on the host
 * @param cpu vCPUs requested
 * @param memoryBytes memory requested
 * @param gpu whether a GPU is required
 * @param preemptible the task's {@code preemptible} budget: how many spot reclaims are retried on the same queue
 *     (the engine's attempt policy spends it; backends read {@link TaskAttempt#placement()}, not this)
 * @param other every other runtime key, kept (as JSON-ready Java values) for backends that understand it
 */
public record TaskResources(
        String container,
        double cpu,
        long memoryBytes,
        boolean gpu,
        int preemptible,
        Map<String, Object> other) {

    public static TaskResources host() {
        return new TaskResources(null, 1, 2L << 30, false, 0, Map.of());
    }
}
