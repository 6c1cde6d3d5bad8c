package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ClientException;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.PlatformCapability;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.Volume;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;

/** Each rule the strict emulator enforces, through the AWS SDK (raw signed requests where the SDK cannot err). */
class StrictRulesTest {

    static final String GPU_QUEUE = "gpu-tasks";
    static final String ROLE = "arn:aws:iam::123456789012:role/execution";

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.timeoutMillisPerSecond = 5; // the task queues' 600 s time limit lasts 3 s
        EmulatorConfig.ComputeEnvironment gpu = new EmulatorConfig.ComputeEnvironment("gpu-ce", "EC2");
        gpu.instanceTypes = new ArrayList<>(List.of("g5.12xlarge"));
        gpu.maxGpusPerInstance = 4;
        c.computeEnvironments.add(gpu);
        c.queues.add(new EmulatorConfig.Queue(GPU_QUEUE, "gpu-ce", 4));
    });

    static BatchClient batch;

    @BeforeAll
    static void clients() {
        batch = Clients.batch(AWS.emulator());
    }

    @AfterAll
    static void close() {
        batch.close();
    }

    static ResourceRequirement req(String type, String value) {
        return ResourceRequirement.builder().type(type).value(value).build();
    }

    static void refused(Runnable call, String... messageParts) {
        assertThatThrownBy(call::run).isInstanceOf(ClientException.class).satisfies(e -> {
            assertThat(((ClientException) e).statusCode()).isEqualTo(400);
            for (String part : messageParts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    static String register(Consumer<RegisterJobDefinitionRequest.Builder> r) {
        return batch.registerJobDefinition(b -> {
            b.jobDefinitionName("strict").type(JobDefinitionType.CONTAINER);
            r.accept(b);
        }).jobDefinitionArn();
    }

    static Consumer<RegisterJobDefinitionRequest.Builder> fargate(Consumer<ContainerProperties.Builder> c) {
        return b -> b.platformCapabilities(PlatformCapability.FARGATE).containerProperties(p -> {
            p.image("ubuntu").command("true").executionRoleArn(ROLE)
                    .resourceRequirements(req("VCPU", "1"), req("MEMORY", "2048"));
            c.accept(p);
        });
    }

    static Volume efs(Consumer<software.amazon.awssdk.services.batch.model.EFSVolumeConfiguration.Builder> e) {
        return Volume.builder().name("efs").efsVolumeConfiguration(v -> {
            v.fileSystemId(EmulatorConfig.DEFAULT_FILE_SYSTEM);
            e.accept(v);
        }).build();
    }

    static JobDetail awaitStatus(String id, JobStatus status) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobDetail d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
        while (d.status() != status && System.nanoTime() < end) {
            Thread.sleep(50);
            d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
        }
        assertThat(d.status()).as(d.statusReason()).isEqualTo(status);
        return d;
    }

    @Test
    void misspeltMembersWrongTypesAndUnknownEnumValuesAreRefused() throws Exception {
        String def = register(b -> b.containerProperties(p -> p.image("ubuntu").command("true")));
        var misspelt = SignedRequests.batch(AWS.emulator().endpoint(), "/v1/submitjob", "{\"jobName\":\"j\","
                + "\"jobQueue\":\"" + AwsNames.DEFAULT_TASK_QUEUE + "\",\"jobDefinition\":\"" + def + "\","
                + "\"containerOverides\":{\"command\":[\"echo\"]}}");
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.errorType()).isEqualTo("ClientException");
        assertThat(misspelt.body()).contains("containerOverides").contains("containerOverrides");
        var nested = SignedRequests.batch(AWS.emulator().endpoint(), "/v1/submitjob", "{\"jobName\":\"j\","
                + "\"jobQueue\":\"" + AwsNames.DEFAULT_TASK_QUEUE + "\",\"jobDefinition\":\"" + def + "\","
                + "\"containerOverrides\":{\"comand\":[\"echo\"]}}");
        assertThat(nested.body()).contains("comand").contains("containerOverrides");
        var enumValue = SignedRequests.batch(AWS.emulator().endpoint(), "/v1/submitjob", "{\"jobName\":\"j\","
                + "\"jobQueue\":\"" + AwsNames.DEFAULT_TASK_QUEUE + "\",\"jobDefinition\":\"" + def + "\","
                + "\"containerOverrides\":{\"resourceRequirements\":[{\"type\":\"GPUS\",\"value\":\"1\"}]}}");
        assertThat(enumValue.errorType()).isEqualTo("ClientException");
        assertThat(enumValue.body()).contains("GPUS").contains("[GPU, MEMORY, VCPU]");
        var listEnum = SignedRequests.batch(AWS.emulator().endpoint(), "/v1/registerjobdefinition",
                "{\"jobDefinitionName\":\"x\",\"type\":\"container\",\"platformCapabilities\":[\"LAMBDA\"],"
                        + "\"containerProperties\":{\"image\":\"ubuntu\"}}");
        assertThat(listEnum.body()).contains("LAMBDA").contains("FARGATE");
        var wrongType = SignedRequests.batch(AWS.emulator().endpoint(), "/v1/submitjob", "{\"jobName\":\"j\","
                + "\"jobQueue\":\"" + AwsNames.DEFAULT_TASK_QUEUE + "\",\"jobDefinition\":\"" + def + "\","
                + "\"retryStrategy\":{\"attempts\":\"3\"}}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).contains("retryStrategy.attempts must be an integer");
        var fine = SignedRequests.batch(AWS.emulator().endpoint(), "/v1/submitjob", "{\"jobName\":\"j\","
                + "\"jobQueue\":\"" + AwsNames.DEFAULT_TASK_QUEUE + "\",\"jobDefinition\":\"" + def + "\","
                + "\"containerOverrides\":{\"command\":[\"echo\"]},\"tags\":{\"a\":\"b\"}}");
        assertThat(fine.status()).as(fine.body()).isEqualTo(200);
    }

    @Test
    void fargateDefinitionsNeedAnExecutionRoleAndAValidSizeAndNoGpu() {
        refused(() -> register(fargate(p -> p.executionRoleArn(null))), "Execution role is required for Fargate");
        refused(() -> register(fargate(p -> p.resourceRequirements(req("VCPU", "3"), req("MEMORY", "8192")))),
                "VCPU value '3' is not valid for Fargate");
        refused(() -> register(fargate(p -> p.resourceRequirements(req("VCPU", "16"), req("MEMORY", "4096")))),
                "VCPU 16 with MEMORY 4096", "[32768, 40960");
        refused(() -> register(fargate(p -> p.resourceRequirements(req("VCPU", "1"), req("MEMORY", "2048"),
                req("GPU", "1")))), "GPU resource requirements are not supported", "Fargate");
        assertThat(register(fargate(p -> p.resourceRequirements(req("VCPU", "0.25"), req("MEMORY", "512")))))
                .contains(":job-definition/strict:");
        assertThat(register(fargate(p -> p.resourceRequirements(req("VCPU", "16"), req("MEMORY", "122880")))))
                .contains(":job-definition/strict:");
    }

    @Test
    void ulimitsPrivilegesAndLinuxParametersAreEc2OnlyAndEphemeralStorageFargateOnly() {
        var nofile = software.amazon.awssdk.services.batch.model.Ulimit.builder().name("nofile").softLimit(1024)
                .hardLimit(4096).build();
        refused(() -> register(fargate(p -> p.ulimits(nofile))), "ulimits are not supported", "Fargate");
        refused(() -> register(fargate(p -> p.privileged(true))), "privileged containers are not supported");
        refused(() -> register(fargate(p -> p.linuxParameters(l -> l.sharedMemorySize(64)))),
                "linuxParameters.sharedMemorySize is not supported", "Fargate");
        refused(() -> register(b -> b.containerProperties(p -> p.image("ubuntu").ulimits(nofile.toBuilder()
                .name("files").build()))), "Invalid ulimit name 'files'");
        refused(() -> register(b -> b.containerProperties(p -> p.image("ubuntu").linuxParameters(l -> l
                .sharedMemorySize(0)))), "sharedMemorySize must be a positive");
        refused(() -> register(b -> b.containerProperties(p -> p.image("ubuntu").ephemeralStorage(e -> e
                .sizeInGiB(50)))), "ephemeralStorage is only supported", "Fargate");
        refused(() -> register(fargate(p -> p.ephemeralStorage(e -> e.sizeInGiB(20)))), "between 21 and 200");
        assertThat(register(fargate(p -> p.ephemeralStorage(e -> e.sizeInGiB(200))))).contains("strict");
        // on EC2 all of them are taken, and kept as given where DescribeJobDefinitions shows the definition
        String ec2 = register(b -> b.containerProperties(p -> p.image("ubuntu").ulimits(nofile).privileged(true)
                .linuxParameters(l -> l.sharedMemorySize(2048))));
        ContainerProperties kept = batch.describeJobDefinitions(r -> r.jobDefinitions(ec2)).jobDefinitions().get(0)
                .containerProperties();
        assertThat(kept.ulimits()).containsExactly(nofile);
        assertThat(kept.privileged()).isTrue();
        assertThat(kept.linuxParameters().sharedMemorySize()).isEqualTo(2048);
    }

    @Test
    void evaluateOnExitTakesFiveConditionsOfShortPlainPatterns() {
        var retry = software.amazon.awssdk.services.batch.model.EvaluateOnExit.builder()
                .action(software.amazon.awssdk.services.batch.model.RetryAction.RETRY);
        String def = register(b -> b.containerProperties(p -> p.image("ubuntu").command("true")));
        java.util.function.Function<List<software.amazon.awssdk.services.batch.model.EvaluateOnExit>, Runnable> submit =
                conditions -> () -> batch.submitJob(r -> r.jobName("eval").jobQueue(AwsNames.DEFAULT_TASK_QUEUE)
                        .jobDefinition(def).retryStrategy(s -> s.attempts(2).evaluateOnExit(conditions)));
        refused(submit.apply(java.util.Collections.nCopies(6, retry.onStatusReason("Host EC2*").build())),
                "at most 5 conditions");
        refused(submit.apply(List.of(retry.onStatusReason("Host EC2 (instance*").build())), "onStatusReason",
                "not a valid pattern");
        refused(submit.apply(List.of(retry.onStatusReason("x".repeat(513)).build())), "at most 512");
        refused(submit.apply(List.of(retry.onStatusReason(null).onExitCode("1*2").build())), "onExitCode");
        submit.apply(List.of(retry.onExitCode(null).onStatusReason("Host EC2*").build(),
                retry.onStatusReason(null).onReason("*").action("EXIT").build())).run();
    }

    @Test
    void ec2JobsTakeWholeVcpus() {
        refused(() -> register(b -> b.containerProperties(p -> p.image("ubuntu")
                .resourceRequirements(req("VCPU", "0.5"), req("MEMORY", "512")))), "VCPU value '0.5'", "EC2");
        String def = register(b -> b.containerProperties(p -> p.image("ubuntu").command("true")
                .resourceRequirements(req("VCPU", "1"), req("MEMORY", "512"))));
        refused(() -> batch.submitJob(r -> r.jobName("frac").jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(def)
                .containerOverrides(o -> o.resourceRequirements(req("VCPU", "1.5")))),
                "VCPU value '1.5'", "containerOverrides");
    }

    @Test
    void efsVolumesFollowTheAccessPointRulesAndFargatePlatformVersion() {
        var ap = software.amazon.awssdk.services.batch.model.EFSAuthorizationConfig.builder()
                .accessPointId(EmulatorConfig.DEFAULT_ACCESS_POINT).build();
        refused(() -> register(b -> b.containerProperties(p -> p.image("ubuntu")
                .volumes(efs(e -> e.authorizationConfig(ap))))), "Transit encryption must be enabled");
        refused(() -> register(b -> b.containerProperties(p -> p.image("ubuntu")
                .volumes(efs(e -> e.authorizationConfig(ap).transitEncryption("ENABLED").rootDirectory("/data"))))),
                "must be omitted or '/'", "/data");
        refused(() -> register(fargate(p -> p.volumes(efs(e -> e.transitEncryption("ENABLED")))
                .fargatePlatformConfiguration(f -> f.platformVersion("1.3.0")))), "platform version 1.4.0");
        refused(() -> register(b -> b.containerProperties(p -> p.image("ubuntu")
                .volumes(efs(e -> e.authorizationConfig(ap).transitEncryption("ENABLED")))
                .mountPoints(m -> m.sourceVolume("scratch").containerPath("/mnt/efs")))),
                "sourceVolume 'scratch'", "[efs]");
        assertThat(register(fargate(p -> p.volumes(efs(e -> e.authorizationConfig(ap).transitEncryption("ENABLED")
                .rootDirectory("/"))).mountPoints(m -> m.sourceVolume("efs").containerPath("/mnt/efs"))
                .fargatePlatformConfiguration(f -> f.platformVersion("1.4.0"))))).contains("strict");
    }

    @Test
    void aDefinitionRunsOnlyInAQueueOfItsPlatform() {
        String ec2 = register(b -> b.containerProperties(p -> p.image("ubuntu").command("true")));
        refused(() -> batch.submitJob(r -> r.jobName("x").jobQueue(AwsNames.DEFAULT_WORKFLOW_QUEUE).jobDefinition(ec2)),
                "can not run Jobs with capability EC2");
        String fargate = register(fargate(p -> {}));
        refused(() -> batch.submitJob(r -> r.jobName("x").jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(fargate)),
                "can not run Jobs with capability FARGATE");
    }

    @Test
    void moreThanFiftyPropagatedTagsFailTheJob() throws Exception {
        Map<String, String> defTags = new LinkedHashMap<>();
        Map<String, String> jobTags = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            defTags.put("d" + i, "v");
            jobTags.put("j" + i, "v");
        }
        String def = register(b -> b.tags(defTags).propagateTags(true)
                .containerProperties(p -> p.image("ubuntu").command("true")));
        String id = batch.submitJob(r -> r.jobName("tags").jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(def)
                .tags(jobTags)).jobId();
        JobDetail d = awaitStatus(id, JobStatus.FAILED);
        assertThat(d.statusReason()).contains("over the limit of 50");
        String fewer = batch.submitJob(r -> r.jobName("tags").jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(def)
                .tags(Map.of("only", "one"))).jobId();
        awaitStatus(fewer, JobStatus.SUCCEEDED);
    }

    @Test
    void aGpuJobWaitsInRunnableWithoutGpuInstancesAndRunsWithThem() throws Exception {
        String def = register(b -> b.containerProperties(p -> p.image("ubuntu").command("true")
                .resourceRequirements(req("VCPU", "1"), req("MEMORY", "512"), req("GPU", "1"))));
        String stuck = batch.submitJob(r -> r.jobName("gpu").jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(def))
                .jobId();
        JobDetail d = awaitReason(stuck);
        assertThat(d.status()).isEqualTo(JobStatus.RUNNABLE);
        assertThat(d.statusReason()).isEqualTo("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource "
                + "requirement (GPU) is higher than that can be met by the CE(s) attached to the job queue.");
        String runs = batch.submitJob(r -> r.jobName("gpu").jobQueue(GPU_QUEUE).jobDefinition(def)).jobId();
        awaitStatus(runs, JobStatus.SUCCEEDED);
        assertThat(batch.describeComputeEnvironments(r -> r.computeEnvironments("gpu-ce")).computeEnvironments()
                .get(0).computeResources().instanceTypes()).containsExactly("g5.12xlarge");
        // the task queue's jobStateTimeLimitActions cancel it once it has waited 600 (emulated) seconds
        assertThat(batch.describeJobQueues(r -> r.jobQueues(AwsNames.DEFAULT_TASK_QUEUE)).jobQueues().get(0)
                .jobStateTimeLimitActions()).singleElement().satisfies(a -> {
                    assertThat(a.reason()).isEqualTo("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT");
                    assertThat(a.maxTimeSeconds()).isEqualTo(600);
                });
        JobDetail cancelled = awaitStatus(stuck, JobStatus.FAILED);
        assertThat(cancelled.statusReason()).startsWith("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT");
        assertThat(cancelled.isCancelled()).isTrue();
    }

    private static JobDetail awaitReason(String id) throws InterruptedException {
        return awaitReason(batch, id);
    }

    /** The job once it has a statusReason (or after a minute). */
    static JobDetail awaitReason(BatchClient batch, String id) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobDetail d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
        while (d.statusReason() == null && System.nanoTime() < end) {
            Thread.sleep(50);
            d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
        }
        return d;
    }

    @Test
    void anArrayParentStaysPendingWhileItsChildrenRun() throws Exception {
        String def = register(b -> b.containerProperties(p -> p.image("ubuntu").command("bash", "-c", "sleep 1")));
        String id = batch.submitJob(r -> r.jobName("arr").jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(def)
                .arrayProperties(a -> a.size(3))).jobId();
        List<JobStatus> seen = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobDetail d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
        boolean childRunningSeen = false;
        while (!d.status().equals(JobStatus.SUCCEEDED) && System.nanoTime() < end) {
            seen.add(d.status());
            if (d.arrayProperties().statusSummary().getOrDefault("RUNNING", 0) > 0) {
                childRunningSeen = true;
                assertThat(d.status()).isEqualTo(JobStatus.PENDING);
            }
            Thread.sleep(50);
            d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
        }
        assertThat(d.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(childRunningSeen).isTrue();
        assertThat(seen).doesNotContain(JobStatus.RUNNING);
    }

    @Test
    void getLogEventsReturnsEmptyPagesMidStreamAndPutLogEventsWantsTimeOrder() {
        try (CloudWatchLogsClient logs = Clients.logs(AWS.emulator())) {
            logs.createLogGroup(r -> r.logGroupName("strict"));
            logs.createLogStream(r -> r.logGroupName("strict").logStreamName("s"));
            long t = System.currentTimeMillis();
            assertThatThrownBy(() -> logs.putLogEvents(r -> r.logGroupName("strict").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(t + 5).message("later").build(),
                    InputLogEvent.builder().timestamp(t).message("earlier").build())))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("Log events in a single PutLogEvents request must be in chronological order");
            List<InputLogEvent> events = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                events.add(InputLogEvent.builder().timestamp(t + i).message("m" + i).build());
            }
            logs.putLogEvents(r -> r.logGroupName("strict").logStreamName("s").logEvents(events));
            List<String> read = new ArrayList<>();
            int emptyPagesBeforeTheEnd = 0;
            String token = null;
            for (int page = 0; page < 100; page++) {
                String sent = token;
                GetLogEventsResponse r = logs.getLogEvents(b -> b.logGroupName("strict").logStreamName("s")
                        .startFromHead(true).limit(2).nextToken(sent));
                r.events().forEach(e -> read.add(e.message()));
                if (r.nextForwardToken().equals(sent)) {
                    break; // the end: AWS gives back the token it was sent
                }
                if (r.events().isEmpty() && read.size() < 20) {
                    emptyPagesBeforeTheEnd++;
                }
                token = r.nextForwardToken();
            }
            assertThat(read).hasSize(20).startsWith("m0", "m1").endsWith("m19");
            assertThat(emptyPagesBeforeTheEnd).isPositive();
        }
    }
}
