package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.cli.WdlbatchMain;
import org.wdlbatch.emulator.http.Throttling;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;

/**
 * A stop is immediate and complete: SIGTERM to a real {@code wdlbatch run --backend aws-batch} (as Batch sends it
 * to a workflow job) while most of a scatter is still queued, under a throttled Batch API: {@code .stopped} is
 * written, then error.json and the end-of-log line; no task command starts after the stop, and no task job is
 * left queued or running.
 */
class RunStopTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.queues.forEach(q -> q.capacity = 2));

    @ParameterizedTest(name = "array_jobs = {0}")
    @ValueSource(booleans = {false, true})
    void sigtermWhileJobsAreQueuedStopsEverythingAndEndsTheLog(boolean arrays) throws Exception {
        Path efs = AWS.emulator().efsFolder();
        String name = arrays ? "arrays" : "singles";
        Path started = Files.createDirectories(efs.resolve("started-" + name));
        Path wdl = Files.writeString(efs.resolve("stop-" + name + ".wdl"), """
                version 1.1
                task slow {
                  input { Int i }
                  command <<< touch STARTED/~{i}; sleep 600 >>>
                }
                workflow w {
                  scatter (i in range(40)) { call slow { input: i = i } }
                }
                """.replace("STARTED", started.toString()));
        AWS.emulator().faults().throttle(Throttling.BATCH, 20);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WdlbatchMain.class.getName(),
                "run", wdl.toString(), "--dir", efs.resolve("runs-" + name).toString(), "--backend", "aws-batch"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(AWS.emulator().clientEnvironment());
        pb.environment().put("AWS_BATCH_JOB_ID", "workflow-job-of-" + name); // as inside Batch: end-of-log line
        pb.environment().put("WDLBATCH__FILE_IO__ROOT", efs.toString());
        pb.environment().put("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks");
        pb.environment().put("WDLBATCH__AWS__FSAP", "fsap-0e1a2b3c4d5e6f701");
        pb.environment().put("WDLBATCH__AWS__DESCRIBE_PERIOD", "0.2");
        pb.environment().put("WDLBATCH__AWS__ARRAY_WINDOW_MS", "200");
        pb.environment().put("WDLBATCH__AWS__ARRAY_JOBS", Boolean.toString(arrays));
        Path err = efs.resolve("err-" + name + ".txt");
        Process p = pb.directory(efs.toFile()).redirectOutput(efs.resolve("out-" + name + ".txt").toFile())
                .redirectError(err.toFile()).start();
        try (BatchClient batch = BatchRuns.clients(AWS.emulator()).batch()) {
            // the queue runs two at a time: two commands start, the other 38 jobs wait (RUNNABLE) or are not yet
            // submitted
            for (int i = 0; i < 1200 && count(started) < 2; i++) {
                Thread.sleep(50);
            }
            assertThat(count(started)).as("two tasks started").isEqualTo(2);

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            Path runDir = efs.resolve("runs-" + name + "/_LAST").toRealPath();
            assertThat(runDir.resolve(".stopped")).exists();
            assertThat(Files.readString(runDir.resolve("error.json"))).contains("Terminated");
            List<String> lines = Files.readAllLines(err);
            assertThat(lines).isNotEmpty();
            assertThat(lines.get(lines.size() - 1)).isEqualTo(AwsNames.END_OF_LOG_MARKER + " 1");

            AWS.emulator().faults().noThrottling();
            // terminated jobs end once their container has stopped: wait for that (a bound, not a timing)
            List<String> active = active(batch);
            for (int i = 0; i < 600 && !active.isEmpty(); i++) {
                Thread.sleep(100);
                active = active(batch);
            }
            assertThat(active).as("task jobs still queued or running").isEmpty();
            assertThat(count(started)).as("task commands started (none after the stop)").isEqualTo(2);
        } finally {
            p.destroyForcibly();
            AWS.emulator().faults().noThrottling();
        }
    }

    /** Jobs (array children included) not yet SUCCEEDED or FAILED. */
    private static List<String> active(BatchClient batch) {
        List<String> out = new ArrayList<>();
        for (JobStatus s : List.of(JobStatus.SUBMITTED, JobStatus.PENDING, JobStatus.RUNNABLE, JobStatus.STARTING,
                JobStatus.RUNNING)) {
            batch.listJobs(r -> r.jobQueue("wdl-tasks").jobStatus(s)).jobSummaryList().forEach(j -> {
                JobDetail d = batch.describeJobs(r -> r.jobs(j.jobId())).jobs().get(0);
                if (d.arrayProperties() != null && d.arrayProperties().size() != null) {
                    for (int i = 0; i < d.arrayProperties().size(); i++) {
                        String child = j.jobId() + ":" + i;
                        String st = batch.describeJobs(r -> r.jobs(child)).jobs().get(0).statusAsString();
                        if (!st.equals("SUCCEEDED") && !st.equals("FAILED")) {
                            out.add(child);
                        }
                    }
                } else {
                    out.add(j.jobId());
                }
            });
        }
        return out;
    }

    private static long count(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}
