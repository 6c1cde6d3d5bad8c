package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ClientException;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * Fair-share queues: the emulator's scheduling policies as AWS has them (CreateSchedulingPolicy, UpdateJobQueue,
 * DescribeJobQueues, SubmitJob's rules), and submit_awsbatch's {@code --share-identifier} /
 * {@code --scheduling-priority} checked against them before submission and passed on to the task jobs.
 */
class FairShareTest {

    static final Path HELLO = Path.of("..", "examples", "hello.wdl").toAbsolutePath().normalize();
    static final String FAIR_WORKFLOWS = "fair-workflows";
    static final String FAIR_TASKS = "fair-tasks";

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        EmulatorConfig.Queue wf = new EmulatorConfig.Queue(FAIR_WORKFLOWS, AwsNames.DEFAULT_WORKFLOW_QUEUE + "-fargate",
                4);
        wf.tags.putAll(c.queues.get(0).tags);
        wf.tags.put(QueueTags.DEFAULT_TASK_QUEUE, FAIR_TASKS);
        wf.tags.remove(QueueTags.DEFAULT_TASK_QUEUE_FALLBACK);
        c.queues.add(wf);
        c.queues.add(new EmulatorConfig.Queue(FAIR_TASKS, AwsNames.DEFAULT_TASK_QUEUE + "-spot", 8));
    });

    static BatchClient batch;
    static String policyArn;

    @BeforeAll
    static void fairShareQueues() {
        batch = SubmitCli.batch(AWS.emulator());
        policyArn = batch.createSchedulingPolicy(b -> b.name("research")
                .fairsharePolicy(f -> f.shareDecaySeconds(3600))).arn();
        for (String q : List.of(FAIR_WORKFLOWS, FAIR_TASKS)) {
            batch.updateJobQueue(b -> b.jobQueue(q).schedulingPolicyArn(policyArn));
        }
    }

    @AfterAll
    static void close() {
        batch.close();
    }

    private static JobDetail job(String id) {
        return batch.describeJobs(b -> b.jobs(id)).jobs().get(0);
    }

    @Test
    void theEmulatorHasSchedulingPoliciesAndEnforcesSubmitJobsRules() {
        assertThat(batch.listSchedulingPolicies(b -> {}).schedulingPolicies()).extracting(p -> p.arn())
                .contains(policyArn);
        assertThat(batch.describeSchedulingPolicies(b -> b.arns(policyArn)).schedulingPolicies().get(0)
                .fairsharePolicy().shareDecaySeconds()).isEqualTo(3600);
        List<JobQueueDetail> queues = batch.describeJobQueues(b -> b.jobQueues(FAIR_TASKS,
                AwsNames.DEFAULT_TASK_QUEUE)).jobQueues();
        assertThat(queues).filteredOn(q -> q.jobQueueName().equals(FAIR_TASKS)).singleElement()
                .extracting(JobQueueDetail::schedulingPolicyArn).isEqualTo(policyArn);
        assertThat(queues).filteredOn(q -> q.jobQueueName().equals(AwsNames.DEFAULT_TASK_QUEUE)).singleElement()
                .extracting(JobQueueDetail::schedulingPolicyArn).isNull();

        String def = batch.registerJobDefinition(b -> b.jobDefinitionName("fair-probe").type("container")
                .containerProperties(c -> c.image("ubuntu:22.04").command("true")
                        .resourceRequirements(r -> r.type("VCPU").value("1"), r -> r.type("MEMORY").value("512"))))
                .jobDefinitionArn();
        assertThatThrownBy(() -> batch.submitJob(b -> b.jobName("no-share").jobQueue(FAIR_TASKS).jobDefinition(def)))
                .isInstanceOf(ClientException.class).hasMessageContaining("shareIdentifier is required");
        assertThatThrownBy(() -> batch.submitJob(b -> b.jobName("share-on-fifo").jobQueue(AwsNames.DEFAULT_TASK_QUEUE)
                .jobDefinition(def).shareIdentifier("teamA")))
                .isInstanceOf(ClientException.class).hasMessageContaining("shareIdentifier must not be specified");
        assertThatThrownBy(() -> batch.submitJob(b -> b.jobName("too-urgent").jobQueue(FAIR_TASKS).jobDefinition(def)
                .shareIdentifier("teamA").schedulingPriorityOverride(10_000)))
                .isInstanceOf(ClientException.class).hasMessageContaining("between 0 and 9999");
        String ok = batch.submitJob(b -> b.jobName("fair").jobQueue(FAIR_TASKS).jobDefinition(def)
                .shareIdentifier("teamA").schedulingPriorityOverride(9999)).jobId();
        assertThat(job(ok).shareIdentifier()).isEqualTo("teamA");
        assertThatThrownBy(() -> batch.updateJobQueue(b -> b.jobQueue(FAIR_TASKS).schedulingPolicyArn("")))
                .isInstanceOf(ClientException.class).hasMessageContaining("replaced but not removed");
        assertThatThrownBy(() -> batch.createSchedulingPolicy(b -> b.name("research")))
                .isInstanceOf(ClientException.class).hasMessageContaining("already exists");
    }

    @Test
    void aQueueCreatedWithASchedulingPolicyIsFairShareFromTheStart() {
        String arn = batch.createJobQueue(b -> b.jobQueueName("created-fair").priority(1).schedulingPolicyArn(policyArn)
                .computeEnvironmentOrder(o -> o.order(1).computeEnvironment(AwsNames.DEFAULT_TASK_QUEUE + "-spot"))
                .tags(java.util.Map.of("team", "bio"))).jobQueueArn();
        JobQueueDetail q = batch.describeJobQueues(b -> b.jobQueues(arn)).jobQueues().get(0);
        assertThat(q.schedulingPolicyArn()).isEqualTo(policyArn);
        assertThat(q.tags()).containsEntry("team", "bio");
        String def = batch.registerJobDefinition(b -> b.jobDefinitionName("created-probe").type("container")
                .containerProperties(c -> c.image("ubuntu:22.04").command("true")
                        .resourceRequirements(r -> r.type("VCPU").value("1"), r -> r.type("MEMORY").value("512"))))
                .jobDefinitionArn();
        assertThatThrownBy(() -> batch.submitJob(b -> b.jobName("x").jobQueue("created-fair").jobDefinition(def)))
                .isInstanceOf(ClientException.class).hasMessageContaining("shareIdentifier is required");
        assertThatThrownBy(() -> batch.createJobQueue(b -> b.jobQueueName("mixed").priority(1)
                .computeEnvironmentOrder(o -> o.order(1).computeEnvironment(AwsNames.DEFAULT_TASK_QUEUE + "-spot"),
                        o -> o.order(2).computeEnvironment(AwsNames.DEFAULT_WORKFLOW_QUEUE + "-fargate"))))
                .isInstanceOf(ClientException.class).hasMessageContaining("can't be mixed");
        assertThatThrownBy(() -> batch.createJobQueue(b -> b.jobQueueName("no-policy").priority(1)
                .schedulingPolicyArn(policyArn + "-missing")
                .computeEnvironmentOrder(o -> o.order(1).computeEnvironment(AwsNames.DEFAULT_TASK_QUEUE + "-spot"))))
                .isInstanceOf(ClientException.class).hasMessageContaining("does not exist");
    }

    @Test
    void theWorkflowJobAndItsTaskJobsCarryTheirShareIdentifiers() {
        SubmitCli.Result r = EmulatorRuns.cli(AWS.emulator())
                .env("WDLBATCH__AWS__TASK_SHARE_IDENTIFIER", "pipelines")
                .run("--workflow-queue", FAIR_WORKFLOWS, "--share-identifier", "teamA", "--scheduling-priority", "7",
                        HELLO.toString(), "names=Alice", "--dir", EmulatorRuns.dir(AWS.emulator(), "fair"), "--wait");
        assertThat(r.exit()).as(r.err()).isZero();
        JobDetail wf = job(r.jobId());
        assertThat(wf.shareIdentifier()).isEqualTo("teamA");
        assertThat(wf.schedulingPriority()).isEqualTo(7);
        List<JobDetail> tasks = new ArrayList<>();
        for (JobSummary s : SubmitCli.jobs(batch, FAIR_TASKS)) {
            JobDetail t = job(s.jobId());
            if (r.jobId().equals(t.tags().get("wdlbatch:parent-job"))) {
                tasks.add(t);
            }
        }
        assertThat(tasks).isNotEmpty().allSatisfy(t -> assertThat(t.shareIdentifier()).isEqualTo("pipelines"));
    }

    @Test
    void aFairShareWorkflowQueueWithoutAShareIdentifierFailsBeforeSubmission() {
        int before = SubmitCli.jobs(batch, FAIR_WORKFLOWS).size();
        SubmitCli.Result r = EmulatorRuns.cli(AWS.emulator()).run("--workflow-queue", FAIR_WORKFLOWS,
                HELLO.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("the workflow queue " + FAIR_WORKFLOWS + " has a fair-share scheduling policy",
                policyArn, "--share-identifier ID");
        assertThat(SubmitCli.jobs(batch, FAIR_WORKFLOWS)).hasSize(before);
    }

    @Test
    void aShareIdentifierOnFifoQueuesOrABadPriorityFailsBeforeSubmission() {
        SubmitCli.Result fifo = EmulatorRuns.cli(AWS.emulator()).run("--share-identifier", "teamA", HELLO.toString());
        assertThat(fifo.exit()).as(fifo.err()).isEqualTo(2);
        assertThat(fifo.err()).contains("--share-identifier teamA: neither the workflow queue",
                "has a fair-share scheduling policy");
        SubmitCli.Result prio = EmulatorRuns.cli(AWS.emulator()).run("--workflow-queue", FAIR_WORKFLOWS,
                "--share-identifier", "teamA", "--scheduling-priority", "10000", HELLO.toString());
        assertThat(prio.exit()).as(prio.err()).isEqualTo(2);
        assertThat(prio.err()).contains("--scheduling-priority 10000", "0 to 9999");
        // the task jobs' share identifier on FIFO task queues: AWS would reject every task job
        SubmitCli.Result tasks = EmulatorRuns.cli(AWS.emulator()).env("WDLBATCH__AWS__TASK_SHARE_IDENTIFIER", "x")
                .run(HELLO.toString());
        assertThat(tasks.exit()).as(tasks.err()).isEqualTo(2);
        assertThat(tasks.err()).contains("WDLBATCH__AWS__TASK_SHARE_IDENTIFIER x: the task queue wdl-tasks has no"
                + " fair-share scheduling policy");
    }
}
