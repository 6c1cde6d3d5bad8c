package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import org.wdlbatch.engine.inputs.InputException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * Cromwell's AWS runtime attributes on the task jobs, as the emulator (AWS's rules) receives them: ulimits,
 * sharedMemorySize and privileged in the job definition, queueArn as the job's queue, disks as a warning,
 * awsBatchEvaluateOnExit (or our default) in the job's retryStrategy.
 */
class CromwellRuntimeTest {

    static final String DISABLED_QUEUE = "wdl-tasks-disabled";

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.queues.forEach(q -> q.capacity = 16);
        EmulatorConfig.Queue off = new EmulatorConfig.Queue(DISABLED_QUEUE,
                c.queues.get(0).computeEnvironments.get(0), 4);
        off.state = "DISABLED";
        c.queues.add(off);
    });

    private static BatchClient batch() {
        return BatchClient.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(() -> AwsBasicCredentials.create("emulator", "emulator")).build();
    }

    private static String queueArn(String name) {
        try (BatchClient b = batch()) {
            return b.describeJobQueues(r -> r.jobQueues(name)).jobQueues().get(0).jobQueueArn();
        }
    }

    private static String jobId(Path call) throws Exception {
        Matcher m = Pattern.compile("AWS Batch job ([0-9a-f-]+) to queue").matcher(Files.readString(call.resolve("task.log")));
        assertThat(m.find()).as("task.log names its job").isTrue();
        return m.group(1);
    }

    private static String wdl(String runtime, String command) {
        return """
                version 1.1
                task t {
                  command <<< COMMAND >>>
                  runtime { RUNTIME }
                  output { String said = read_string(stdout()) }
                }
                workflow w { call t  output { String said = t.said } }
                """.replace("RUNTIME", runtime).replace("COMMAND", command);
    }

    @Test
    void attributesReachTheJobDefinitionAndTheJob() throws Exception {
        String ondemand = queueArn("wdl-tasks-ondemand");
        String runtime = """
                ulimits: [{"name": "nofile", "softLimit": 4096, "hardLimit": "8192"}]
                    sharedMemorySize: "1 GiB"
                    privileged: true
                    queueArn: "ARN"
                    disks: "local-disk 500 SSD"
                    awsBatchRetryAttempts: 2
                """.replace("ARN", ondemand);
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl(runtime, "echo hi"), List.of(), Map.of(
                "allow_privileged", "true", "docker_volume_gib", "100",
                "container_properties", "{\"ulimits\": [{\"name\": \"nproc\", \"softLimit\": 10, \"hardLimit\": 20},"
                        + " {\"name\": \"nofile\", \"softLimit\": 1, \"hardLimit\": 2}]}"));
        assertThat(r.outcome().failure()).isNull();
        Path call = r.outcome().runDir().path().resolve("call-t");
        String log = Files.readString(call.resolve("task.log"));
        assertThat(log).contains("runtime disks asks for 500 GiB, but the task instances' Docker volume is 100 GiB")
                .doesNotContain("no effect");
        String id = jobId(call);
        try (BatchClient b = batch()) {
            JobDetail job = b.describeJobs(q -> q.jobs(id)).jobs().get(0);
            assertThat(job.jobQueue()).isEqualTo(ondemand); // the task's queue, not [aws] task_queue
            assertThat(job.retryStrategy().attempts()).isEqualTo(2);
            // the default: Batch retries a lost host only
            assertThat(SdkJson.toJson(job.retryStrategy().evaluateOnExit()).toString())
                    .isEqualTo("[{\"onStatusReason\":\"Host EC2*\",\"action\":\"RETRY\"},"
                            + "{\"onReason\":\"*\",\"action\":\"EXIT\"}]");
            assertThat(job.container().privileged()).isTrue();
            JobDefinition def = b.describeJobDefinitions(q -> q.jobDefinitions(job.jobDefinition()))
                    .jobDefinitions().get(0);
            JsonNode props = SdkJson.toJson(def.containerProperties());
            assertThat(props.at("/privileged").asBoolean()).isTrue();
            assertThat(props.at("/linuxParameters/sharedMemorySize").asInt()).isEqualTo(1024);
            // the task's nofile replaces the configured one; the configured nproc stays
            assertThat(props.get("ulimits").toString()).contains("\"name\":\"nproc\"")
                    .contains("{\"hardLimit\":8192,\"name\":\"nofile\",\"softLimit\":4096}")
                    .doesNotContain("\"softLimit\":1,");
        }
    }

    @Test
    void privilegedIsRefusedUnlessAllowed() throws Exception {
        // a literal: refused before the run starts (no run directory, nothing submitted)
        assertThatThrownBy(() -> BatchRuns.run(AWS.emulator(), wdl("privileged: true", "echo hi"), List.of(), Map.of()))
                .isInstanceOf(InputException.class).hasMessageContaining("task t: runtime privileged")
                .hasMessageContaining("[aws] allow_privileged = true");
        // computed: refused when the call runs, before its job is submitted
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl("privileged: 1 == 1", "echo hi"), List.of(), Map.of());
        assertThat(r.outcome().failure().message()).contains("task t: runtime privileged")
                .contains("[aws] allow_privileged = true");
        assertThat(Files.readString(r.outcome().runDir().path().resolve("call-t/task.log")))
                .doesNotContain("submitted as AWS Batch job");
    }

    @Test
    void queueArnMustNameAnEnabledQueue() throws Exception {
        String missing = queueArn("wdl-tasks").replace("job-queue/wdl-tasks", "job-queue/no-such-queue");
        assertThatThrownBy(() -> BatchRuns.run(AWS.emulator(), wdl("queueArn: \"" + missing + "\"", "echo hi"),
                List.of(), Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("task t: runtime queueArn " + missing)
                .hasMessageContaining("is no AWS Batch job queue");
        String off = queueArn(DISABLED_QUEUE);
        assertThatThrownBy(() -> BatchRuns.run(AWS.emulator(), wdl("queueArn: \"" + off + "\"", "echo hi"),
                List.of(), Map.of())).isInstanceOf(InputException.class)
                .hasMessageContaining("task t: runtime queueArn " + off).hasMessageContaining("DISABLED");
        // computed: checked before the call's first job
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl("queueArn: \"" + off + "\" + \"\"", "echo hi"),
                List.of(), Map.of());
        assertThat(r.outcome().failure().message()).contains("task t: runtime queueArn " + off).contains("DISABLED");
    }

    @Test
    void badAttributesAreRefusedNamingTheTaskAndKey() throws Exception {
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(),
                wdl("ulimits: [{\"name\": \"files\", \"softLimit\": 1, \"hardLimit\": 1}]", "echo hi"), List.of(),
                Map.of());
        assertThat(r.outcome().failure().message()).contains("task t: runtime ulimits: name files");
        r = BatchRuns.run(AWS.emulator(), wdl("awsBatchRetryAttempts: 2  awsBatchEvaluateOnExit: [{\"onStatusReason\":"
                + " \"Host (EC2)*\", \"action\": \"RETRY\"}]", "echo hi"), List.of(), Map.of());
        assertThat(r.outcome().failure().message()).contains("task t: runtime awsBatchEvaluateOnExit: onStatusReason");
        assertThatThrownBy(() -> BatchRuns.run(AWS.emulator(), wdl("disks: \"local-disk lots SSD\"", "echo hi"),
                List.of(), Map.of())).isInstanceOf(InputException.class).hasMessageContaining("task t: runtime disks");
    }

    /** The engine's exit rules hold on Batch too: rc and stderr.txt come from the task directory on EFS. */
    @Test
    void continueOnReturnCodeAndFailOnStderrOnBatch() throws Exception {
        BatchRuns.Result ok = BatchRuns.run(AWS.emulator(), wdl("continueOnReturnCode: [0, 3]", "echo out; exit 3"),
                List.of(), Map.of());
        assertThat(ok.outcome().failure()).isNull(); // the Batch job FAILED with 3, which the task counts as success
        BatchRuns.Result noisy = BatchRuns.run(AWS.emulator(), wdl("failOnStderr: true  maxRetries: 1",
                "echo out; echo careful >&2"), List.of(), Map.of());
        assertThat(noisy.outcome().failure().message()).contains("wrote 8 bytes to stderr (failOnStderr: true)");
        assertThat(Files.readString(noisy.outcome().runDir().path().resolve("call-t/task.log")))
                .doesNotContain("retrying");
    }

    /**
     * With Batch retries asked for and no conditions given, Batch reruns a lost host only: a failing command runs
     * once (the engine's maxRetries is the one budget for those), a spot reclaim is retried inside the same job.
     */
    @Test
    void batchRetriesAHostLossButNotAFailingCommand() throws Exception {
        BatchRuns.Result failed = BatchRuns.run(AWS.emulator(), wdl("awsBatchRetryAttempts: 2", "echo no >&2; exit 3"),
                List.of(), Map.of());
        assertThat(failed.outcome().failure()).isNotNull();
        assertThat(failed.outcome().failure().exitStatus()).isEqualTo(3);
        String failedId = jobId(failed.outcome().runDir().path().resolve("call-t"));
        try (BatchClient b = batch()) {
            assertThat(b.describeJobs(q -> q.jobs(failedId)).jobs().get(0).attempts()).hasSize(1);
        }

        Path release = AWS.emulator().efsFolder().resolve("release-batch-retry");
        String command = "touch RELEASE.started-$AWS_BATCH_JOB_ATTEMPT; while [ ! -f RELEASE ]; do sleep 0.05; done;"
                + " echo attempt $AWS_BATCH_JOB_ATTEMPT";
        java.util.concurrent.CompletableFuture<BatchRuns.Result> run = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return BatchRuns.run(AWS.emulator(), wdl("awsBatchRetryAttempts: 2",
                                command.replace("RELEASE", release.toString())), List.of(), Map.of());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        Path started = Path.of(release + ".started-1");
        for (int i = 0; i < 1200 && !Files.exists(started); i++) {
            Thread.sleep(50); // a bound, not a timing assertion: fails only when the job never starts
        }
        assertThat(started).exists();
        String jobId;
        try (BatchClient b = batch()) {
            jobId = b.listJobs(q -> q.jobQueue("wdl-tasks").jobStatus("RUNNING")).jobSummaryList().get(0).jobId();
        }
        assertThat(AWS.emulator().faults().reclaimSpot(jobId)).isTrue();
        Files.writeString(release, "go");
        BatchRuns.Result r = run.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(r.outcome().failure()).isNull();
        assertThat(org.wdlbatch.wdl.values.ValueJson.toJson(r.outcome().outputs().get("w.said")).asText())
                .isEqualTo("attempt 2");
        try (BatchClient b = batch()) {
            JobDetail d = b.describeJobs(q -> q.jobs(jobId)).jobs().get(0);
            assertThat(d.attempts()).hasSize(2);
            assertThat(d.attempts().get(0).statusReason()).startsWith("Host EC2 (instance i-");
        }
    }
}
