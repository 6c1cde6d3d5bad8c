package org.wdlbatch.taskruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.engine.rundir.TaskDirectory;
import org.junit.jupiter.api.io.TempDir;

/** The wrapper run by real bash, as a task job runs it. */
class WrapperScriptTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String stderr) {}

    private Run run(Map<String, String> env, boolean sync) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(WrapperScript.command(sync)).directory(tmp.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), err);
    }

    private Path taskDir(String name, String command) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name).resolve("work")).getParent();
        Files.writeString(d.resolve("command"), command);
        return d;
    }

    @Test
    void runsTheCommandInWorkAppendsOutputsTeesStderrAndWritesRc() throws Exception {
        Path d = taskDir("call-a", "echo out; echo err >&2; pwd > where; exit 3\n");
        Files.writeString(d.resolve("stdout.txt"), "earlier\n");
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString()), false);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(Files.readString(d.resolve("rc"))).isEqualTo("3");
        assertThat(Files.readString(d.resolve("stdout.txt"))).isEqualTo("earlier\nout\n");
        assertThat(Files.readString(d.resolve("stderr.txt"))).isEqualTo("err\n");
        assertThat(r.stderr()).contains("err");
        assertThat(Files.readString(d.resolve("work/where")).strip()).isEqualTo(d.resolve("work").toString());
    }

    @Test
    void recordsTheCommandsTimesInUsageWithoutChangingItsExitStatus() throws Exception {
        // a busy loop, so the children's CPU time is more than zero
        Path d = taskDir("call-u", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; exit 4\n");
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString()), false);
        assertThat(r.exit()).isEqualTo(4);
        assertThat(Files.readString(d.resolve("rc"))).isEqualTo("4");
        List<String> lines = Files.readAllLines(d.resolve("usage"));
        assertThat(lines).anyMatch(l -> l.matches("start=[0-9]+([.,][0-9]+)?"))
                .anyMatch(l -> l.matches("end=[0-9]+([.,][0-9]+)?"))
                .as("no cgroup read outside an ECS container").contains("cgroup=", "memory_peak=");
        int t = lines.indexOf(lines.stream().filter(l -> l.startsWith("times=")).findFirst().orElseThrow());
        assertThat(lines.get(t + 1)).as("the children's user and system time")
                .matches("[0-9]+m[0-9]+[.,][0-9]+s [0-9]+m[0-9]+[.,][0-9]+s");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void inAnEcsContainerItAlsoReadsTheCgroupAndNeverFailsTheTaskForIt() throws Exception {
        Path d = taskDir("call-ecs", "echo hi; exit 0\n");
        // the metadata service is not reachable here: curl gives up within its 2 s, the task is unaffected
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString(), "ECS_CONTAINER_METADATA_URI_V4",
                "http://127.0.0.1:9"), false);
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(d.resolve("rc"))).isEqualTo("0");
        List<String> lines = Files.readAllLines(d.resolve("usage"));
        assertThat(lines).contains("instance_type=", "lifecycle=");
        if (Files.isReadable(Path.of("/sys/fs/cgroup/memory.peak"))) {
            assertThat(lines).contains("cgroup=v2").anyMatch(l -> l.matches("memory_peak=[0-9]+"))
                    .anyMatch(l -> l.matches("cgroup_cpu=[0-9]+"));
        } else if (Files.isReadable(Path.of("/sys/fs/cgroup/memory/memory.max_usage_in_bytes"))) {
            assertThat(lines).contains("cgroup=v1").anyMatch(l -> l.matches("memory_peak=[0-9]+"))
                    .anyMatch(l -> l.matches("cgroup_cpu=[0-9]+"));
        }
    }

    @Test
    void arrayChildFindsItsDirectoryInTheManifestAndSourcesItsEnvironment() throws Exception {
        Path a = taskDir("call-s-0", "echo zero\n");
        Path b = taskDir("call-s-1", "echo \"one $GREETING\"\n");
        EnvFile.write(b, Map.of("GREETING", "it's me"));
        Path manifest = tmp.resolve("array.manifest");
        ArrayManifest.write(manifest, List.of(a, b));
        Run r = run(Map.of(WrapperScript.MANIFEST_VAR, manifest.toString(), "AWS_BATCH_JOB_ARRAY_INDEX", "1",
                WrapperScript.ENV_VAR, "1"), true);
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(b.resolve("stdout.txt"))).isEqualTo("one it's me\n");
        assertThat(Files.readString(b.resolve("rc"))).isEqualTo("0");
        assertThat(a.resolve("rc")).doesNotExist();
        assertThat(ArrayManifest.read(manifest)).containsExactly(a, b);
    }

    @Test
    void stderrIsCompleteWhenTheWrapperExitsEvenUnderLoad() throws Exception {
        List<Path> dirs = new java.util.ArrayList<>();
        List<Process> procs = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Path d = taskDir("call-p-" + i, "echo out; echo \"err " + i + "\" >&2\n");
            dirs.add(d);
            ProcessBuilder pb = new ProcessBuilder(WrapperScript.command(false))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put(WrapperScript.TASK_DIR_VAR, d.toString());
            procs.add(pb.start());
        }
        for (int i = 0; i < procs.size(); i++) {
            assertThat(procs.get(i).waitFor()).isZero();
            // read the moment the wrapper is gone, as the orchestrator does once Batch says the job ended
            assertThat(Files.readString(dirs.get(i).resolve("stderr.txt"))).isEqualTo("err " + i + "\n");
        }
    }

    @Test
    void aJobStartingAfterItsRunWasStoppedDoesNothing() throws Exception {
        Path d = taskDir("call-late", "touch ran\n");
        Path stop = tmp.resolve("stop");
        Files.writeString(stop, "");
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString(), WrapperScript.STOP_FILE_VAR, stop.toString()),
                false);
        assertThat(r.exit()).isEqualTo(WrapperScript.RUN_STOPPED);
        assertThat(r.stderr()).contains("the run was stopped");
        assertThat(d.resolve("work/ran")).doesNotExist();
        Files.delete(stop);
        assertThat(run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString(), WrapperScript.STOP_FILE_VAR, stop.toString()),
                false).exit()).isZero();
        assertThat(d.resolve("work/ran")).exists();
    }

    @Test
    void makesTheInputLinksTheEngineListedInEachAttemptsNewWork() throws Exception {
        Path sources = Files.createDirectories(tmp.resolve("data dir"));
        Files.writeString(sources.resolve("in.txt"), "one\ntwo\n");
        Files.writeString(sources.resolve("in.txt.idx"), "index\n");
        Path d = Files.createDirectories(tmp.resolve("call-l"));
        Files.writeString(d.resolve("command"), "cat _inputs/0/in.txt _inputs/0/in.txt.idx; [ -z \"$FAIL\" ]\n");
        Files.writeString(d.resolve(TaskDirectory.LINKS), "_inputs/0/in.txt\t" + sources.resolve("in.txt") + "\n"
                + "_inputs/0/in.txt.idx\t" + sources.resolve("in.txt.idx") + "\n");
        Run first = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString(), "FAIL", "1"), false);
        assertThat(first.exit()).isEqualTo(1);
        assertThat(Files.readSymbolicLink(d.resolve("work/_inputs/0/in.txt"))).isEqualTo(sources.resolve("in.txt"));
        // a Batch retry of the job: the earlier attempt moves aside, the new work/ gets the links again
        Run second = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString(), "AWS_BATCH_JOB_ATTEMPT", "2"), false);
        assertThat(second.exit()).isZero();
        assertThat(Files.readString(d.resolve("stdout.txt"))).isEqualTo("one\ntwo\nindex\n");
        assertThat(d.resolve("batch-attempt-1/stdout.txt")).hasContent("one\ntwo\nindex");
        assertThat(Files.readSymbolicLink(d.resolve("work/_inputs/0/in.txt.idx")))
                .isEqualTo(sources.resolve("in.txt.idx"));
    }

    @Test
    void anInputLinkThatCannotBeMadeRunsNothing() throws Exception {
        Path d = taskDir("call-m", "echo ran\n");
        Files.writeString(d.resolve("work/_inputs"), "a file where the folder must go");
        Files.writeString(d.resolve(TaskDirectory.LINKS), "_inputs/0/in.txt\t/nowhere/in.txt\n");
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString()), false);
        assertThat(r.exit()).isEqualTo(WrapperScript.INPUT_LINKS_FAILED);
        assertThat(r.stderr()).contains("cannot link input /nowhere/in.txt at work/_inputs/0/in.txt");
        assertThat(d.resolve("stdout.txt")).doesNotExist();
    }

    @Test
    void makesWorkWhenTheOrchestratorDidNot() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("call-w"));
        Files.writeString(d.resolve("command"), "pwd > where\n");
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString()), false);
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(d.resolve("work/where")).strip()).isEqualTo(d.resolve("work").toString());
    }

    @Test
    void aBatchRetryMovesTheKilledAttemptAsideAndStartsInACleanWorkWithItsInputs() throws Exception {
        Path d = taskDir("call-r", "cat _inputs/0/in.txt >> lines.txt; echo said; echo complained >&2\n");
        Path input = Files.writeString(tmp.resolve("in.txt"), "line\n");
        Files.createDirectories(d.resolve("work/_inputs/0"));
        Files.createSymbolicLink(d.resolve("work/_inputs/0/in.txt"), input);
        Map<String, String> env = new java.util.HashMap<>(Map.of(WrapperScript.TASK_DIR_VAR, d.toString()));
        assertThat(run(env, false).exit()).isZero();
        // Batch attempt 1 "killed" after it ran: attempt 2 must not see its files
        env.put("AWS_BATCH_JOB_ATTEMPT", "2");
        Run second = run(env, false);
        assertThat(second.exit()).isZero();
        assertThat(second.stderr()).contains("Batch attempt 2").contains(d.resolve("batch-attempt-1").toString());
        assertThat(Files.readString(d.resolve("work/lines.txt"))).isEqualTo("line\n");
        assertThat(Files.readString(d.resolve("stdout.txt"))).isEqualTo("said\n");
        assertThat(Files.readString(d.resolve("stderr.txt"))).isEqualTo("complained\n");
        assertThat(Files.readString(d.resolve("rc"))).isEqualTo("0");
        Path first = d.resolve("batch-attempt-1");
        assertThat(Files.readString(first.resolve("stdout.txt"))).isEqualTo("said\n");
        assertThat(Files.readString(first.resolve("work/lines.txt"))).isEqualTo("line\n");
        assertThat(first.resolve("rc")).exists();
        // the input link moved into the new work/, still a link to the same source
        assertThat(Files.readSymbolicLink(d.resolve("work/_inputs/0/in.txt"))).isEqualTo(input);
        // a third attempt keeps the second apart too
        env.put("AWS_BATCH_JOB_ATTEMPT", "3");
        assertThat(run(env, false).exit()).isZero();
        assertThat(Files.readString(d.resolve("batch-attempt-2/stdout.txt"))).isEqualTo("said\n");
        assertThat(Files.readString(d.resolve("work/lines.txt"))).isEqualTo("line\n");
    }

    @Test
    void aBatchRetryWhoseFirstAttemptNeverStartedFindsNothingToMove() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("call-n"));
        Files.writeString(d.resolve("command"), "echo ran\n");
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString(), "AWS_BATCH_JOB_ATTEMPT", "2"), false);
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(d.resolve("stdout.txt"))).isEqualTo("ran\n");
        assertThat(d.resolve("batch-attempt-1")).isEmptyDirectory();
    }

    @Test
    void aBatchRetryThatCannotMoveTheEarlierAttemptAsideRunsNothing() throws Exception {
        Path d = taskDir("call-x", "touch ran\n");
        Files.writeString(d.resolve("batch-attempt-1"), "a file where the folder should go");
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString(), "AWS_BATCH_JOB_ATTEMPT", "2"), false);
        assertThat(r.exit()).isEqualTo(WrapperScript.BATCH_RETRY_FAILED);
        assertThat(r.stderr()).contains("batch-attempt-1");
        assertThat(d.resolve("work/ran")).doesNotExist();
    }

    @Test
    void noTaskDirectoryNamedExits97() throws Exception {
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, ""), false);
        assertThat(r.exit()).isEqualTo(WrapperScript.NO_TASK_DIR);
        assertThat(tmp.resolve("work")).doesNotExist();
    }

    @Test
    void missingTaskDirectoryExits97WithAMessage() throws Exception {
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, tmp.resolve("nowhere").toString()), false);
        assertThat(r.exit()).isEqualTo(WrapperScript.NO_TASK_DIR);
        assertThat(r.stderr()).contains("no task directory").contains("nowhere");
    }

    @Test
    void aHundredKilobyteCommandRunsWhileTheWrapperStaysSmall() throws Exception {
        StringBuilder cmd = new StringBuilder();
        for (int i = 0; i < 2_100; i++) {
            cmd.append("x").append(i).append("='").append("y".repeat(40)).append("'\n");
        }
        cmd.append("echo done $x2099\n");
        assertThat(cmd.length()).isGreaterThan(100_000);
        Path d = taskDir("call-big", cmd.toString());
        Run r = run(Map.of(WrapperScript.TASK_DIR_VAR, d.toString()), false);
        assertThat(r.exit()).isZero();
        assertThat(Files.readString(d.resolve("stdout.txt"))).startsWith("done yyyy");
        // the wrapper is in the job definition (registered once per job shape), not in each job's overrides; the
        // bound only notices it growing: every byte is read by bash at every task start
        assertThat(WrapperScript.script(true).length()).isLessThan(4096);
    }

    @Test
    void payloadOverTheBudgetIsRefusedWithTheJobNamed() {
        PayloadBudget.check("{\"environment\":[]}", "call-a");
        assertThatThrownBy(() -> PayloadBudget.check("x".repeat(3000), "call-a"))
                .hasMessageContaining("call-a").hasMessageContaining("2048");
    }
}
