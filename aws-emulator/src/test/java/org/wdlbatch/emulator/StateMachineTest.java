package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;

/** With slow ticks (1 s, so even a loaded machine polls each state in time) every state of the Batch state machine can be observed, in AWS's order. */
class StateMachineTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.tickMillis = 1000);

    @Test
    void everyStateInOrder() throws Exception {
        try (BatchClient batch = Clients.batch(AWS.emulator())) {
            String def = batch.registerJobDefinition(r -> r.jobDefinitionName("states").type(JobDefinitionType.CONTAINER)
                    .containerProperties(c -> c.image("ubuntu").command("sleep", "0.5"))).jobDefinitionArn();
            batch.describeJobs(r -> r.jobs("warm-up")); // the first call of a client is slow; poll with a warm one
            String id = batch.submitJob(r -> r.jobName("states").jobQueue(AwsNames.DEFAULT_TASK_QUEUE)
                    .jobDefinition(def)).jobId();
            List<JobStatus> seen = new ArrayList<>();
            JobDetail d = null;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
                if (seen.isEmpty() || seen.get(seen.size() - 1) != d.status()) {
                    seen.add(d.status());
                }
                if (d.status() == JobStatus.SUCCEEDED || d.status() == JobStatus.FAILED) {
                    break;
                }
                Thread.sleep(5);
            }
            assertThat(seen).containsExactly(JobStatus.SUBMITTED, JobStatus.PENDING, JobStatus.RUNNABLE,
                    JobStatus.STARTING, JobStatus.RUNNING, JobStatus.SUCCEEDED);
            assertThat(d.startedAt()).isNotNull();
            assertThat(d.stoppedAt()).isGreaterThanOrEqualTo(d.startedAt());
        }
    }
}
