package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.wdl.values.ValueJson;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;

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
        // every child that succeeded names its own job id and log stream, the one holding its stderr
        try (BatchClient batch = BatchClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.US_EAST_1).credentialsProvider(() -> AwsBasicCredentials.create("emulator", "emulator")).build()) {
            for (int i = 0; i < 6; i++) {
                String log = Files.readString(run.resolve("call-square-" + i).resolve("task.log"));
                Matcher named = Pattern.compile("AWS Batch job ([0-9a-f-]+:\\d+) log: CloudWatch group "
                        + "/aws/batch/job, stream (\\S+)").matcher(log);
                assertThat(named.find()).as("call-square-%d/task.log names its job and log stream:%n%s", i, log)
                        .isTrue();
                String childId = named.group(1);
                String stream = named.group(2);
                assertThat(log).contains("(job id " + childId + ",");
                JobDetail described = batch.describeJobs(q -> q.jobs(childId)).jobs().get(0);
                assertThat(described.container().logStreamName()).isEqualTo(stream);
                assertThat(AWS.emulator().logs().messages(AwsNames.BATCH_LOG_GROUP, stream))
                        .contains("squared " + i);
            }
        }
    }

    @Test
    void scatterGatherWithoutArrayJobs() throws Exception {
        var r = BatchRuns.run(AWS.emulator(), SCATTER_GATHER, List.of("n=4"), Map.of("array_jobs", "false"));
        assertThat(r.outcome().failure()).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("sg.sum")).asInt()).isEqualTo(14);
        assertThat(r.backend().metrics().calls("SubmitJob")).isEqualTo(5);
        assertThat(r.backend().metrics().tasksSubmitted()).isEqualTo(5);
    }

    @Test
    void aFailedScatterChildIsRetriedAsASingleJob() throws Exception {
        Path marker = AWS.emulator().efsFolder().resolve("child-retry-marker");
        String wdl = """
                version 1.1
                task t {
                  input { Int i }
                  command <<<
                    if [ ~{i} = 1 ] && [ ! -f MARKER ]; then touch MARKER; echo "first try" >&2; exit 3; fi
                    echo ~{i}
                  >>>
                  runtime { maxRetries: 1 }
                  output { Int out = read_int(stdout()) }
                }
                workflow childretry {
                  scatter (i in range(3)) { call t { input: i = i } }
                  output { Array[Int] outs = t.out }
                }
                """.replace("MARKER", marker.toString());
        var r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of());
        assertThat(r.outcome().failure()).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("childretry.outs")).toString()).isEqualTo("[0,1,2]");
        BatchMetrics m = r.backend().metrics();
        assertThat(m.calls("SubmitJob")).isEqualTo(2); // the array job, then child 1's retry alone
        assertThat(m.tasksSubmitted()).isEqualTo(4);
        String log = Files.readString(r.outcome().runDir().path().resolve("call-t-1").resolve("task.log"));
        assertThat(log).containsPattern("child \\d of AWS Batch array job")
                .containsPattern("submitted as AWS Batch job [0-9a-f-]+ to queue wdl-tasks");
    }
}
