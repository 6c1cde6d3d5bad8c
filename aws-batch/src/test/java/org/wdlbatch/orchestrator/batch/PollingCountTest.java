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

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(
            c -> c.queues.forEach(q -> q.capacity = CHILDREN));

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
}
