package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ArrayProperties;
import software.amazon.awssdk.services.batch.model.ClientException;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsResponse;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.JobSummary;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionResponse;
import software.amazon.awssdk.services.batch.model.SubmitJobResponse;

/** The Batch control-plane APIs through the SDK: definitions, queues, compute environments, tags, listing. */
class BatchApiTest {

    /** A queue with no capacity use: jobs stay queued unless a test runs them elsewhere. */
    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        EmulatorConfig.Queue parked = new EmulatorConfig.Queue("parked", c.computeEnvironments.stream()
                .filter(ce -> ce.type.equals("EC2")).findFirst().orElseThrow().name, 1);
        parked.state = "DISABLED";
        c.queues.add(parked);
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

    static String register(String name, List<String> command) {
        return batch.registerJobDefinition(r -> r.jobDefinitionName(name).type(JobDefinitionType.CONTAINER)
                .containerProperties(ContainerProperties.builder().image("ubuntu:24.04").command(command).build()))
                .jobDefinitionArn();
    }

    @Test
    void defaultWorldQueuesCarryTheContractTags() {
        List<JobQueueDetail> queues = batch.describeJobQueues(r -> r.jobQueues(AwsNames.DEFAULT_WORKFLOW_QUEUE)).jobQueues();
        assertThat(queues).hasSize(1);
        JobQueueDetail q = queues.get(0);
        assertThat(q.jobQueueArn()).isEqualTo("arn:aws:batch:us-east-1:123456789012:job-queue/wdl-workflows");
        assertThat(q.tags()).containsEntry(QueueTags.DEFAULT_TASK_QUEUE, AwsNames.DEFAULT_TASK_QUEUE)
                .containsEntry(QueueTags.DEFAULT_TASK_QUEUE_FALLBACK, AwsNames.DEFAULT_TASK_QUEUE_FALLBACK)
                .containsEntry(QueueTags.DEFAULT_FSAP, EmulatorConfig.DEFAULT_ACCESS_POINT)
                .containsKey(QueueTags.WORKFLOW_ENGINE_ROLE_ARN);
        assertThat(q.computeEnvironmentOrder()).hasSize(1);
        assertThat(batch.describeJobQueues(r -> {}).jobQueues()).extracting(JobQueueDetail::jobQueueName)
                .contains(AwsNames.DEFAULT_WORKFLOW_QUEUE, AwsNames.DEFAULT_TASK_QUEUE, AwsNames.DEFAULT_TASK_QUEUE_FALLBACK);
        // by ARN too
        assertThat(batch.describeJobQueues(r -> r.jobQueues(q.jobQueueArn())).jobQueues()).hasSize(1);
    }

    @Test
    void computeEnvironmentsHaveTheirTypes() {
        List<ComputeEnvironmentDetail> ces = batch.describeComputeEnvironments(r -> {}).computeEnvironments();
        assertThat(ces).extracting(ce -> ce.computeResources().typeAsString())
                .containsExactlyInAnyOrder("FARGATE", "SPOT", "EC2");
        String spot = ces.stream().filter(ce -> ce.computeResources().typeAsString().equals("SPOT")).findFirst()
                .orElseThrow().computeEnvironmentName();
        assertThat(batch.describeComputeEnvironments(r -> r.computeEnvironments(spot)).computeEnvironments())
                .singleElement().satisfies(ce -> assertThat(ce.statusAsString()).isEqualTo("VALID"));
    }

