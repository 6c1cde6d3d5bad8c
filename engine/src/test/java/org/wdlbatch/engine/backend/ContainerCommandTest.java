package org.wdlbatch.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCommandTest {

    private static TaskAttempt attempt(Path dir, boolean gpu) {
        return new TaskAttempt("call-align-2#1", "align", 1, dir, Map.of("B", "2", "A", "1"),
                new TaskResources("biocontainers/bwa:0.7.17", 2.5, 4L << 30, gpu, 0, Map.of()));
    }

    @Test
    void mountsTheTaskDirAndEachInputAtTheirPathsAndTurnsRequestsIntoLimits() {
        Path dir = Path.of("/runs/r1/call-align-2");
        TaskAttempt a = attempt(dir, true);
        List<String> argv = ContainerCommand.argv("docker", a,
                List.of(Path.of("/data/ref.fa"), Path.of("/data/reads"), dir.resolve("../call-index/work/ref.fa.bwt")));
        assertThat(argv).containsExactly(
                "docker", "run", "--rm", "--name", ContainerCommand.containerName(a), "--entrypoint", "/bin/bash",
                "-v", "/runs/r1/call-align-2:/runs/r1/call-align-2",
                "-v", "/data/reads:/data/reads:ro",
                "-v", "/data/ref.fa:/data/ref.fa:ro",
                "-v", "/runs/r1/call-index/work/ref.fa.bwt:/runs/r1/call-index/work/ref.fa.bwt:ro",
                "-w", "/runs/r1/call-align-2/work",
                "-e", "A=1", "-e", "B=2", "-e", "TMPDIR=/runs/r1/call-align-2/tmp",
                "--cpus", "2.5", "--memory", Long.toString(4L << 30), "--gpus", "all",
                "biocontainers/bwa:0.7.17", "/runs/r1/call-align-2/command");
    }

    @Test
    void asMeRunsTheContainerAsTheInvokingUser() throws Exception {
        String me = ContainerCommand.invokingUser();
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).strip();
        assertThat(me).startsWith(uid + ":");
        List<String> argv = ContainerCommand.argv("podman", attempt(Path.of("/runs/r1/call-a"), false), List.of(), me);
        assertThat(argv).containsSubsequence("--user", me);
        assertThat(argv.indexOf("--user")).as("an option of run, before the image").isLessThan(argv.size() - 2);
        assertThat(ContainerCommand.argv("podman", attempt(Path.of("/runs/r1/call-a"), false), List.of()))
                .doesNotContain("--user");
    }

    @Test
    void podmanGetsTheGpusAsACdiDevice() {
        List<String> argv = ContainerCommand.argv("podman", attempt(Path.of("/runs/r1/call-align-2"), true),
                List.of());
        assertThat(argv).containsSubsequence("--device", "nvidia.com/gpu=all").doesNotContain("--gpus");
    }

    @Test
    void inputsInsideTheTaskDirOrInsideAnotherInputFolderGetNoMountOfTheirOwn() {
        Path dir = Path.of("/runs/r1/call-a");
        assertThat(ContainerCommand.readOnlyMounts(dir, List.of(
                Path.of("/data/x/a.txt"), Path.of("/data/x"), Path.of("/data/x-y/b.txt"), Path.of("/data/x/a.txt"),
                dir.resolve("work/made.txt"), Path.of("/data/x/sub/c.txt"))))
                .containsExactly(Path.of("/data/x"), Path.of("/data/x-y/b.txt"));
    }

    @Test
    void containerNamesDifferBetweenRunsOfTheSameCall() {
        TaskAttempt first = attempt(Path.of("/runs/r1/call-align-2"), false);
        TaskAttempt second = attempt(Path.of("/runs/r2/call-align-2"), false);
        assertThat(ContainerCommand.containerName(first)).matches("wdlbatch-call-align-2_1-[0-9a-f]{8}")
                .isNotEqualTo(ContainerCommand.containerName(second));
    }
}
