package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.cli.WdlbatchMain;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.engine.rundir.JobJournal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * {@code kill -9} of a real {@code wdlbatch run --backend aws-batch} process (what an out-of-memory kill or a lost
 * host looks like) while its task jobs run on, then {@code wdlbatch run --resume RUN_DIR}: the task jobs are
 * re-attached, never submitted twice (counted in the emulator), and the run ends with the right outputs.
 */
class ResumeAfterKillTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.queues.forEach(q -> q.capacity = 16));

    private static BatchClient batch;

    @BeforeAll
    static void client() {
        batch = BatchClient.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(() -> AwsBasicCredentials.create("test", "test")).build();
    }

    @AfterAll
    static void close() {
        batch.close();
    }

    /** Three slow scatter calls (an array job) and a lone one (a single job) that wait for GO, then their sum. */
    private static Path workflow(Path folder, String failingIndex) throws IOException {
        Files.createDirectories(folder.resolve("started"));
        return Files.writeString(folder.resolve("slow.wdl"), """
                version 1.1
                task slow {
                  input { Int i }
                  command <<<
                    touch FOLDER/started/~{i}
                    while [ ! -e FOLDER/GO ]; do sleep 0.1; done
                    echo $(( ~{i} * 10 ))
                    if [ "~{i}" = "FAILING" ]; then exit 3; fi
                  >>>
                  output { Int v = read_int(stdout()) }
                }
                task sum {
                  input { Array[Int] xs }
                  command <<< echo $(( ~{sep=" + " xs} )) >>>
                  output { Int total = read_int(stdout()) }
                }
                workflow w {
                  scatter (i in range(3)) { call slow { input: i = i } }
                  call slow as lone { input: i = 100 }
                  call sum { input: xs = flatten([slow.v, [lone.v]]) }
                  output { Int total = sum.total }
                }
                """.replace("FOLDER", folder.toString()).replace("FAILING", failingIndex));
    }

    @Test
    void killedTwiceThenResumedEachSlowCallHasOneJob() throws Exception {
        Path folder = Files.createDirectories(AWS.emulator().efsFolder().resolve("resume-twice"));
        Path wdl = workflow(folder, "-1");
        Path runDir = startThenKill9(folder, wdl);

        Process second = wdlbatch(folder, "second", "run", "--resume", runDir.toString(), "--backend", "aws-batch");
        waitFor(() -> reattached(runDir, 4), second, folder, "second");
        kill9(second);

        Process third = wdlbatch(folder, "third", "run", "--resume", runDir.toString(), "--backend", "aws-batch");
        waitFor(() -> reattached(runDir, 8), third, folder, "third");
        Files.writeString(folder.resolve("GO"), "");
        assertThat(third.waitFor(180, TimeUnit.SECONDS)).as("the resumed run ends").isTrue();
        assertThat(third.exitValue()).as(Files.readString(folder.resolve("third.err"))).isZero();
        assertThat(Files.readString(folder.resolve("third.out"))).contains("\"w.total\" : 1030");
        assertThat(Files.readString(runDir.resolve("outputs.json"))).contains("\"w.total\" : 1030");
        assertThat(taskJobs(runDir, "call-slow")).as("task jobs of the slow calls, in all").isEqualTo(3);
        assertThat(taskJobs(runDir, "call-lone")).as("the lone call's single job").isEqualTo(1);
        assertThat(taskJobs(runDir, "call-sum")).isEqualTo(1);

        // the run directory keeps the WDL it ran, and its rerun works without the original file
        assertThat(runDir.resolve("workflow.zip")).exists();
        Files.delete(wdl);
        Path bin = Files.createDirectories(folder.resolve("bin"));
        Path launcher = Files.writeString(bin.resolve("wdlbatch"), "#!/usr/bin/env bash\nexec "
                + String.join(" ", javaCommand()) + " \"$@\"\n");
        launcher.toFile().setExecutable(true);
        ProcessBuilder rerun = new ProcessBuilder("bash", runDir.resolve("rerun").toString());
        environment(rerun, folder);
        rerun.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process again = rerun.redirectOutput(folder.resolve("rerun.out").toFile())
                .redirectError(folder.resolve("rerun.err").toFile()).start();
        assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as(Files.readString(folder.resolve("rerun.err"))).isZero();
        String out = Files.readString(folder.resolve("rerun.out"));
        assertThat(out).contains("\"w.total\" : 1030").doesNotContain(runDir.toString() + "\"");
    }

    @Test
    void aCallThatFailedWhileNobodyWatchedIsCollectedNotRerun() throws Exception {
        Path folder = Files.createDirectories(AWS.emulator().efsFolder().resolve("resume-collect"));
        Path runDir = startThenKill9(folder, workflow(folder, "1"));
        Files.writeString(folder.resolve("GO"), "");
        waitFor(() -> Files.exists(runDir.resolve("call-slow-0/rc")) && Files.exists(runDir.resolve("call-slow-1/rc"))
                && Files.exists(runDir.resolve("call-slow-2/rc")), null, folder, "the task jobs");

        Process resumed = wdlbatch(folder, "resumed", "run", "--resume", runDir.toString(), "--backend",
                "aws-batch");
        assertThat(resumed.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.exitValue()).as(Files.readString(folder.resolve("resumed.err"))).isEqualTo(1);
        String error = Files.readString(runDir.resolve("error.json"));
        assertThat(error).contains("call-slow-1").contains("CommandFailed");
        assertThat(runDir.resolve("call-slow-0/outputs.json")).exists();
        assertThat(runDir.resolve("call-slow-2/outputs.json")).exists();
        assertThat(taskJobs(runDir, "call-slow")).as("the ended jobs were collected, not submitted again").isEqualTo(3);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Runs the workflow until its four calls run (every job journaled), then kills the orchestrator with SIGKILL. */
    private static Path startThenKill9(Path folder, Path wdl) throws Exception {
        Path runs = folder.resolve("runs");
        Process first = wdlbatch(folder, "first", "run", wdl.toString(), "--dir", runs.toString(), "--backend",
                "aws-batch");
        waitFor(() -> count(folder.resolve("started")) == 4, first, folder, "first");
        Path runDir = runs.resolve("_LAST").toRealPath();
        waitFor(() -> journaled(runDir).containsAll(List.of("call-slow-0", "call-slow-1", "call-slow-2",
                "call-lone")), first, folder, "every job journaled");
        kill9(first);
        return runDir;
    }

    private static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WdlbatchMain.class.getName());
    }

    private static void environment(ProcessBuilder pb, Path folder) {
        Path efs = AWS.emulator().efsFolder();
        pb.environment().putAll(AWS.emulator().clientEnvironment());
        pb.environment().put("WDLBATCH__FILE_IO__ROOT", efs.toString());
        pb.environment().put("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks");
        pb.environment().put("WDLBATCH__AWS__FSAP", "fsap-0e1a2b3c4d5e6f701");
        pb.environment().put("WDLBATCH__AWS__DESCRIBE_PERIOD", "0.1");
        pb.environment().put("WDLBATCH__AWS__ARRAY_WINDOW_MS", "100");
        pb.environment().put("WDLBATCH__CALL_CACHE__GET", "false");
        pb.environment().put("WDLBATCH__CALL_CACHE__PUT", "false");
        pb.directory(folder.toFile());
    }

    private static Process wdlbatch(Path folder, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        environment(pb, folder);
        return pb.redirectOutput(folder.resolve(name + ".out").toFile())
                .redirectError(folder.resolve(name + ".err").toFile()).start();
    }

    private static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop, the task jobs run on
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Waits (up to 2 minutes) for a condition; a process that exits meanwhile fails the test with its stderr. */
    private static void waitFor(BooleanSupplier condition, Process p, Path folder, String name) throws Exception {
        for (int i = 0; i < 1200 && !condition.getAsBoolean(); i++) {
            if (p != null && !p.isAlive()) {
                throw new AssertionError(name + " exited " + p.exitValue() + " early: "
                        + Files.readString(folder.resolve(name + ".err")));
            }
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("waited for " + name).isTrue();
    }

    /** Whether the slow calls' task.log files say, all in all, at least so often that their job was re-attached. */
    private static boolean reattached(Path runDir, int atLeast) {
        int n = 0;
        for (String call : List.of("call-slow-0", "call-slow-1", "call-slow-2", "call-lone")) {
            try {
                String log = Files.readString(runDir.resolve(call + "/task.log"));
                n += log.split("re-attached to AWS Batch job", -1).length - 1;
            } catch (IOException e) {
                // not there yet
            }
        }
        return n >= atLeast;
    }

    private static java.util.Set<String> journaled(Path runDir) {
        try {
            return JobJournal.read(runDir).keySet();
        } catch (IOException e) {
            return java.util.Set.of();
        }
    }

    private static long count(Path dir) {
        try (var s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Task jobs of a call of a run in the emulator, over all statuses: an array job counts its children. */
    private static int taskJobs(Path runDir, String callBase) {
        int n = 0;
        for (JobStatus s : List.of(JobStatus.SUBMITTED, JobStatus.PENDING, JobStatus.RUNNABLE, JobStatus.STARTING,
                JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED)) {
            for (JobSummary j : batch.listJobs(r -> r.jobQueue("wdl-tasks").jobStatus(s)).jobSummaryList()) {
                if (!j.jobName().startsWith(callBase)) {
                    continue;
                }
                var d = batch.describeJobs(r -> r.jobs(j.jobId())).jobs().get(0);
                if (!runDir.getFileName().toString().equals(d.tags().get("wdlbatch:run"))) {
                    continue;
                }
                n += d.arrayProperties() != null && d.arrayProperties().size() != null ? d.arrayProperties().size() : 1;
            }
        }
        return n;
    }
}
