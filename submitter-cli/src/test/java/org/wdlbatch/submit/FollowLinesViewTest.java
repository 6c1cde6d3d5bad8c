package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** What --follow makes of a call's log lines: one line per state change; warnings and other lines as they are. */
class FollowLinesViewTest {

    private static final String T = "2026-12-04T23:17:00.000Z";

    @Test
    void aCallsRoutineLinesBecomeOneLinePerStateChange() {
        FollowLines view = new FollowLines();
        List<String> shown = List.of(
                T + " INFO  wdlbatch call-a-1: task a from /w/x.wdl",
                T + " INFO  wdlbatch call-a-1: attempt 1 starting on aws-batch",
                T + " INFO  wdlbatch call-a-1: submitted as AWS Batch job j-1 to queue wdl-tasks",
                T + " INFO  wdlbatch call-a-1: AWS Batch job j-1 log: CloudWatch group /aws/batch/job, stream s",
                T + " INFO  wdlbatch call-a-1: attempt 1 lost: Host EC2 terminated; retrying (1 of 2)",
                T + " INFO  wdlbatch call-a-1: attempt 2 starting on aws-batch",
                T + " INFO  wdlbatch call-a-1: submitted as AWS Batch job j-2 to queue wdl-tasks",
                T + " INFO  wdlbatch call-a-1: attempt 2 succeeded (exit status 0)",
                T + " WARN  wdlbatch call-a-1: runtime key 'disks' is not used",
                "[00:01:00] wf: 0 queued, 1 running, 0 done, 0 failed")
                .stream().map(view::view).filter(Objects::nonNull).toList();
        assertThat(shown).containsExactly(
                T + " call-a-1 queued",
                T + " call-a-1 submitted (job j-1)",
                T + " call-a-1 retrying: attempt 1 lost: Host EC2 terminated; retrying (1 of 2)",
                T + " call-a-1 submitted (job j-2)",
                T + " call-a-1 done",
                T + " WARN  wdlbatch call-a-1: runtime key 'disks' is not used",
                "[00:01:00] wf: 0 queued, 1 running, 0 done, 0 failed");
    }
}