    @Test
    void jobDefinitionRevisionsDescribeAndDeregister() {
        RegisterJobDefinitionResponse r1 = batch.registerJobDefinition(r -> r.jobDefinitionName("revs")
                .type(JobDefinitionType.CONTAINER).tags(Map.of("team", "wdl"))
                .containerProperties(c -> c.image("ubuntu").command("true")
                        .environment(KeyValuePair.builder().name("A").value("1").build())));
        RegisterJobDefinitionResponse r2 = batch.registerJobDefinition(r -> r.jobDefinitionName("revs")
                .type(JobDefinitionType.CONTAINER).containerProperties(c -> c.image("ubuntu").command("false")));
        assertThat(r1.revision()).isEqualTo(1);
        assertThat(r2.revision()).isEqualTo(2);
        assertThat(r2.jobDefinitionArn()).endsWith(":job-definition/revs:2");

        DescribeJobDefinitionsResponse byName = batch.describeJobDefinitions(r -> r.jobDefinitionName("revs"));
        assertThat(byName.jobDefinitions()).extracting(JobDefinition::revision).containsExactly(1, 2);
        JobDefinition first = batch.describeJobDefinitions(r -> r.jobDefinitions("revs:1")).jobDefinitions().get(0);
        assertThat(first.containerProperties().environment()).extracting(KeyValuePair::value).containsExactly("1");
        assertThat(first.tags()).containsEntry("team", "wdl");
        assertThat(first.status()).isEqualTo("ACTIVE");

        batch.deregisterJobDefinition(r -> r.jobDefinition(r2.jobDefinitionArn()));
        assertThat(batch.describeJobDefinitions(r -> r.jobDefinitions(r2.jobDefinitionArn())).jobDefinitions().get(0)
                .status()).isEqualTo("INACTIVE");
        assertThat(batch.describeJobDefinitions(r -> r.jobDefinitionName("revs").status("ACTIVE")).jobDefinitions())
                .extracting(JobDefinition::revision).containsExactly(1);
        // submitting by bare name now takes the newest ACTIVE revision, 1
        SubmitJobResponse s = batch.submitJob(r -> r.jobName("j").jobQueue("parked").jobDefinition("revs"));
        assertThat(batch.describeJobs(r -> r.jobs(s.jobId())).jobs().get(0).jobDefinition())
                .isEqualTo(r1.jobDefinitionArn());
        assertThatThrownBy(() -> batch.deregisterJobDefinition(r -> r.jobDefinition("nope:9")))
                .isInstanceOf(ClientException.class);
    }

