package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * The workflow job's retry strategy with the real orchestrator in the emulator: its process is killed with SIGKILL
 * (what the kernel's out-of-memory killer or a lost host does) while three slow calls run; Batch retries the job
 * (exit 137), the second attempt resumes the first attempt's run directory, re-attaches the task jobs and ends
 * with the right outputs, with one task job per slow call in all. A failing workflow is not retried. Needs
 * orchestrator-image/target/wdlbatch.jar.
 */
class WorkflowJobRetryTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

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

    private static SubmitCli cli() {
        return SubmitCli.onEmulatorEfs(AWS.emulator())
                .env("WDLBATCH__AWS__DESCRIBE_PERIOD", "0.2");
    }

    @Test
    void aKilledWorkflowJobIsRetriedAndResumesItsRunWithoutPayingTwice() throws Exception {
        Path folder = Files.createDirectories(AWS.emulator().efsFolder().resolve("retry"));
        Path started = Files.createDirectories(folder.resolve("started"));
        Path wdl = Files.writeString(tmp.resolve("slow.wdl"), """
                version 1.1
                task slow {
                  input { Int i }
                  command <<<
                    touch FOLDER/started/~{i}
                    while [ ! -e FOLDER/GO ]; do sleep 0.1; done
                    echo $(( ~{i} * 10 ))
                  >>>
                  output { Int v = read_int(stdout()) }
                }
                workflow w {
                  scatter (i in range(3)) { call slow { input: i = i } }
                  output { Int total = slow.v[0] + slow.v[1] + slow.v[2] }
                }
                """.replace("FOLDER", folder.toString()));
        String dir = folder.resolve("runs").toString();
        SubmitCli.Result r = cli().run(wdl.toString(), "--dir", dir);
        assertThat(r.exit()).as(r.err()).isZero();
        String jobId = r.jobId();
        assertThat(job(jobId).retryStrategy().attempts()).isEqualTo(3);

        waitFor(() -> count(started) == 3, "the three slow calls started");
        ProcessHandle orchestrator = orchestrator(dir).orElseThrow(() -> new AssertionError("no orchestrator"));
        orchestrator.destroyForcibly(); // SIGKILL: no shutdown hook, the task jobs run on

        waitFor(() -> job(jobId).attempts().size() == 1 && job(jobId).status() == JobStatus.RUNNING
                && orchestrator(dir).isPresent(), "the second attempt of the workflow job");
        Files.writeString(folder.resolve("GO"), "");
        waitFor(() -> job(jobId).status() == JobStatus.SUCCEEDED || job(jobId).status() == JobStatus.FAILED,
                "the workflow job to end");
        JobDetail done = job(jobId);
        assertThat(done.status()).as(done.toString()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.attempts()).hasSize(2);
        assertThat(done.attempts().get(0).container().exitCode()).isEqualTo(137);

        List<Path> runs;
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            runs = s.filter(p -> p.getFileName().toString().matches("\\d{8}_\\d{6}_.*")).toList();
        }
        assertThat(runs).as("the retry resumed the first attempt's run directory").hasSize(1);
        assertThat(Files.readString(runs.get(0).resolve("outputs.json"))).contains("\"w.total\" : 30");
        assertThat(Files.readString(runs.get(0).resolve("workflow.log"))).contains("resuming w");
        // the run keeps the WDL shipped in the job request, and its rerun runs that, not the shipped: name
        assertThat(runs.get(0).resolve("workflow.zip")).exists();
        String rerun = Files.readString(runs.get(0).resolve("rerun"));
        assertThat(rerun.lines().filter(l -> l.contains("exec")).findFirst().orElseThrow())
                .contains("run " + runs.get(0).resolve("workflow.zip"), "-i " + runs.get(0).resolve("inputs.json"))
                .doesNotContain("shipped:");
        int slowJobs = 0;
        for (JobSummary j : SubmitCli.jobs(batch, AwsNames.DEFAULT_TASK_QUEUE)) {
            JobDetail d = job(j.jobId());
            if (runs.get(0).getFileName().toString().equals(d.tags().get("wdlbatch:run"))) {
                slowJobs += d.arrayProperties() != null && d.arrayProperties().size() != null
                        ? d.arrayProperties().size() : 1;
            }
        }
        assertThat(slowJobs).as("task jobs of the slow calls, in all").isEqualTo(3);
    }

    @Test
    void aFailedWorkflowIsNotRetried() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("fails.wdl"), """
                version 1.1
                task boom { command <<< exit 7 >>> }
                workflow fails { call boom }
                """);
        SubmitCli.Result r = cli().run(wdl.toString(), "--dir", AWS.emulator().efsFolder().resolve("fails").toString(),
                "--wait");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        JobDetail d = batch.describeJobs(b -> b.jobs(r.jobId())).jobs().get(0);
        assertThat(d.status()).isEqualTo(JobStatus.FAILED);
        assertThat(d.attempts()).as("exit 1 (the workflow failed) matches the EXIT rule").hasSize(1);
    }

    @Test
    void submitResumeContinuesAFailedRunInPlaceKeepingWhatFinished() throws Exception {
        Path folder = Files.createDirectories(AWS.emulator().efsFolder().resolve("resume"));
        Path count = Files.createDirectories(folder.resolve("count"));
        Path wdl = Files.writeString(tmp.resolve("flaky.wdl"), """
                version 1.1
                task step {
                  input { Int i }
                  command <<<
                    echo run >> COUNT/~{i}
                    if [ ~{i} = 1 ] && [ ! -e FOLDER/fixed ]; then exit 1; fi
                    echo ~{i}
                  >>>
                  output { Int v = read_int(stdout()) }
                }
                workflow flaky {
                  scatter (i in range(3)) { call step { input: i = i } }
                  output { Array[Int] vs = step.v }
                }
                """.replace("COUNT", count.toString()).replace("FOLDER", folder.toString()));
        String dir = folder.resolve("runs").toString();
        // without fail-fast the other calls finish (with it, they may be stopped as the failure is seen)
        SubmitCli.Result failed = cli().env("WDLBATCH__SCHEDULER__FAIL_FAST", "false").run(wdl.toString(), "--dir",
                dir, "--wait");
        assertThat(failed.exit()).as(failed.err()).isEqualTo(1);
        Path runDir = Path.of(dir, "_LAST").toRealPath();
        Files.writeString(folder.resolve("fixed"), "");

        SubmitCli.Result resumed = cli().run("--resume", runDir.toString(), "--wait");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(job(resumed.jobId()).container().command()).containsSubsequence("run", "--resume",
                runDir.toString());
        assertThat(Files.readString(runDir.resolve("outputs.json"))).contains("0", "1", "2");
        assertThat(Files.readAllLines(count.resolve("0"))).as("finished: kept").hasSize(1);
        assertThat(Files.readAllLines(count.resolve("2"))).as("finished: kept").hasSize(1);
        assertThat(Files.readAllLines(count.resolve("1"))).as("failed: ran again").hasSize(2);
    }

    @Test
    void submitResumeOfAFolderOutsideTheMountOrNotARunExits2() throws Exception {
        SubmitCli.Result outside = cli().run("--resume", tmp.toString());
        assertThat(outside.exit()).as(outside.err()).isEqualTo(2);
        assertThat(outside.err()).contains("--resume " + tmp, "mount");
        Path notARun = Files.createDirectories(AWS.emulator().efsFolder().resolve("not-a-run"));
        SubmitCli.Result none = cli().run("--resume", notARun.toString());
        assertThat(none.exit()).as(none.err()).isEqualTo(2);
        assertThat(none.err()).contains("not a run directory");
        SubmitCli.Result withWdl = cli().run("--resume", notARun.toString(), "x=1");
        assertThat(withWdl.exit()).isEqualTo(2);
        assertThat(withWdl.err()).contains("give no WDL, inputs");
    }

    private static JobDetail job(String id) {
        return batch.describeJobs(b -> b.jobs(id)).jobs().get(0);
    }

    /** The orchestrator's process: the workflow job's {@code wdlbatch run ... --dir DIR} (java, not its launcher). */
    private static Optional<ProcessHandle> orchestrator(String dir) {
        return ProcessHandle.allProcesses().filter(p -> {
            String cmd = p.info().commandLine().orElse("");
            return cmd.contains("java") && cmd.contains(" run ") && cmd.contains(dir) && p.isAlive();
        }).findFirst();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 1800 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("waited 3 minutes for " + what).isTrue();
    }

    private static long count(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
