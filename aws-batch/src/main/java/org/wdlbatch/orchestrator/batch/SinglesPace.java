package org.wdlbatch.orchestrator.batch;

/**
 * How often the poller sweeps the active single (non-array) jobs. A sweep costs one DescribeJobs per 100 jobs, and
 * DescribeJobs draws on a request quota AWS shares across the whole account (other runs, the console, other
 * tools): swept every second, 1,000 singles would cost 10 calls a second. So once a sweep takes more than one call
 * it is stretched until the poller makes at most max(1, N/1000) calls a second for N singles: 1,000 to 10,000
 * singles are swept every 10 s, 300 every 3 s. A sweep of one call (up to 100 singles) keeps {@code
 * describe_period}, which is never shortened. Jobs that must stay prompt (being terminated) are not paced here.
 */
record SinglesPace(double describePeriodSeconds) {

    /** DescribeJobs takes up to 100 job ids a call. */
    static final int IDS_PER_CALL = 100;

    /** Calls one sweep of {@code singles} jobs costs. */
    static int callsPerSweep(int singles) {
        return (singles + IDS_PER_CALL - 1) / IDS_PER_CALL;
    }

    /** The calls a second the poller allows itself for {@code singles} jobs: max(1, N/1000). */
    static double callsPerSecond(int singles) {
        return Math.max(1.0, singles / 1000.0);
    }

    /** Seconds between two sweeps of {@code singles} active single jobs. */
    double periodSeconds(int singles) {
        int calls = callsPerSweep(singles);
        if (calls <= 1) {
            return describePeriodSeconds;
        }
        return Math.max(describePeriodSeconds, calls / callsPerSecond(singles));
    }
}