    @Test
    void describeJobDefinitionsPaginates() {
        for (int i = 0; i < 5; i++) {
            register("page", List.of("true"));
        }
        var pages = batch.describeJobDefinitionsPaginator(r -> r.jobDefinitionName("page").maxResults(2));
        assertThat(pages.stream().count()).isEqualTo(3);
        assertThat(pages.jobDefinitions().stream().map(JobDefinition::revision)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void submitAndDescribeReportTheFieldsAwsReturns() {
        String def = register("describe", List.of("echo", "Ref::word"));
        SubmitJobResponse s = batch.submitJob(r -> r.jobName("described").jobQueue("parked").jobDefinition(def)
                .parameters(Map.of("word", "hello")).tags(Map.of("k", "v"))
                .containerOverrides(o -> o.environment(KeyValuePair.builder().name("X").value("y").build()))
                .timeout(t -> t.attemptDurationSeconds(120)).retryStrategy(rs -> rs.attempts(3)));
        assertThat(s.jobArn()).isEqualTo("arn:aws:batch:us-east-1:123456789012:job/" + s.jobId());
        JobDetail d = batch.describeJobs(r -> r.jobs(s.jobId())).jobs().get(0);
        assertThat(d.jobName()).isEqualTo("described");
        assertThat(d.jobQueue()).endsWith(":job-queue/parked");
        assertThat(d.createdAt()).isPositive();
        assertThat(d.parameters()).containsEntry("word", "hello");
        assertThat(d.tags()).containsEntry("k", "v");
        assertThat(d.timeout().attemptDurationSeconds()).isEqualTo(120);
        assertThat(d.retryStrategy().attempts()).isEqualTo(3);
        assertThat(d.container().image()).isEqualTo("ubuntu:24.04");
        assertThat(d.container().environment()).extracting(KeyValuePair::name).containsExactly("X");
        assertThat(d.attempts()).isEmpty();
        // by ARN, and unknown ids are left out as in AWS
        assertThat(batch.describeJobs(r -> r.jobs(s.jobArn(), "no-such-job")).jobs()).hasSize(1);
    }

    @Test
    void listJobsByQueueStatusFiltersAndPages() throws Exception {
        String def = register("listing", List.of("true"));
        for (int i = 0; i < 5; i++) {
            int n = i;
            batch.submitJob(r -> r.jobName("listed-" + n).jobQueue("parked").jobDefinition(def));
        }
        // jobs on a disabled queue stop at RUNNABLE
        awaitCount(() -> batch.listJobs(r -> r.jobQueue("parked").jobStatus(JobStatus.RUNNABLE)).jobSummaryList()
                .stream().filter(j -> j.jobName().startsWith("listed-")).count(), 5);
        // no status means RUNNING only
        assertThat(batch.listJobs(r -> r.jobQueue("parked")).jobSummaryList()).isEmpty();
        var pages = batch.listJobsPaginator(r -> r.jobQueue("parked").maxResults(2)
                .filters(KeyValuesPair.builder().name("JOB_NAME").values("listed-*").build()));
        assertThat(pages.jobSummaryList().stream().map(JobSummary::jobName))
                .containsExactlyInAnyOrder("listed-0", "listed-1", "listed-2", "listed-3", "listed-4");
        assertThat(pages.stream().count()).isEqualTo(3);
        assertThat(batch.listJobs(r -> r.jobQueue("parked")
                .filters(KeyValuesPair.builder().name("JOB_NAME").values("listed-3").build())).jobSummaryList())
                .singleElement().satisfies(j -> assertThat(j.status()).isEqualTo(JobStatus.RUNNABLE));
    }

    @Test
    void arrayJobChildrenAreListedByArrayJobId() throws Exception {
        String def = register("array-list", List.of("true"));
        SubmitJobResponse s = batch.submitJob(r -> r.jobName("arr").jobQueue("parked").jobDefinition(def)
                .arrayProperties(ArrayProperties.builder().size(3).build()));
        awaitCount(() -> (long) batch.listJobs(r -> r.arrayJobId(s.jobId()).jobStatus(JobStatus.RUNNABLE))
                .jobSummaryList().size(), 3);
        List<JobSummary> children = batch.listJobs(r -> r.arrayJobId(s.jobId()).jobStatus(JobStatus.RUNNABLE))
                .jobSummaryList();
        assertThat(children).extracting(JobSummary::jobId)
                .containsExactly(s.jobId() + ":0", s.jobId() + ":1", s.jobId() + ":2");
        assertThat(children).extracting(c -> c.arrayProperties().index()).containsExactly(0, 1, 2);
        JobDetail parent = batch.describeJobs(r -> r.jobs(s.jobId())).jobs().get(0);
        assertThat(parent.arrayProperties().size()).isEqualTo(3);
        assertThat(parent.arrayProperties().statusSummary()).containsEntry("RUNNABLE", 3).containsEntry("RUNNING", 0);
        assertThat(parent.status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void tagsOnQueuesAndJobs() {
        String queueArn = "arn:aws:batch:us-east-1:123456789012:job-queue/parked";
        batch.tagResource(r -> r.resourceArn(queueArn).tags(Map.of("a", "1", "b", "2")));
        assertThat(batch.listTagsForResource(r -> r.resourceArn(queueArn)).tags()).containsEntry("a", "1")
                .containsEntry("b", "2");
        batch.untagResource(r -> r.resourceArn(queueArn).tagKeys("a"));
        assertThat(batch.listTagsForResource(r -> r.resourceArn(queueArn)).tags()).doesNotContainKey("a")
                .containsEntry("b", "2");
        assertThat(batch.describeJobQueues(r -> r.jobQueues("parked")).jobQueues().get(0).tags()).containsEntry("b", "2");

        String def = register("tagged", List.of("true"));
        SubmitJobResponse s = batch.submitJob(r -> r.jobName("t").jobQueue("parked").jobDefinition(def)
                .tags(Map.of("x", "1")));
        batch.tagResource(r -> r.resourceArn(s.jobArn()).tags(Map.of("y", "2")));
        assertThat(batch.listTagsForResource(r -> r.resourceArn(s.jobArn())).tags()).containsOnlyKeys("x", "y");
        assertThatThrownBy(() -> batch.listTagsForResource(r -> r.resourceArn(
                "arn:aws:batch:us-east-1:123456789012:job-queue/nope"))).isInstanceOf(ClientException.class);
    }

    interface Count {
        long get() throws Exception;
    }

    static void awaitCount(Count count, long expected) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = count.get();
            if (last == expected) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(last).as("count after waiting").isEqualTo(expected);
    }
}
