package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * {@code containerEngine = auto} on a machine whose docker or podman lacks the job's image (and may have no
 * registry in reach): the job runs on the host instead of failing to pull. Where no engine answers, the job
 * runs on the host anyway; where podman or docker works, this is what keeps it from pulling.
 */
class AutoContainerEngineTest {

    @TempDir
    Path dir;

    @Test
    void anImageTheEngineDoesNotHaveRunsOnTheHost() throws Exception {
        EmulatorConfig c = EmulatorConfig.defaults();
        c.dataDir = dir.toString();
        c.tickMillis = 20;
        c.runner.containerEngine = "auto";
        try (AwsEmulator aws = AwsEmulator.start(c); BatchClient batch = Clients.batch(aws);
                CloudWatchLogsClient logs = Clients.logs(aws)) {
            String def = batch.registerJobDefinition(r -> r.jobDefinitionName("absent").type(JobDefinitionType.CONTAINER)
                    .containerProperties(p -> p.image("localhost/no-such-image-here:0")
                            .command("bash", "-c", "echo ran on $(cat /proc/sys/kernel/hostname)"))).jobDefinitionArn();
            String jobId = batch.submitJob(r -> r.jobName("absent").jobQueue(AwsNames.DEFAULT_TASK_QUEUE)
                    .jobDefinition(def)).jobId();
            JobDetail d;
            long deadline = System.nanoTime() + 60_000_000_000L;
            do {
                Thread.sleep(20);
                d = batch.describeJobs(r -> r.jobs(jobId)).jobs().get(0);
            } while (d.status() != JobStatus.SUCCEEDED && d.status() != JobStatus.FAILED
                    && System.nanoTime() < deadline);
            String stream = d.container().logStreamName();
            List<String> log = logs.getLogEvents(r -> r.logGroupName(AwsNames.BATCH_LOG_GROUP).logStreamName(stream)
                    .startFromHead(true)).events().stream().map(OutputLogEvent::message).toList();
            assertThat(d.status()).as("%s; log: %s", d.statusReason(), log).isEqualTo(JobStatus.SUCCEEDED);
            String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            assertThat(log).containsExactly("ran on " + hostname);
        }
    }
}
