package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ArrayProperties;
import software.amazon.awssdk.services.batch.model.ContainerOverrides;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.EFSVolumeConfiguration;
import software.amazon.awssdk.services.batch.model.EvaluateOnExit;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDependency;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.MountPoint;
import software.amazon.awssdk.services.batch.model.RetryAction;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.batch.model.Volume;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/** Jobs really run: the state machine, retries, timeouts, stopping, arrays, dependencies and faults. */
class JobLifecycleTest {

    static Path stub;

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.timeoutMillisPerSecond = 20; // attemptDurationSeconds 60 lasts 1.2 s
        c.killGraceMillis = 300;
        c.runner.orchestratorCommand = List.of(orchestratorStub().toString());
    });

    static BatchClient batch;
    static CloudWatchLogsClient logs;

    /** Stands in for bin/wdlbatch: prints its arguments. */
    static Path orchestratorStub() {
        try {
            stub = Files.createTempFile("wdlbatch-stub", ".sh");
            Files.writeString(stub, "#!/bin/bash\necho \"orchestrator args: $*\"\necho \"queue=$AWS_BATCH_JQ_NAME\"\n");
            stub.toFile().setExecutable(true);
            return stub;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void clients() {
        batch = Clients.batch(AWS.emulator());
        logs = Clients.logs(AWS.emulator());
    }

    @AfterAll
    static void close() throws Exception {
        batch.close();
        logs.close();
        Files.deleteIfExists(stub);
    }

    static String definition(String name, String image, String script) {
        return batch.registerJobDefinition(r -> r.jobDefinitionName(name).type(JobDefinitionType.CONTAINER)
                .containerProperties(ContainerProperties.builder().image(image).command("bash", "-c", script).build()))
                .jobDefinitionArn();
    }

    /** A Fargate definition (for the Fargate workflow queue): execution role and a valid vCPU/memory pair. */
    static String fargateDefinition(String name, String image, String script) {
        return batch.registerJobDefinition(r -> r.jobDefinitionName(name).type(JobDefinitionType.CONTAINER)
                .platformCapabilities(software.amazon.awssdk.services.batch.model.PlatformCapability.FARGATE)
                .containerProperties(c -> c.image(image).command("bash", "-c", script)
                        .executionRoleArn("arn:aws:iam::123456789012:role/execution")
                        .resourceRequirements(software.amazon.awssdk.services.batch.model.ResourceRequirement.builder()
                                .type("VCPU").value("0.5").build(), software.amazon.awssdk.services.batch.model
                                .ResourceRequirement.builder().type("MEMORY").value("1024").build())))
                .jobDefinitionArn();
    }

    static String submit(String def, String queue, java.util.function.Consumer<SubmitJobRequest.Builder> more) {
        SubmitJobRequest.Builder b = SubmitJobRequest.builder().jobName("job").jobQueue(queue).jobDefinition(def);
        more.accept(b);
        return batch.submitJob(b.build()).jobId();
    }

    static JobDetail describe(String id) {
        return batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
    }

    /**
     * Polls until the job reaches {@code status}, recording every status seen on the way. Array children are
     * created by the scheduler shortly after their parent is submitted: until then DescribeJobs does not list them,
     * so an absent job is waited for, not an error.
     */
    static JobDetail await(String id, JobStatus status, List<JobStatus> seen) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JobDetail d = null;
        while (System.nanoTime() < deadline) {
            List<JobDetail> found = batch.describeJobs(r -> r.jobs(id)).jobs();
            if (found.isEmpty()) {
                Thread.sleep(5);
                continue;
            }
            d = found.get(0);
            if (seen != null && (seen.isEmpty() || seen.get(seen.size() - 1) != d.status())) {
                seen.add(d.status());
            }
            if (d.status() == status) {
                return d;
            }
            if (d.status() == JobStatus.SUCCEEDED || d.status() == JobStatus.FAILED) {
                break;
            }
            Thread.sleep(5);
        }
        assertThat(d).as("job %s was never listed by DescribeJobs", id).isNotNull();
        assertThat(d.status()).as("status of %s (reason %s)", id, d.statusReason()).isEqualTo(status);
        return d;
    }

    static JobDetail await(String id, JobStatus status) throws InterruptedException {
        return await(id, status, null);
    }

    static List<String> logLines(String stream) {
        List<String> out = new ArrayList<>();
        for (OutputLogEvent e : logs.getLogEvents(r -> r.logGroupName(AwsNames.BATCH_LOG_GROUP).logStreamName(stream)
                .startFromHead(true)).events()) {
            out.add(e.message());
        }
        return out;
    }

    @Test
    void aJobGoesThroughEveryStateAndRunsWithTheBatchEnvironment() throws Exception {
        Path efs = AWS.emulator().efsFolder();
        String def = batch.registerJobDefinition(r -> r.jobDefinitionName("env").type(JobDefinitionType.CONTAINER)
                .containerProperties(ContainerProperties.builder().image("ubuntu:24.04")
                        .command("bash", "-c", "sleep 0.3; echo id=$AWS_BATCH_JOB_ID q=$AWS_BATCH_JQ_NAME "
                                + "attempt=$AWS_BATCH_JOB_ATTEMPT from_def=$FROM_DEF over=$OVER; "
                                + "echo to-stderr >&2; echo hello > " + efs + "/from-job.txt")
                        .environment(KeyValuePair.builder().name("FROM_DEF").value("d").build(),
                                KeyValuePair.builder().name("OVER").value("def").build())
                        .volumes(Volume.builder().name("efs").efsVolumeConfiguration(EFSVolumeConfiguration.builder()
                                .fileSystemId(EmulatorConfig.DEFAULT_FILE_SYSTEM).transitEncryption("ENABLED")
                                .authorizationConfig(a -> a.accessPointId(EmulatorConfig.DEFAULT_ACCESS_POINT)).build()).build())
                        .mountPoints(MountPoint.builder().sourceVolume("efs").containerPath(efs.toString()).build())
                        .build())).jobDefinitionArn();
        String id = submit(def, AwsNames.DEFAULT_TASK_QUEUE, b -> b.containerOverrides(ContainerOverrides.builder()
                .environment(KeyValuePair.builder().name("OVER").value("override").build()).build()));
        List<JobStatus> seen = new ArrayList<>();
        JobDetail d = await(id, JobStatus.SUCCEEDED, seen);
        assertThat(seen).containsSubsequence(JobStatus.RUNNING, JobStatus.SUCCEEDED);
        assertThat(seen).isSubsetOf(JobStatus.SUBMITTED, JobStatus.PENDING, JobStatus.RUNNABLE, JobStatus.STARTING,
                JobStatus.RUNNING, JobStatus.SUCCEEDED);
        assertThat(d.container().exitCode()).isZero();
        assertThat(d.statusReason()).isEqualTo("Essential container in task exited");
        assertThat(d.startedAt()).isGreaterThanOrEqualTo(d.createdAt());
        assertThat(d.stoppedAt()).isGreaterThanOrEqualTo(d.startedAt());
        assertThat(d.attempts()).singleElement().satisfies(a -> {
            assertThat(a.container().exitCode()).isZero();
            assertThat(a.container().logStreamName()).isEqualTo(d.container().logStreamName());
        });
        assertThat(d.container().logStreamName()).startsWith("env/default/");
        assertThat(logLines(d.container().logStreamName())).contains(
                "id=" + id + " q=" + AwsNames.DEFAULT_TASK_QUEUE + " attempt=1 from_def=d over=override", "to-stderr");
        assertThat(Files.readString(efs.resolve("from-job.txt"))).isEqualTo("hello\n");
    }

    @Test
    void aFailingJobReportsItsExitCode() throws Exception {
        String id = submit(definition("fail", "ubuntu", "exit 3"), AwsNames.DEFAULT_TASK_QUEUE, b -> {});
        JobDetail d = await(id, JobStatus.FAILED);
        assertThat(d.container().exitCode()).isEqualTo(3);
        assertThat(d.statusReason()).isEqualTo("Essential container in task exited");
        assertThat(d.attempts()).hasSize(1);
    }

    @Test
    void retriesUntilAttemptsRunOut() throws Exception {
        String id = submit(definition("retry", "ubuntu", "echo attempt $AWS_BATCH_JOB_ATTEMPT; exit 1"),
                AwsNames.DEFAULT_TASK_QUEUE, b -> b.retryStrategy(r -> r.attempts(3)));
        JobDetail d = await(id, JobStatus.FAILED);
        assertThat(d.attempts()).hasSize(3).allSatisfy(a -> assertThat(a.container().exitCode()).isEqualTo(1));
        assertThat(logLines(d.attempts().get(2).container().logStreamName())).containsExactly("attempt 3");
    }

    @Test
    void retrySucceedsOnALaterAttempt() throws Exception {
        String id = submit(definition("retry-ok", "ubuntu", "[ $AWS_BATCH_JOB_ATTEMPT = 2 ]"),
                AwsNames.DEFAULT_TASK_QUEUE, b -> b.retryStrategy(r -> r.attempts(5)));
        JobDetail d = await(id, JobStatus.SUCCEEDED);
        assertThat(d.attempts()).extracting(a -> a.container().exitCode()).containsExactly(1, 0);
    }

    @Test
    void evaluateOnExitDecidesBetweenRetryAndExit() throws Exception {
        String def = definition("eval", "ubuntu", "exit $CODE");
        var strategy = software.amazon.awssdk.services.batch.model.RetryStrategy.builder().attempts(4).evaluateOnExit(
                EvaluateOnExit.builder().onExitCode("7").action(RetryAction.RETRY).build(),
                EvaluateOnExit.builder().onReason("*").action(RetryAction.EXIT).build()).build();
        String retried = submit(def, AwsNames.DEFAULT_TASK_QUEUE, b -> b.retryStrategy(strategy)
                .containerOverrides(o -> o.environment(KeyValuePair.builder().name("CODE").value("7").build())));
        String exited = submit(def, AwsNames.DEFAULT_TASK_QUEUE, b -> b.retryStrategy(strategy)
                .containerOverrides(o -> o.environment(KeyValuePair.builder().name("CODE").value("8").build())));
        assertThat(await(retried, JobStatus.FAILED).attempts()).hasSize(4);
        assertThat(await(exited, JobStatus.FAILED).attempts()).hasSize(1);
    }

    @Test
    void anAttemptOverItsTimeoutIsKilledAndNotRetried() throws Exception {
        String id = submit(definition("slow", "ubuntu", "echo started; sleep 60"), AwsNames.DEFAULT_TASK_QUEUE,
                b -> b.timeout(t -> t.attemptDurationSeconds(60)).retryStrategy(r -> r.attempts(3)));
        JobDetail d = await(id, JobStatus.FAILED);
        assertThat(d.statusReason()).isEqualTo("Job attempt duration exceeded timeout");
        assertThat(d.attempts()).hasSize(1);
    }

    @Test
    void terminatingARunningJobKillsItsWholeProcessTree() throws Exception {
        Path pidFile = Files.createTempFile("grandchild", ".pid");
        String id = submit(definition("tree", "ubuntu", "sleep 300 & echo $! > " + pidFile + "; wait"),
                AwsNames.DEFAULT_TASK_QUEUE, b -> b.retryStrategy(r -> r.attempts(3)));
        await(id, JobStatus.RUNNING);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.size(pidFile) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long grandchild = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(grandchild)).isPresent();
        batch.terminateJob(r -> r.jobId(id).reason("stopped by test"));
        JobDetail d = await(id, JobStatus.FAILED);
        assertThat(d.statusReason()).isEqualTo("stopped by test");
        assertThat(d.isTerminated()).isTrue();
        assertThat(d.attempts()).hasSize(1); // terminated jobs are not retried
        ProcessHandle.of(grandchild).ifPresent(p -> p.onExit().join());
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        Files.deleteIfExists(pidFile);
    }

    @Test
    void terminatingAndCancellingQueuedJobs() throws Exception {
        String blocker = fargateDefinition("blocker", "ubuntu", "sleep 30");
        String def = fargateDefinition("queued", "ubuntu", "true");
        // the workflow queue has capacity 4: fill it, then queue more behind
        List<String> blockers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            blockers.add(submit(blocker, AwsNames.DEFAULT_WORKFLOW_QUEUE, b -> {}));
        }
        for (String b : blockers) {
            await(b, JobStatus.RUNNING);
        }
        String toTerminate = submit(def, AwsNames.DEFAULT_WORKFLOW_QUEUE, b -> {});
        String toCancel = submit(def, AwsNames.DEFAULT_WORKFLOW_QUEUE, b -> {});
        await(toTerminate, JobStatus.RUNNABLE);
        await(toCancel, JobStatus.RUNNABLE);
        batch.terminateJob(r -> r.jobId(toTerminate).reason("terminated while queued"));
        batch.cancelJob(r -> r.jobId(toCancel).reason("cancelled while queued"));
        JobDetail t = await(toTerminate, JobStatus.FAILED);
        JobDetail c = await(toCancel, JobStatus.FAILED);
        assertThat(t.statusReason()).isEqualTo("terminated while queued");
        assertThat(t.attempts()).isEmpty();
        assertThat(c.statusReason()).isEqualTo("cancelled while queued");
        assertThat(c.isCancelled()).isTrue();
        // CancelJob leaves a running job alone, as AWS does
        batch.cancelJob(r -> r.jobId(blockers.get(0)).reason("too late"));
        Thread.sleep(100);
        assertThat(describe(blockers.get(0)).status()).isEqualTo(JobStatus.RUNNING);
        for (String b : blockers) {
            batch.terminateJob(r -> r.jobId(b).reason("cleanup"));
        }
        for (String b : blockers) {
            await(b, JobStatus.FAILED);
        }
    }

    @Test
    void arrayJobChildrenSeeTheirIndexAndTheParentSummarises() throws Exception {
        String def = definition("array", "ubuntu", "echo index=$AWS_BATCH_JOB_ARRAY_INDEX; [ $AWS_BATCH_JOB_ARRAY_INDEX != 2 ]");
        String id = submit(def, AwsNames.DEFAULT_TASK_QUEUE, b -> b.arrayProperties(ArrayProperties.builder().size(4).build()));
        JobDetail parent = await(id, JobStatus.FAILED);
        assertThat(parent.arrayProperties().size()).isEqualTo(4);
        assertThat(parent.arrayProperties().statusSummary()).containsEntry("SUCCEEDED", 3).containsEntry("FAILED", 1);
        for (int i = 0; i < 4; i++) {
            JobDetail child = describe(id + ":" + i);
            assertThat(child.arrayProperties().index()).isEqualTo(i);
            assertThat(child.status()).isEqualTo(i == 2 ? JobStatus.FAILED : JobStatus.SUCCEEDED);
            assertThat(logLines(child.container().logStreamName())).containsExactly("index=" + i);
        }
    }

    @Test
    void dependenciesWaitForSuccessAndFailWithTheirDependency() throws Exception {
        Path marker = Files.createTempFile("dep", ".txt");
        String first = submit(definition("first", "ubuntu", "sleep 0.3; echo first >> " + marker),
                AwsNames.DEFAULT_TASK_QUEUE, b -> {});
        String second = submit(definition("second", "ubuntu", "echo second >> " + marker), AwsNames.DEFAULT_TASK_QUEUE,
                b -> b.dependsOn(JobDependency.builder().jobId(first).build()));
        JobDetail secondDone = await(second, JobStatus.SUCCEEDED);
        assertThat(secondDone.startedAt()).isGreaterThanOrEqualTo(describe(first).stoppedAt());
        assertThat(Files.readAllLines(marker)).containsExactly("first", "second");

        String failing = submit(definition("failing", "ubuntu", "exit 1"), AwsNames.DEFAULT_TASK_QUEUE, b -> {});
        String after = submit(definition("after", "ubuntu", "true"), AwsNames.DEFAULT_TASK_QUEUE,
                b -> b.dependsOn(JobDependency.builder().jobId(failing).build()));
        JobDetail d = await(after, JobStatus.FAILED);
        assertThat(d.statusReason()).isEqualTo("Dependent Job failed");
        assertThat(d.attempts()).isEmpty();
        Files.deleteIfExists(marker);
    }

    @Test
    void sequentialArrayChildrenRunOneAfterAnother() throws Exception {
        Path marker = Files.createTempFile("seq", ".txt");
        String id = submit(definition("seq", "ubuntu", "sleep 0.05; echo $AWS_BATCH_JOB_ARRAY_INDEX >> " + marker),
                AwsNames.DEFAULT_TASK_QUEUE, b -> b.arrayProperties(ArrayProperties.builder().size(3).build())
                        .dependsOn(JobDependency.builder().type("SEQUENTIAL").build()));
        await(id, JobStatus.SUCCEEDED);
        assertThat(Files.readAllLines(marker)).containsExactly("0", "1", "2");
        Files.deleteIfExists(marker);
    }

    @Test
    void spotReclaimFailsTheAttemptAndTheRetryStrategyRetriesIt() throws Exception {
        String def = definition("spot", "ubuntu", "if [ $AWS_BATCH_JOB_ATTEMPT = 1 ]; then sleep 60; fi");
        var strategy = software.amazon.awssdk.services.batch.model.RetryStrategy.builder().attempts(2).evaluateOnExit(
                EvaluateOnExit.builder().onStatusReason("Host EC2*").action(RetryAction.RETRY).build(),
                EvaluateOnExit.builder().onReason("*").action(RetryAction.EXIT).build()).build();
        String retried = submit(def, AwsNames.DEFAULT_TASK_QUEUE, b -> b.retryStrategy(strategy));
        String notRetried = submit(def, AwsNames.DEFAULT_TASK_QUEUE, b -> {});
        await(retried, JobStatus.RUNNING);
        await(notRetried, JobStatus.RUNNING);
        assertThat(AWS.emulator().faults().reclaimSpot(retried)).isTrue();
        assertThat(AWS.emulator().faults().reclaimSpot(notRetried)).isTrue();
        JobDetail r = await(retried, JobStatus.SUCCEEDED);
        assertThat(r.attempts()).hasSize(2);
        assertThat(r.attempts().get(0).statusReason()).matches("Host EC2 \\(instance i-[0-9a-f]{17}\\) terminated\\.");
        assertThat(r.attempts().get(0).container().exitCode()).isNull();
        JobDetail n = await(notRetried, JobStatus.FAILED);
        assertThat(n.statusReason()).startsWith("Host EC2 (instance i-").endsWith(") terminated.");
    }

    @Test
    void missingImagesFailWithCannotPullContainerError() throws Exception {
        AWS.emulator().faults().missingImage("example.com/no-such-image:1");
        String id = submit(definition("pull", "example.com/no-such-image:1", "true"), AwsNames.DEFAULT_TASK_QUEUE, b -> {});
        JobDetail d = await(id, JobStatus.FAILED);
        assertThat(d.container().reason()).startsWith("CannotPullContainerError:");
        assertThat(d.statusReason()).isEqualTo("Task failed to start");
        assertThat(d.attempts()).singleElement()
                .satisfies(a -> assertThat(a.container().reason()).startsWith("CannotPullContainerError:"));
    }

    @Test
    void containerOverridesOver8KiBFailTheJob() throws Exception {
        String def = definition("big", "ubuntu", "true");
        String big = "x".repeat(9000);
        String id = submit(def, AwsNames.DEFAULT_TASK_QUEUE, b -> b.containerOverrides(o -> o.environment(
                KeyValuePair.builder().name("BIG").value(big).build())));
        JobDetail d = await(id, JobStatus.FAILED);
        assertThat(d.statusReason()).isEqualTo("Container Overrides length must be at most 8192");
        // just under the limit runs
        String ok = submit(def, AwsNames.DEFAULT_TASK_QUEUE, b -> b.containerOverrides(o -> o.environment(
                KeyValuePair.builder().name("BIG").value("x".repeat(7000)).build())));
        await(ok, JobStatus.SUCCEEDED);
    }

    @Test
    void theOrchestratorImageRunsTheConfiguredWdlbatchCommand() throws Exception {
        String def = batch.registerJobDefinition(r -> r.jobDefinitionName("orchestrator").type(JobDefinitionType.CONTAINER)
                .platformCapabilities(software.amazon.awssdk.services.batch.model.PlatformCapability.FARGATE)
                .containerProperties(c -> c.image("123456789012.dkr.ecr.us-east-1.amazonaws.com/wdlbatch:latest")
                        .executionRoleArn("arn:aws:iam::123456789012:role/execution")
                        .command("wdlbatch", "run", "bundle.zip", "x=1"))).jobDefinitionArn();
        String id = submit(def, AwsNames.DEFAULT_WORKFLOW_QUEUE, b -> {});
        JobDetail d = await(id, JobStatus.SUCCEEDED);
        assertThat(logLines(d.container().logStreamName()))
                .containsExactly("orchestrator args: run bundle.zip x=1", "queue=" + AwsNames.DEFAULT_WORKFLOW_QUEUE);
    }

    @Test
    void queueCapacityLimitsConcurrentJobs() throws Exception {
        // wdl-workflows has capacity 4 in the default world: 6 jobs that each hold a slot for a while
        Path dir = Files.createTempDirectory("capacity");
        String def = fargateDefinition("cap", "ubuntu", "touch " + dir + "/$AWS_BATCH_JOB_ID; "
                + "n=$(ls " + dir + " | wc -l); echo $n >> " + dir + ".max; sleep 0.5; rm " + dir + "/$AWS_BATCH_JOB_ID");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(submit(def, AwsNames.DEFAULT_WORKFLOW_QUEUE, b -> {}));
        }
        for (String id : ids) {
            await(id, JobStatus.SUCCEEDED);
        }
        List<Integer> counts = Files.readAllLines(Path.of(dir + ".max")).stream().map(Integer::parseInt).toList();
        assertThat(counts).hasSize(6).allSatisfy(n -> assertThat(n).isBetween(1, 4));
        Files.deleteIfExists(Path.of(dir + ".max"));
        Files.deleteIfExists(dir);
    }


    @Test
    void terminatingAnArrayParentStopsRunningAndQueuedChildren() throws Exception {
        // 12 children on a queue of capacity 8: some run, some wait
        String id = submit(definition("array-stop", "ubuntu", "sleep 60"), AwsNames.DEFAULT_TASK_QUEUE,
                b -> b.arrayProperties(ArrayProperties.builder().size(12).build()));
        await(id + ":0", JobStatus.RUNNING);
        batch.terminateJob(r -> r.jobId(id).reason("array stopped"));
        JobDetail parent = await(id, JobStatus.FAILED);
        assertThat(parent.statusReason()).isEqualTo("array stopped");
        assertThat(parent.arrayProperties().statusSummary()).containsEntry("FAILED", 12);
        assertThat(describe(id + ":0").statusReason()).isEqualTo("array stopped");
        assertThat(describe(id + ":11").attempts()).isEmpty();
    }
}
