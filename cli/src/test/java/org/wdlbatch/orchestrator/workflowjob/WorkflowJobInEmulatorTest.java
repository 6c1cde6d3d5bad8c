package org.wdlbatch.orchestrator.workflowjob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.ShippedWdl;
import org.wdlbatch.cli.WdlbatchMain;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.orchestrator.upload.EmulatorS3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real workflow job: the emulator runs {@code wdlbatch run shipped:...} as a process (this module's classes),
 * with the bundle split over the job's environment, the job's tags and its job definition's tags, and the job
 * definition already deregistered (INACTIVE) when the job starts, as {@code submit_awsbatch} leaves it.
 */
class WorkflowJobInEmulatorTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.killGraceMillis = 25_000; // as Batch: 30 s between SIGTERM and SIGKILL
        c.runner.orchestratorCommand = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WdlbatchMain.class.getName());
    });
    private static final ObjectMapper JSON = new ObjectMapper();

    static BatchClient batch;
    static CloudWatchLogsClient logs;
    static S3Client s3;

    @TempDir
    Path tmp;

    private ShippedWdl.Parts lastParts;

    @BeforeAll
    static void clients() {
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator"));
        Region region = Region.of(AWS.emulator().region());
        batch = BatchClient.builder().endpointOverride(AWS.emulator().endpoint()).region(region)
                .credentialsProvider(creds).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        logs = CloudWatchLogsClient.builder().endpointOverride(AWS.emulator().endpoint()).region(region)
                .credentialsProvider(creds).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        s3 = EmulatorS3.client(AWS.emulator());
    }

    @AfterAll
    static void close() {
        batch.close();
        logs.close();
        s3.close();
    }

    /** Zips {@code wdl} with {@code wdlbatch zip}, ships it like submit_awsbatch, runs it; returns the job id. */
    private String submit(Path wdl, String bucket, String... extraArgs) throws Exception {
        Path zip = tmp.resolve("bundle.zip");
        StringWriter err = new StringWriter();
        assertThat(WdlbatchMain.run(new String[] {"zip", wdl.toString(), "-o", zip.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err))).as(err.toString()).isZero();
        // a small environment share, so parts spill into both kinds of tags
        ShippedWdl.Parts parts = ShippedWdl.split(Files.readAllBytes(zip), 120, 1, 40);
        lastParts = parts;

        List<String> command = new ArrayList<>(List.of("wdlbatch", "run", ShippedWdl.ARGUMENT_PREFIX + "wf",
                "--dir", tmp.resolve("efs/runs").toString(), "--s3upload", "s3://" + bucket + "/jobs"));
        command.addAll(List.of(extraArgs));
        Map<String, String> env = Map.of("AWS_REGION", AWS.emulator().region(), "AWS_ACCESS_KEY_ID", "emulator",
                "AWS_SECRET_ACCESS_KEY", "emulator");
        String defArn = batch.registerJobDefinition(r -> r.jobDefinitionName("wdlbatch-wf-" + bucket)
                .type(JobDefinitionType.CONTAINER).tags(parts.jobDefinitionTags())
                // the workflow queue is Fargate's: a Fargate definition, with the execution role Fargate needs
                .platformCapabilities(software.amazon.awssdk.services.batch.model.PlatformCapability.FARGATE)
                .containerProperties(c -> c.image("wdlbatch-orchestrator:test").command(command)
                        .executionRoleArn("arn:aws:iam::123456789012:role/wdlbatch-workflow-engine")
                        .environment(env.entrySet().stream()
                                .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build())
                                .toList()))).jobDefinitionArn();
        String jobId = batch.submitJob(r -> r.jobName("wf").jobQueue(AwsNames.DEFAULT_WORKFLOW_QUEUE)
                .jobDefinition(defArn).tags(parts.jobTags())
                .containerOverrides(o -> o.environment(KeyValuePair.builder().name(ShippedWdl.ENV)
                        .value(parts.env()).build()))).jobId();
        batch.deregisterJobDefinition(r -> r.jobDefinition(defArn));
        return jobId;
    }

    private JobDetail job(String jobId) {
        return batch.describeJobs(r -> r.jobs(jobId)).jobs().get(0);
    }

    private JobDetail awaitEnd(String jobId) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JobDetail j = job(jobId);
            if (j.status() == JobStatus.SUCCEEDED || j.status() == JobStatus.FAILED) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not end: " + job(jobId));
    }

    private List<String> containerLog(JobDetail j) {
        return logs.getLogEvents(r -> r.logGroupName(AwsNames.BATCH_LOG_GROUP)
                .logStreamName(j.container().logStreamName()).startFromHead(true)).events().stream()
                .map(OutputLogEvent::message).toList();
    }

    private String newBucket() {
        String bucket = "wfjob-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    @Test
    void aShippedWorkflowRunsUploadsDeletesAndEndsItsLogWithTheMarker() throws Exception {
        Files.createDirectories(tmp.resolve("wdl/tasks"));
        Files.writeString(tmp.resolve("wdl/tasks/greet.wdl"), """
                version 1.1
                task greet {
                  input { String who }
                  command <<< echo "hello ~{who}" > greeting.txt >>>
                  output { File greeting = "greeting.txt" }
                }
                """);
        Path wdl = Files.writeString(tmp.resolve("wdl/wf.wdl"), """
                version 1.1
                import "tasks/greet.wdl" as g
                workflow wf {
                  call g.greet { input: who = "Batch" }
                  output { File greeting = greet.greeting }
                }
                """);
        String bucket = newBucket();
        JobDetail j = awaitEnd(submit(wdl, bucket, "--delete-after", "success"));
        assertThat(lastParts.jobTags()).as("parts in job tags").hasSize(1);
        assertThat(lastParts.jobDefinitionTags()).as("parts in job definition tags").isNotEmpty();
        List<String> log = containerLog(j);
        assertThat(j.status()).as(String.join("\n", log)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(j.container().exitCode()).isZero();
        assertThat(log.get(log.size() - 1)).isEqualTo(AwsNames.END_OF_LOG_MARKER + " 0");
        // the workflow log is the container log: INFO lines in the workflow.log format
        assertThat(log).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.* INFO .*run wf of .*wf\\.zip.*"))
                .anyMatch(l -> l.contains("uploaded") && l.contains("s3://" + bucket + "/jobs/"));

        List<String> keys = EmulatorS3.keys(s3, bucket, "jobs/");
        String outputsKey = keys.stream().filter(k -> k.endsWith("/outputs.json")).findFirst().orElseThrow();
        JsonNode outputs = JSON.readTree(EmulatorS3.get(s3, "s3://" + bucket + "/" + outputsKey));
        assertThat(EmulatorS3.get(s3, outputs.get("wf.greeting").asText())).isEqualTo("hello Batch\n");
        // --delete-after success: the run directory is gone, the S3 copy stays
        try (var runs = Files.list(tmp.resolve("efs/runs"))) {
            assertThat(runs.filter(p -> !p.getFileName().toString().startsWith("_")).toList()).isEmpty();
        }
    }

    @Test
    void terminateJobStillUploadsWhatExistsAndEndsTheLog() throws Exception {
        Path started = tmp.resolve("task-started");
        Path wdl = Files.writeString(tmp.resolve("slow.wdl"), """
                version 1.1
                task slow {
                  command <<< echo "working" >&2; touch STARTED; sleep 600 >>>
                }
                workflow wf { call slow }
                """.replace("STARTED", started.toString()));
        String bucket = newBucket();
        String jobId = submit(wdl, bucket, "--delete-after", "always");
        for (int i = 0; i < 1200 && !Files.exists(started); i++) {
            Thread.sleep(100);
        }
        assertThat(started).as("the task started").exists();
        batch.terminateJob(r -> r.jobId(jobId).reason("test stops it"));
        JobDetail j = awaitEnd(jobId);
        List<String> log = containerLog(j);
        assertThat(j.status()).isEqualTo(JobStatus.FAILED);
        assertThat(j.container().exitCode()).as("the run's status, not the signal's (143)").isEqualTo(1);
        assertThat(log.get(log.size() - 1)).as(String.join("\n", log)).isEqualTo(AwsNames.END_OF_LOG_MARKER + " 1");
        List<String> keys = EmulatorS3.keys(s3, bucket, "jobs/");
        assertThat(keys).anyMatch(k -> k.endsWith("/workflow.log")).anyMatch(k -> k.endsWith("/error.json"));
        String errorKey = keys.stream().filter(k -> k.endsWith("/error.json")).findFirst().orElseThrow();
        // the emulator signals the whole process tree, so the task may die of the SIGTERM (exit 143) before the
        // engine marks the run Terminated: either way error.json is in S3 (with the stderr when the task failed)
        JsonNode error = JSON.readTree(EmulatorS3.get(s3, "s3://" + bucket + "/" + errorKey));
        assertThat(error.get("call").asText()).isIn("call-slow", "wf");
        assertThat(error.get("error").asText()).isIn("Terminated", "CommandFailed");
        if (error.has("stderr_tail")) {
            assertThat(error.get("stderr_tail").asText()).contains("working");
        }
    }
}
