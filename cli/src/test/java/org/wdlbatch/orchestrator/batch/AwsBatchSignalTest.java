package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.cli.WdlbatchMain;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobStatus;

/** SIGTERM to a real {@code wdlbatch run --backend aws-batch} process: every task job is terminated. */
class AwsBatchSignalTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.queues.forEach(q -> q.capacity = 16));

    @Test
    void sigtermTerminatesEveryTaskJob() throws Exception {
        Path efs = AWS.emulator().efsFolder();
        Path started = Files.createDirectories(efs.resolve("started"));
        Path wdl = Files.writeString(efs.resolve("slow.wdl"), """
                version 1.1
                task slow {
                  input { Int i }
                  command <<< touch STARTED/~{i}; sleep 600 >>>
                }
                task lone { command <<< touch STARTED/lone; sleep 600 >>> }
                workflow w {
                  scatter (i in range(3)) { call slow { input: i = i } }
                  call lone
                }
                """.replace("STARTED", started.toString()));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WdlbatchMain.class.getName(),
                "run", wdl.toString(), "--dir", efs.resolve("runs").toString(), "--backend", "aws-batch"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(AWS.emulator().clientEnvironment());
        pb.environment().put("WDLBATCH__FILE_IO__ROOT", efs.toString());
        pb.environment().put("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks");
        pb.environment().put("WDLBATCH__AWS__FSAP", "fsap-0e1a2b3c4d5e6f701");
        pb.environment().put("WDLBATCH__AWS__DESCRIBE_PERIOD", "0.1");
        pb.environment().put("WDLBATCH__AWS__ARRAY_WINDOW_MS", "100");
        Process p = pb.directory(efs.toFile()).redirectOutput(efs.resolve("out.txt").toFile())
                .redirectError(efs.resolve("err.txt").toFile()).start();
        try (BatchClient batch = BatchClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.US_EAST_1).credentialsProvider(() -> AwsBasicCredentials.create("emulator", "emulator")).build()) {
            for (int i = 0; i < 1200 && count(started) < 4; i++) {
                Thread.sleep(50);
            }
            assertThat(count(started)).as("all four tasks started").isEqualTo(4);
            assertThat(running(batch)).hasSize(4);

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(running(batch)).isEmpty();
            assertThat(batch.listJobs(r -> r.jobQueue("wdl-tasks").jobStatus(JobStatus.FAILED)).jobSummaryList())
                    .extracting(s -> s.statusReason()).contains(Terminator.REASON);
            Path runDir = efs.resolve("runs/_LAST").toRealPath();
            assertThat(Files.readString(runDir.resolve("error.json"))).contains("Terminated");
        } finally {
            p.destroyForcibly();
        }
    }

    private static List<String> running(BatchClient batch) {
        List<String> ids = new ArrayList<>();
        for (JobStatus s : List.of(JobStatus.SUBMITTED, JobStatus.PENDING, JobStatus.RUNNABLE, JobStatus.STARTING,
                JobStatus.RUNNING)) {
            batch.listJobs(r -> r.jobQueue("wdl-tasks").jobStatus(s)).jobSummaryList().forEach(j -> ids.add(j.jobId()));
            // array children count through their parent's listing by arrayJobId
        }
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            var d = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
            if (d.arrayProperties() != null && d.arrayProperties().size() != null) {
                for (int i = 0; i < d.arrayProperties().size(); i++) {
                    String child = id + ":" + i;
                    var c = batch.describeJobs(r -> r.jobs(child)).jobs().get(0);
                    if (!c.statusAsString().equals("SUCCEEDED") && !c.statusAsString().equals("FAILED")) {
                        out.add(child);
                    }
                }
            } else {
                out.add(id);
            }
        }
        return out;
    }

    private static long count(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}
