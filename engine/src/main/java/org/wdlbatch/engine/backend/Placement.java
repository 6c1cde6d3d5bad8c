package org.wdlbatch.engine.backend;

/**
 * Where and how big the engine wants this attempt, decided by the attempt policy from what earlier attempts
 * reported; the backend executes it.
 *
 * @param fallback run on the backend's fallback capacity (the on-demand queue after spot reclaims spent the
 *     {@code preemptible} budget); backends without one ignore it
 * @param memoryFactor multiply the task's memory request by this (above 1 after out-of-memory exits)
 */
public record Placement(boolean fallback, double memoryFactor) {

    public static final Placement FIRST = new Placement(false, 1.0);

    public Placement onFallback() {
        return new Placement(true, memoryFactor);
    }

    public Placement withMoreMemory(double multiplier) {
        return new Placement(fallback, memoryFactor * multiplier);
    }
}
