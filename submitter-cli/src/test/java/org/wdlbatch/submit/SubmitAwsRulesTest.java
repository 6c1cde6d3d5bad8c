package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.KeyValuePair;

/**
 * submit_awsbatch sends only what AWS accepts (docs/aws-rules.md, "Client side"): Fargate vCPU/memory pairs, job
 * definitions on a queue of their platform; and it hands the GPU task queue of the workflow queue's tags on.
 */
class SubmitAwsRulesTest {

    static final String GPU_WORKFLOWS = "gpu-workflows";
    static final String GPU_TASKS = "wdl-gpu-tasks";
    static final String EC2_WORKFLOWS = "ec2-workflows";
    static final String FAKE = Path.of("src/test/resources/fake-wdlbatch.sh").toAbsolutePath().toString();

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.runner.orchestratorCommand = List.of("bash", FAKE);
        EmulatorConfig.ComputeEnvironment gpu = new EmulatorConfig.ComputeEnvironment(GPU_TASKS + "-spot", "SPOT");
        c.computeEnvironments.add(gpu);
        c.queues.add(new EmulatorConfig.Queue(GPU_TASKS, gpu.name, 2));
        // a workflow queue as the CDK stack tags it when deployed with -c gpu=true
        EmulatorConfig.Queue tagged = new EmulatorConfig.Queue(GPU_WORKFLOWS,
                AwsNames.DEFAULT_WORKFLOW_QUEUE + "-fargate", 2);
        c.queues.stream().filter(q -> q.name.equals(AwsNames.DEFAULT_WORKFLOW_QUEUE)).findFirst()
                .ifPresent(q -> tagged.tags.putAll(q.tags));
        tagged.tags.put(QueueTags.DEFAULT_GPU_TASK_QUEUE, GPU_TASKS);
        c.queues.add(tagged);
        // a workflow queue of EC2 instances, for --no-efs
        EmulatorConfig.Queue ec2 = new EmulatorConfig.Queue(EC2_WORKFLOWS, AwsNames.DEFAULT_TASK_QUEUE_FALLBACK + "-ec2",
                2);
        ec2.tags.putAll(tagged.tags);
        ec2.tags.remove(QueueTags.DEFAULT_GPU_TASK_QUEUE);
        c.queues.add(ec2);
    });

    static BatchClient batch;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clients() {
        batch = SubmitCli.batch(AWS.emulator());
    }

    @AfterAll
    static void close() {
        batch.close();
    }

    private SubmitCli cli() {
        return SubmitCli.onEmulatorEfs(AWS.emulator());
    }

    private Path hello() throws Exception {
        Path wdl = tmp.resolve("hello.wdl");
        Files.writeString(wdl, "version 1.1\nworkflow hello {\n  output {\n    String s = \"hi\"\n  }\n}\n");
        return wdl;
    }

    private static int refusals;

    /**
     * Runs submit_awsbatch under a job name of its own expecting exit 2 with these fragments, and no job or job
     * definition of that name on any queue (ListJobs with a JOB_NAME filter sees every status at once).
     */
    private void refused(SubmitCli cli, List<String> args, String... fragments) {
        String name = "refused-" + (++refusals);
        List<String> all = new java.util.ArrayList<>(List.of("--name", name));
        all.addAll(args);
        SubmitCli.Result r = cli.run(all.toArray(new String[0]));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(fragments).contains("nothing was submitted");
        assertThat(batch.describeJobDefinitions(b -> b.jobDefinitionName(name)).jobDefinitions())
                .as("no job definition registered").isEmpty();
        for (String q : List.of(AwsNames.DEFAULT_WORKFLOW_QUEUE, GPU_WORKFLOWS, EC2_WORKFLOWS)) {
            assertThat(batch.listJobs(b -> b.jobQueue(q).filters(f -> f.name("JOB_NAME").values(name)))
                    .jobSummaryList()).as("no job submitted to %s", q).isEmpty();
        }
    }

    @Test
    void cpuThreeIsNotAFargateSizeAndTheNearestPairsAreNamed() throws Exception {
        refused(cli(), List.of("--cpu", "3", hello().toString()),
                "--cpu 3 is not a Fargate vCPU value (0.25, 0.5, 1, 2, 4, 8 or 16)",
                "Nearest valid: --cpu 2 --memory-GiB 4, or --cpu 4 --memory-GiB 8", "API_ResourceRequirement");
    }

    @Test
    void sixteenVcpusWithFourGibIsRefusedNamingBothWaysToFixIt() throws Exception {
        refused(cli(), List.of("--cpu", "16", "--memory-GiB", "4", hello().toString()),
                "--cpu 16 with --memory-GiB 4 is not a Fargate size: 16 vCPU takes 32 to 120 GiB in steps of 8 GiB",
                "--cpu 16 --memory-GiB 32, or --cpu 0.5 --memory-GiB 4");
    }

    @Test
    void theWorkflowJobDefaultsFromTheEnvironmentAreCheckedAndTheVariableNamed() throws Exception {
        refused(cli().env("WDLBATCH__AWS__WORKFLOW_CPU", "2").env("WDLBATCH__AWS__WORKFLOW_MEMORY_GIB", "20"),
                List.of(hello().toString()),
                "WDLBATCH__AWS__WORKFLOW_CPU 2 with WDLBATCH__AWS__WORKFLOW_MEMORY_GIB 20 is not a Fargate size",
                "--cpu 2 --memory-GiB 16, or --cpu 4 --memory-GiB 20");
    }

    @Test
    void everyFargatePairIsAcceptedAndNothingElse() {
        String[] valid = {"0.25:1", "0.25:2", "0.5:1", "0.5:4", "1:2", "1:8", "2:4", "2:16", "4:8", "4:30", "8:16",
            "8:20", "8:60", "16:32", "16:40", "16:120"};
        for (String p : valid) {
            String[] cm = p.split(":");
            assertThatCode(() -> WorkflowJobSize.check(true, cm[0], "--cpu", Integer.parseInt(cm[1]), "--memory-GiB"))
                    .as(p).doesNotThrowAnyException();
        }
        String[] invalid = {"0.25:3", "0.5:5", "1:1", "1:9", "2:3", "4:31", "8:18", "8:64", "16:36", "16:128", "3:4",
            "0.75:2", "32:64"};
        for (String p : invalid) {
            String[] cm = p.split(":");
            assertThat(catchThrowable(() -> WorkflowJobSize.check(true, cm[0], "--cpu", Integer.parseInt(cm[1]),
                    "--memory-GiB"))).as(p).isInstanceOf(UsageException.class).hasMessageContaining("Nearest valid");
        }
        // EC2 (--no-efs): whole vCPUs, any memory
        assertThatCode(() -> WorkflowJobSize.check(false, "3", "--cpu", 5, "--memory-GiB")).doesNotThrowAnyException();
        assertThat(catchThrowable(() -> WorkflowJobSize.check(false, "0.5", "--cpu", 4, "--memory-GiB")))
                .hasMessageContaining("takes whole vCPUs").hasMessageContaining("give --cpu 1");
    }

    @Test
    void noEfsOnTheFargateWorkflowQueueIsAPlatformMismatchNamingTheQueueItsTypeAndTheFix() throws Exception {
        refused(cli(), List.of("--no-efs", "--mount", tmp.resolve("net").toString(), hello().toString()),
                "--workflow-queue " + AwsNames.DEFAULT_WORKFLOW_QUEUE + ": its compute environment "
                        + AwsNames.DEFAULT_WORKFLOW_QUEUE + "-fargate (FARGATE) runs Fargate jobs",
                "with --no-efs the workflow job is an EC2 job", "naming a queue of EC2 compute environments");
        refused(cli(), List.of("--workflow-queue", EC2_WORKFLOWS, hello().toString()),
                "--workflow-queue " + EC2_WORKFLOWS + ": its compute environment", "(EC2) runs EC2 jobs",
                "the workflow job is a Fargate job", "naming a Fargate queue");
    }

    @Test
    void aFargateTaskQueueIsRefusedBeforeSubmitting() throws Exception {
        refused(cli(), List.of("--task-queue", AwsNames.DEFAULT_WORKFLOW_QUEUE, hello().toString()),
                "--task-queue " + AwsNames.DEFAULT_WORKFLOW_QUEUE + ": its compute environment", "(FARGATE)",
                "task jobs are EC2 jobs", "EC2 or SPOT compute environments");
    }

    @Test
    void theGpuTaskQueueTagGoesToTheWorkflowJobAndNoEfsRunsOnAnEc2Queue() throws Exception {
        SubmitCli.Result r = cli().run("--workflow-queue", GPU_WORKFLOWS, "--cpu", "2", "--memory-GiB", "8",
                hello().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JobDetail job = batch.describeJobs(b -> b.jobs(r.jobId())).jobs().get(0);
        Map<String, String> env = job.container().environment().stream()
                .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
        assertThat(env).containsEntry("WDLBATCH__AWS__GPU_TASK_QUEUE", GPU_TASKS);
        assertThat(job.container().resourceRequirements()).extracting(q -> q.typeAsString() + "=" + q.value())
                .contains("VCPU=2", "MEMORY=8192");

        SubmitCli.Result plain = cli().run(hello().toString());
        assertThat(plain.exit()).as(plain.err()).isZero();
        JobDetail plainJob = batch.describeJobs(b -> b.jobs(plain.jobId())).jobs().get(0);
        assertThat(plainJob.container().environment()).extracting(KeyValuePair::name)
                .doesNotContain("WDLBATCH__AWS__GPU_TASK_QUEUE");

        SubmitCli.Result ec2 = cli().run("--no-efs", "--workflow-queue", EC2_WORKFLOWS, "--mount",
                tmp.resolve("net").toString(), "--cpu", "3", "--memory-GiB", "5", hello().toString());
        assertThat(ec2.exit()).as(ec2.err()).isZero();
    }
}
