package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;

/** Stepping the state machine by hand (tickMillis 0) shows every state of a job, in AWS's order. */
class StateMachineTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.tickMillis = 0);

    @Test
    void everyStateInOrder() throws Exception {
        try (BatchClient batch = Clients.batch(AWS.emulator())) {
            String def = batch.registerJobDefinition(r -> r.jobDefinitionName("states").type(JobDefinitionType.CONTAINER)
                    .containerProperties(c -> c.image("ubuntu").command("sleep", "0.2"))).jobDefinitionArn();
            String id = batch.submitJob(r -> r.jobName("states").jobQueue(AwsNames.DEFAULT_TASK_QUEUE)
                    .jobDefinition(def)).jobId();
            assertThat(status(batch, id)).isEqualTo(JobStatus.SUBMITTED);
            AWS.emulator().tick();
            assertThat(status(batch, id)).isEqualTo(JobStatus.PENDING);
            AWS.emulator().tick();
            assertThat(status(batch, id)).isEqualTo(JobStatus.RUNNABLE);
            AWS.emulator().tick();
            assertThat(status(batch, id)).isEqualTo(JobStatus.STARTING);
            assertThat(describe(batch, id).startedAt()).isNull();
            AWS.emulator().tick(); // launches the process
            JobDetail d = describe(batch, id);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (d.status() == JobStatus.STARTING && System.nanoTime() < deadline) {
                Thread.sleep(5);
                d = describe(batch, id);
            }
            assertThat(d.status()).isIn(JobStatus.RUNNING, JobStatus.SUCCEEDED);
            assertThat(d.startedAt()).isNotNull();
            while (d.status() == JobStatus.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(5);
                d = describe(batch, id);
            }
            // the end of the process ends the job, without a tick
            assertThat(d.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(d.stoppedAt()).isGreaterThanOrEqualTo(d.startedAt());
        }
    }

    @Test
    void runningIsObservableWhileTheProcessRuns() throws Exception {
        try (BatchClient batch = Clients.batch(AWS.emulator())) {
            String def = batch.registerJobDefinition(r -> r.jobDefinitionName("long").type(JobDefinitionType.CONTAINER)
                    .containerProperties(c -> c.image("ubuntu").command("sleep", "60"))).jobDefinitionArn();
            String id = batch.submitJob(r -> r.jobName("long").jobQueue(AwsNames.DEFAULT_TASK_QUEUE)
                    .jobDefinition(def)).jobId();
            for (int i = 0; i < 4; i++) {
                AWS.emulator().tick();
            }
            JobDetail d = describe(batch, id);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (d.status() != JobStatus.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(5);
                d = describe(batch, id);
            }
            assertThat(d.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(d.container().logStreamName()).startsWith("long/default/");
            batch.terminateJob(r -> r.jobId(id).reason("done"));
            while (d.status() != JobStatus.FAILED && System.nanoTime() < deadline) {
                Thread.sleep(5);
                d = describe(batch, id);
            }
            assertThat(d.status()).isEqualTo(JobStatus.FAILED);
        }
    }

    static JobDetail describe(BatchClient batch, String id) {
        return batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
    }

    static JobStatus status(BatchClient batch, String id) {
        return describe(batch, id).status();
    }
}
