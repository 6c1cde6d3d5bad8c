package org.wdlbatch.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend with podman, on a real container (skipped where podman cannot run one). */
class LocalBackendPodmanTest {

    @TempDir
    Path tmp;

    private TaskAttempt attempt(String id, String script, Map<String, String> env) throws Exception {
        Path dir = tmp.resolve(id);
        Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("command"), script);
        return new TaskAttempt(id, id, 1, dir, env,
                new TaskResources(PodmanTestImage.image(), 1, 256L << 20, false, 0, Map.of()));
    }

    private static String containersNamed(String name) throws Exception {
        return PodmanTestImage.run("podman", "ps", "-a", "--filter", "name=^" + name + "$", "--format",
                "{{.Names}}").output().strip();
    }

    @Test
    void runsTheCommandInTheImageWithTheTaskEnvironment() throws Exception {
        TaskAttempt a = attempt("call-where", """
                cat /wdlbatch-test-image
                echo "$GREETING from $PWD, TMPDIR=$TMPDIR"
                touch "$TMPDIR/scratch"
                echo oops >&2
                exit 4
                """, Map.of("GREETING", "hello"));
        CompletableFuture<TaskExit> done = new CompletableFuture<>();
        try (LocalBackend backend = new LocalBackend("podman")) {
            backend.start(a, done::complete);
            assertThat(done.get(120, TimeUnit.SECONDS)).isEqualTo(TaskExit.exited(4));
        }
        assertThat(Files.readString(a.stdoutFile())).isEqualTo("inside the wdlbatch test image\nhello from "
                + a.workDir() + ", TMPDIR=" + a.taskDir().resolve("tmp") + "\n");
        assertThat(Files.readString(a.stderrFile())).isEqualTo("oops\n");
        assertThat(a.taskDir().resolve("tmp/scratch")).exists();
        assertThat(Files.readString(a.rcFile())).isEqualTo("4");
        assertThat(containersNamed(ContainerCommand.containerName(a))).isEmpty();
    }

    @Test
    void terminateKillsAndRemovesTheContainer() throws Exception {
        TaskAttempt a = attempt("call-sleepy", "touch started\nsleep 600\n", Map.of());
        String name = ContainerCommand.containerName(a);
        CompletableFuture<TaskExit> done = new CompletableFuture<>();
        try (LocalBackend backend = new LocalBackend("podman")) {
            backend.start(a, done::complete);
            Path started = a.workDir().resolve("started");
            for (int i = 0; i < 1200 && !Files.exists(started) && !done.isDone(); i++) {
                Thread.sleep(50);
            }
            assertThat(started).as("the container never started; stderr: %s", Files.readString(a.stderrFile()))
                    .exists();
            assertThat(containersNamed(name)).isEqualTo(name);

            backend.terminate(a);
            assertThat(done.get(60, TimeUnit.SECONDS)).isEqualTo(TaskExit.terminated());
        }
        assertThat(containersNamed(name)).isEmpty();
    }
}
