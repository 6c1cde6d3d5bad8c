package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;

/**
 * The task side speaks AWS as AWS enforces it (docs/aws-rules.md, "Client side"): whole vCPUs on EC2,
 * {@code container_properties} merged into our EFS volume, owned members and bad tags refused, GPU tasks routed to
 * the GPU queue or failing before submission, and task queues checked for their platform.
 */
class AwsRequestRulesTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.queues.forEach(q -> q.capacity = 16);
        BatchRuns.addGpuQueue(c);
    });

    static BatchClient batch;

    @BeforeAll
    static void client() {
        batch = BatchClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.of(AWS.emulator().region())).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterAll
    static void close() {
        batch.close();
    }

    private static String task(String runtime) {
        return """
                version 1.1
                task t {
                  command <<< echo ran >>>
                  runtime { %s }
                  output { String said = read_string(stdout()) }
                }
                workflow w { call t  output { String said = t.said } }
                """.formatted(runtime);
    }

    /** The AWS Batch job the one task of a run was submitted as, found through its task.log. */
    private static JobDetail jobOf(BatchRuns.Result r) throws Exception {
        String log = Files.readString(r.outcome().runDir().path().resolve("call-t").resolve("task.log"));
        Matcher m = Pattern.compile("AWS Batch job ([0-9a-f-]+) to queue").matcher(log);
        assertThat(m.find()).as(log).isTrue();
        String id = m.group(1);
        return batch.describeJobs(q -> q.jobs(id)).jobs().get(0);
    }

    private static String problem(Map<String, String> settings) throws Exception {
        Path runs = Files.createDirectories(AWS.emulator().efsFolder().resolve("runs"));
        var config = BatchRuns.config(AWS.emulator(), settings).build();
        Throwable t = catchThrowable(() -> BatchBackendFactory.create(config, runs, BatchRuns.clients(AWS.emulator()))
                .close());
        assertThat(t).isInstanceOf(BatchConfigException.class);
        return t.getMessage();
    }

    @Test
    void fractionalCpuIsRoundedUpToWholeVcpusAndTheRoundingIsInTaskLog() throws Exception {
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), task("cpu: 0.5  memory: \"512 MiB\""), List.of(), Map.of());
        assertThat(r.outcome().failure()).isNull();
        JobDetail job = jobOf(r);
        assertThat(job.container().resourceRequirements()).extracting(q -> q.typeAsString() + "=" + q.value())
                .contains("VCPU=1").doesNotContain("VCPU=0.5");
        assertThat(Files.readString(r.outcome().runDir().path().resolve("call-t/task.log")))
                .contains("runtime cpu 0.5 asks for 1 vCPU: AWS Batch jobs on EC2 take whole vCPUs");
        assertThat(JobShapes.vcpus(1.5)).isEqualTo("2");
        assertThat(JobShapes.vcpus(0)).isEqualTo("1");
        assertThat(JobShapes.vcpus(4)).isEqualTo("4");
    }

    @Test
    void containerPropertiesVolumesAreAddedToTheSharedFileSystemNotInsteadOfIt() throws Exception {
        Path scratch = Files.createTempDirectory("scratch");
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), task("cpu: 1"), List.of(), Map.of("container_properties",
                "{\"volumes\": [{\"name\": \"scratch\", \"host\": {\"sourcePath\": \"" + scratch + "\"}}],"
                        + " \"mountPoints\": [{\"sourceVolume\": \"scratch\", \"containerPath\": \"/scratch\"}],"
                        + " \"privileged\": true}"));
        assertThat(r.outcome().failure()).isNull();
        JobDetail job = jobOf(r);
        JobDefinition def = batch.describeJobDefinitions(q -> q.jobDefinitions(job.jobDefinition()))
                .jobDefinitions().get(0);
        JsonNode props = SdkJson.toJson(def.containerProperties());
        List<String> volumes = new ArrayList<>();
        props.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
        assertThat(volumes).containsExactly(JobShapes.VOLUME, "scratch");
        assertThat(props.at("/volumes/0/efsVolumeConfiguration/authorizationConfig/accessPointId").asText())
                .isEqualTo("fsap-0e1a2b3c4d5e6f701");
        List<String> mounts = new ArrayList<>();
        props.path("mountPoints").forEach(m -> mounts.add(m.path("sourceVolume").asText() + "@"
                + m.path("containerPath").asText()));
        assertThat(mounts).containsExactly(JobShapes.VOLUME + "@" + AWS.emulator().efsFolder(),
                "scratch@/scratch");
        assertThat(props.path("privileged").asBoolean()).isTrue();
    }

    @Test
    void containerPropertiesMembersWdlbatchSetsAreRefusedByName() throws Exception {
        assertThat(problem(Map.of("container_properties",
                "{\"image\": \"ubuntu\", \"command\": [\"true\"], \"privileged\": true}")))
                .contains("[aws] container_properties sets").contains("image (").contains("command (")
                .doesNotContain("privileged").contains("remove them");
        assertThat(problem(Map.of("container_properties", "{\"jobRoleArn\": \"arn:aws:iam::1:role/x\"}")))
                .contains("jobRoleArn").contains("[aws] task_job_role");
        assertThat(problem(Map.of("container_properties",
                "{\"volumes\": [{\"name\": \"efs\", \"host\": {\"sourcePath\": \"/x\"}}]}")))
                .contains("volume name \"efs\"");
        assertThat(problem(Map.of("container_properties", "{\"mountPoints\": [{\"sourceVolume\": \"x\","
                + " \"containerPath\": \"" + AWS.emulator().efsFolder() + "\"}]}")))
                .contains("mount point " + AWS.emulator().efsFolder()).contains("[file_io] root");
        String efs = "{\"volumes\": [{\"name\": \"refs\", \"efsVolumeConfiguration\": {\"fileSystemId\": \"fs-1\","
                + " \"authorizationConfig\": {\"accessPointId\": \"fsap-1\"}%s}}]}";
        assertThat(problem(Map.of("container_properties", efs.formatted(""))))
                .contains("volume \"refs\"").contains("\"transitEncryption\": \"ENABLED\"");
        assertThat(problem(Map.of("container_properties",
                efs.formatted(", \"transitEncryption\": \"ENABLED\", \"rootDirectory\": \"/refs\""))))
                .contains("volume \"refs\"").contains("rootDirectory must be omitted");
    }

    @Test
    void tagsEcsWouldNotPropagateAreRefusedNamingTheTag() throws Exception {
        assertThat(problem(Map.of("tags", "{\"project\": \"p1\", \"cost center\": \"a#b\"}")))
                .contains("tag \"cost center\"").contains("\"a#b\"").contains("_ . : / = + - @");
        assertThat(problem(Map.of("tags", "{\"bad*key\": \"v\"}"))).contains("tag \"bad*key\"");
        assertThat(problem(Map.of("tags", "{\"aws:owner\": \"me\"}"))).contains("reserved for AWS");
        assertThat(problem(Map.of("tags", "{\"wdlbatch:run\": \"x\"}"))).contains("set by wdlbatch");
        assertThat(problem(Map.of("tags", "{\"k\": \"" + "v".repeat(257) + "\"}"))).contains("at most 256");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < TaskTags.userBudget() + 1; i++) {
            many.append(i == 0 ? "" : ", ").append("\"t").append(i).append("\": \"v\"");
        }
        assertThat(problem(Map.of("tags", many.append("}").toString())))
                .contains("has " + (TaskTags.userBudget() + 1) + " tags; at most " + TaskTags.userBudget())
                .contains("more than 50");
        // what ECS accepts passes, including non-ASCII letters and spaces
        TaskTags.check(Map.of("Kostenstelle", "Zürich 42", "team/unit", "a.b:c=d+e-f@g_h"));
    }

    @Test
    void aGpuTaskWithoutAGpuQueueFailsBeforeSubmissionSayingToDeployWithTheGpuOption() throws Exception {
        int before = jobsOnTaskQueues();
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), task("cpu: 1  gpu: true"), List.of(), Map.of());
        assertThat(r.outcome().failure()).isNotNull();
        assertThat(r.outcome().failure().message()).contains("no GPU task queue is configured")
                .contains("deploy the CDK stack with the GPU option (cdk deploy -c gpu=true)")
                .contains("DefaultGpuTaskQueue").contains("[aws] gpu_task_queue");
        String log = Files.readString(r.outcome().runDir().path().resolve("call-t/task.log"));
        assertThat(log).doesNotContain("submitted as");
        assertThat(jobsOnTaskQueues()).as("nothing submitted").isEqualTo(before);
    }

    /** Every job on the task, fallback and GPU queues, whatever its status (tests of this class run one by one). */
    private static int jobsOnTaskQueues() {
        int n = 0;
        for (String q : List.of(AwsNames.DEFAULT_TASK_QUEUE, AwsNames.DEFAULT_TASK_QUEUE_FALLBACK, BatchRuns.GPU_QUEUE)) {
            for (JobStatus s : JobStatus.knownValues()) {
                n += batch.listJobs(b -> b.jobQueue(q).jobStatus(s)).jobSummaryList().size();
            }
        }
        return n;
    }

    @Test
    void aGpuTaskGoesToTheGpuQueueAndACpuTaskStaysOnTheTaskQueue() throws Exception {
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), task("cpu: 1  gpu: true"), List.of(),
                Map.of("gpu_task_queue", BatchRuns.GPU_QUEUE));
        assertThat(r.outcome().failure()).isNull();
        JobDetail job = jobOf(r);
        assertThat(job.jobQueue()).endsWith("/" + BatchRuns.GPU_QUEUE);
        assertThat(job.container().resourceRequirements()).extracting(q -> q.typeAsString() + "=" + q.value())
                .contains("GPU=1");
        BatchRuns.Result cpu = BatchRuns.run(AWS.emulator(), task("cpu: 1"), List.of(),
                Map.of("gpu_task_queue", BatchRuns.GPU_QUEUE));
        assertThat(jobOf(cpu).jobQueue()).endsWith("/" + AwsNames.DEFAULT_TASK_QUEUE);
    }

    @Test
    void aTaskQueueOfFargateComputeEnvironmentsIsRefusedNamingItsTypeAndTheFix() throws Exception {
        assertThat(problem(Map.of("task_queue", AwsNames.DEFAULT_WORKFLOW_QUEUE)))
                .contains("[aws] task_queue = " + AwsNames.DEFAULT_WORKFLOW_QUEUE)
                .contains("(FARGATE)").contains("task jobs are EC2 jobs")
                .contains("a queue of EC2 or SPOT compute environments");
        assertThat(problem(Map.of("gpu_task_queue", AwsNames.DEFAULT_WORKFLOW_QUEUE)))
                .contains("[aws] gpu_task_queue = " + AwsNames.DEFAULT_WORKFLOW_QUEUE).contains("(FARGATE)");
        assertThat(problem(Map.of("gpu_task_queue", "no-such-gpu-queue"))).contains("no such AWS Batch job queue");
    }
}
