package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.wdl.values.ValueJson;

/** Workflows end to end on the aws-batch backend against the emulator, tasks running as real bash processes. */
class AwsBatchRunTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.queues.forEach(q -> q.capacity = 16);
    });

    static final String SCATTER_GATHER = """
            version 1.1
            task square {
              input { Int x }
              command <<< echo $(( ~{x} * ~{x} )); echo "squared ~{x}" >&2 >>>
              output { Int y = read_int(stdout()) }
            }
            task total {
              input { Array[Int] ys }
              command <<< echo $(( ~{sep("+", ys)} )) >>>
              output { Int sum = read_int(stdout()) }
            }
            workflow sg {
              input { Int n }
              scatter (i in range(n)) { call square { input: x = i } }
              call total { input: ys = square.y }
              output { Int sum = total.sum  Array[Int] squares = square.y }
            }
            """;

    @Test
    void scatterGatherWithArrayJobs() throws Exception {
        var r = BatchRuns.run(AWS.emulator(), SCATTER_GATHER, List.of("n=6"), Map.of());
        assertThat(r.outcome().failure()).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("sg.sum")).asInt()).isEqualTo(55);
        BatchMetrics m = r.backend().metrics();
        // six squares in one array job, the gather as one single job
        assertThat(m.calls("SubmitJob")).isEqualTo(2);
        assertThat(m.tasksSubmitted()).isEqualTo(7);
        assertThat(m.calls("RegisterJobDefinition")).isEqualTo(1);
        assertThat(m.calls("DeregisterJobDefinition")).isEqualTo(1);
        Path run = r.outcome().runDir().path();
        Path child = run.resolve("call-square-3");
        assertThat(Files.readString(child.resolve("stdout.txt"))).isEqualTo("9\n");
        assertThat(Files.readString(child.resolve("stderr.txt"))).isEqualTo("squared 3\n");
        assertThat(Files.readString(child.resolve("rc"))).isEqualTo("0");
        assertThat(Files.readString(child.resolve("task.log"))).containsPattern("child \\d of AWS Batch array job");
        assertThat(Files.readString(run.resolve("call-total").resolve("task.log")))
                .containsPattern("submitted as AWS Batch job [0-9a-f-]+ to queue wdl-tasks")
                .contains("log: CloudWatch group /aws/batch/job, stream ");
    }

    @Test
    void scatterGatherWithoutArrayJobs() throws Exception {
        var r = BatchRuns.run(AWS.emulator(), SCATTER_GATHER, List.of("n=4"), Map.of("array_jobs", "false"));
        assertThat(r.outcome().failure()).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("sg.sum")).asInt()).isEqualTo(14);
        assertThat(r.backend().metrics().calls("SubmitJob")).isEqualTo(5);
        assertThat(r.backend().metrics().tasksSubmitted()).isEqualTo(5);
    }
}
