package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.wdl.values.ValueJson;

/**
 * The polling cost of an array scatter as a count (the scale goal: under 1 call per second per 1,000 running
 * tasks, bench/scale-100k.sh): per poll period one DescribeJobs for the array parent, and for the children only a
 * ListJobs when some have ended and one DescribeJobs per 100 ended children, each child described once. A poller
 * that described every child every period (2 more calls per period here) breaks the bound, however loaded the
 * machine: the bound counts the periods that passed, it does not time anything.
 */
class PollingCountTest {

    private static final int CHILDREN = 200;
    private static final int SINGLES = 300;

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(
            c -> c.queues.forEach(q -> q.capacity = Math.max(CHILDREN, SINGLES)));

    @Test
    void anArrayScatterIsPolledPerArrayNotPerChild() throws Exception {
        String wdl = """
                version 1.1
                task t {
                  input { Int i }
                  command <<< echo ~{i} >>>
                  output { Int n = read_int(stdout()) }
                }
                workflow w {
                  scatter (i in range(%d)) { call t { input: i = i } }
                  output { Int total = length(t.n) }
                }
                """.formatted(CHILDREN);
        double periodSeconds = 0.2;
        long t0 = System.nanoTime();
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(),
                Map.of("describe_period", Double.toString(periodSeconds)));
        long periods = (long) ((System.nanoTime() - t0) / 1e9 / periodSeconds) + 2;
        assertThat(r.outcome().failure()).as("run failure").isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("w.total")).toString()).isEqualTo("200");
        BatchMetrics m = r.backend().metrics();
        assertThat(m.jobsSubmitted()).as("one array job").isEqualTo(1);
        long polls = m.calls("DescribeJobs") + m.calls("ListJobs");
        // the parent each period; a listing (and a describe of what it found) at most every tenth period, plus the
        // final ones; each child described once, 100 a call; a few reconciling calls at the end
        long listings = periods / 10 + 3;
        long bound = periods + 2 * listings + CHILDREN / 100 + 10;
        assertThat(polls).as("DescribeJobs + ListJobs over %d poll periods", periods).isLessThanOrEqualTo(bound);
        assertThat(m.calls("DescribeJobs")).as("children described once each, 100 a call")
                .isGreaterThanOrEqualTo(CHILDREN / 100);
    }

    /**
     * The polling cost of 300 single jobs (array jobs off) as a count: a sweep of them costs 3 DescribeJobs, so it
     * is stretched to one every 3 s (SinglesPace: at most max(1, N/1000) calls a second for N singles), and the
     * whole run makes at most about one call per second that passed. A poller that swept them every period (as it
     * did: 3 calls a second while they were all active) breaks the bound, however loaded the machine: the bound
     * counts the seconds that passed, it does not time anything. The queue runs all 300 at once and each task
     * sleeps 15 s, so most of the run has 300 singles active (the old poller: about 45 calls more).
     */
    @Test
    void singleJobsAreSweptAtMostOnceASecondPerThousand() throws Exception {
        String wdl = """
                version 1.1
                task t {
                  input { Int i }
                  command <<< sleep 15; echo ~{i} >>>
                  output { Int n = read_int(stdout()) }
                }
                workflow w {
                  scatter (i in range(%d)) { call t { input: i = i } }
                  output { Int total = length(t.n) }
                }
                """.formatted(SINGLES);
        long t0 = System.nanoTime();
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(),
                Map.of("array_jobs", "false", "describe_period", "1.0", "api_rate", "100"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.outcome().failure()).as("run failure").isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("w.total")).toString()).isEqualTo("300");
        BatchMetrics m = r.backend().metrics();
        assertThat(m.jobsSubmitted()).as("single jobs").isEqualTo(SINGLES);
        long describes = m.calls("DescribeJobs");
        // at most one call a second (N <= 1,000 singles: max(1, N/1000) = 1), counted in sweeps: a sweep of k calls
        // comes k poll periods (of 1 s) after the one before, and while submissions wait one call every fifth
        // period; unpaid are the first sweep and the one right after the submissions (3 calls each), and a couple
        // more as the count of singles drops between a sweep's pace and its list
        long bound = (long) seconds + 2 * SinglesPace.callsPerSweep(SINGLES) + 2;
        assertThat(describes).as("DescribeJobs over %.1f s for %d single jobs", seconds, SINGLES)
                .isLessThanOrEqualTo(bound);
        assertThat(describes).as("the singles were described, 100 a call")
                .isGreaterThanOrEqualTo(SinglesPace.callsPerSweep(SINGLES));
    }
}
