package org.wdlbatch.engine.report;

import java.util.List;

/**
 * The figures at the top of the report, from the attempts and the run's ends.
 *
 * @param status {@code succeeded}, {@code failed}, or {@code unfinished} when no end was recorded
 * @param started when the run (its first stretch, for a resumed run) started, epoch milliseconds, or null
 * @param ended when it (its last stretch) ended, or null
 */
public record RunSummary(String status, Long started, Long ended, int calls, int attempts, int retries,
        int reclaims, int cacheHits, int failedCalls) {

    public static RunSummary of(AttemptLedger.Contents c) {
        List<AttemptRecord> all = c.attempts();
        String status = c.runs().isEmpty() ? "unfinished" : c.runs().get(c.runs().size() - 1).status();
        Long started = c.runs().isEmpty() ? all.stream().map(AttemptRecord::queuedAt)
                .filter(java.util.Objects::nonNull).min(Long::compare).orElse(null) : c.runs().get(0).started();
        Long ended = c.runs().isEmpty() ? all.stream().map(AttemptRecord::runEnd)
                .filter(java.util.Objects::nonNull).max(Long::compare).orElse(null)
                : c.runs().get(c.runs().size() - 1).ended();
        int calls = (int) all.stream().map(AttemptRecord::call).distinct().count();
        int attempts = (int) all.stream().filter(a -> !AttemptRecord.CACHED.equals(a.outcome())).count();
        int reclaims = (int) all.stream().filter(AttemptRecord::reclaimed).count();
        int retries = (int) all.stream().filter(a -> AttemptRecord.RETRIED.equals(a.outcome())).count();
        int hits = (int) all.stream().filter(a -> AttemptRecord.CACHED.equals(a.outcome())).count();
        int failed = (int) all.stream().filter(a -> AttemptRecord.FAILED.equals(a.outcome()))
                .map(AttemptRecord::call).distinct().count();
        return new RunSummary(status, started, ended, calls, attempts, retries, reclaims, hits, failed);
    }

    /** Seconds from start to end, or null. */
    public Double seconds() {
        return started == null || ended == null ? null : (ended - started) / 1000.0;
    }
}
