package org.wdlbatch.emulator.batch;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lagging-ListJobs fault: the next {@code n} ListJobs answers for an array job's children each leave out one
 * child they should name (the last of the page), as an eventually consistent listing can answer just after a
 * child changed status; DescribeJobs by id still finds it. AWS documents no bound for this lag, so clients must
 * not trust one listing against the parent's {@code statusSummary}.
 */
public final class ListJobsLag {

    private final AtomicInteger answersToThin = new AtomicInteger();
    private final AtomicInteger omitted = new AtomicInteger();

    /** The next {@code answers} array listings that name at least one child omit one each; 0 lifts it. */
    public void omitOneChild(int answers) {
        answersToThin.set(Math.max(0, answers));
    }

    /** Children left out so far. */
    public int omitted() {
        return omitted.get();
    }

    /** The page to answer: {@code page} less its last job while the fault lasts. */
    <T> List<T> apply(List<T> page) {
        if (page.isEmpty() || answersToThin.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return page;
        }
        omitted.incrementAndGet();
        return page.subList(0, page.size() - 1);
    }
}
