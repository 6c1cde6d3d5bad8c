package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDetail;

/** What each task job is made of: definition, volume, overrides, tags, fair share, GPU, memory delta. */
class AwsBatchJobShapeTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.queues.forEach(q -> q.capacity = 16);
        BatchRuns.addGpuQueue(c);
    });

    @Test
    void jobsCarryTheAccessPointTagsOverridesAndSettings() throws Exception {
        String wdl = """
                version 1.1
                task gpu {
                  input { String who }
                  command <<< echo "hi ~{who}" >>>
                  runtime { cpu: 2  memory: "3 GiB"  gpu: true  acceleratorCount: 2  awsBatchRetryAttempts: 3 }
                  output { String said = read_string(stdout()) }
                }
                workflow shapes { call gpu { input: who = "there" }  output { String said = gpu.said } }
                """;
        // a share identifier is only accepted by a fair-share queue (AWS's SubmitJob rule, which the emulator keeps)
        try (BatchClient batch = BatchClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.US_EAST_1).credentialsProvider(() -> AwsBasicCredentials.create("emulator", "emulator")).build()) {
            String policy = batch.createSchedulingPolicy(b -> b.name("shapes-fair-share")).arn();
            batch.updateJobQueue(b -> b.jobQueue(BatchRuns.GPU_QUEUE).schedulingPolicyArn(policy));
        }
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of(
                "memory_delta", "-33",
                "gpu_task_queue", BatchRuns.GPU_QUEUE,
                "tags", "{\"project\": \"p1\"}",
                "share_identifier", "blue",
                "scheduling_priority", "7",
                "task_job_role", "arn:aws:iam::123456789012:role/tasks",
                "repository_credentials", "arn:aws:secretsmanager:us-east-1:123456789012:secret:reg",
                "job_timeout", "3600",
                "container_properties", "{\"privileged\": true, \"ulimits\": [{\"name\": \"nofile\","
                        + " \"softLimit\": 4096, \"hardLimit\": 8192}]}"));
        assertThat(r.outcome().failure()).isNull();
        Path call = r.outcome().runDir().path().resolve("call-gpu");
        Matcher m = Pattern.compile("AWS Batch job ([0-9a-f-]+) to queue").matcher(Files.readString(call.resolve("task.log")));
        assertThat(m.find()).isTrue();
        String jobId = m.group(1);
        try (BatchClient batch = BatchClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.US_EAST_1).credentialsProvider(() -> AwsBasicCredentials.create("emulator", "emulator")).build()) {
            JobDetail job = batch.describeJobs(q -> q.jobs(jobId)).jobs().get(0);
            assertThat(job.container().resourceRequirements())
                    .extracting(q -> q.typeAsString() + "=" + q.value())
                    .containsExactlyInAnyOrder("VCPU=2", "MEMORY=3039", "GPU=2"); // 3 GiB - 33 MiB
            assertThat(job.jobQueue()).endsWith("/" + BatchRuns.GPU_QUEUE); // GPU tasks go to the GPU queue
            assertThat(job.shareIdentifier()).isEqualTo("blue");
            assertThat(job.schedulingPriority()).isEqualTo(7);
            assertThat(job.retryStrategy().attempts()).isEqualTo(3);
            assertThat(job.timeout().attemptDurationSeconds()).isEqualTo(3600);
            assertThat(job.propagateTags()).isTrue();
            assertThat(job.tags()).containsEntry("project", "p1").containsEntry("wdlbatch:call", "gpu")
                    .containsEntry("wdlbatch:workflow", "shapes")
                    .containsEntry("wdlbatch:run", r.outcome().runDir().path().getFileName().toString());
            // the job carries only the task directory, never the command
            assertThat(SdkJson.toJson(job.container().environment()).toString()).contains(call.toString())
                    .doesNotContain("hi ");

            JobDefinition def = batch.describeJobDefinitions(q -> q.jobDefinitions(job.jobDefinition()))
                    .jobDefinitions().get(0);
            assertThat(def.status()).isEqualTo("INACTIVE"); // deregistered at the end of the run
            JsonNode props = SdkJson.toJson(def.containerProperties());
            assertThat(props.at("/volumes/0/efsVolumeConfiguration/transitEncryption").asText()).isEqualTo("ENABLED");
            assertThat(props.at("/volumes/0/efsVolumeConfiguration/authorizationConfig/accessPointId").asText())
                    .isEqualTo("fsap-0e1a2b3c4d5e6f701");
            assertThat(props.at("/volumes/0/efsVolumeConfiguration/fileSystemId").asText())
                    .isEqualTo("fs-0e1a2b3c4d5e6f701");
            assertThat(props.at("/mountPoints/0/containerPath").asText())
                    .isEqualTo(AWS.emulator().efsFolder().toString());
            assertThat(props.at("/jobRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/tasks");
            assertThat(props.at("/repositoryCredentials/credentialsParameter").asText()).endsWith(":secret:reg");
            assertThat(props.at("/privileged").asBoolean()).isTrue();
            assertThat(props.at("/ulimits/0/hardLimit").asInt()).isEqualTo(8192);
            // the wrapper stays short: under 2 KiB with the step that keeps Batch's own retries apart and the one
            // that records the attempt's usage (RegisterJobDefinition allows 24 KiB in all)
            assertThat(props.at("/command/2").asText().length()).isLessThan(4096);
        }
    }
}
