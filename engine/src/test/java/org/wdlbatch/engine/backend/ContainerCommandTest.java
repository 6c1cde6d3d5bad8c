package org.wdlbatch.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCommandTest {

    @Test
    void mountsTheTaskDirAtTheSamePathAndTurnsRequestsIntoLimits() {
        Path dir = Path.of("/runs/r1/call-align-2");
        TaskAttempt a = new TaskAttempt("call-align-2#1", "align", 1, dir, Map.of("B", "2", "A", "1"),
                new TaskResources("biocontainers/bwa:0.7.17", 2.5, 4L << 30, true, 0, Map.of()));
        List<String> argv = ContainerCommand.argv("podman", a,
                List.of(Path.of("/data/ref"), dir.resolve("work/_inputs/0")));
        assertThat(argv).containsExactly(
                "podman", "run", "--rm", "--name", "wdlbatch-call-align-2_1", "--entrypoint", "/bin/bash",
                "-v", "/runs/r1/call-align-2:/runs/r1/call-align-2",
                "-v", "/data/ref:/data/ref:ro",
                "-w", "/runs/r1/call-align-2/work",
                "-e", "A=1", "-e", "B=2",
                "--cpus", "2.5", "--memory", Long.toString(4L << 30), "--gpus", "all",
                "biocontainers/bwa:0.7.17", "/runs/r1/call-align-2/command");
    }
}
