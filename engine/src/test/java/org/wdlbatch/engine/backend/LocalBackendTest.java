package org.wdlbatch.engine.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBackendTest {

    @TempDir
    Path tmp;

    private TaskAttempt attempt(String id, String script) throws Exception {
        Path dir = tmp.resolve(id);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("command"), script);
        return new TaskAttempt(id, id, 1, dir, Map.of("GREETING", "hi"), TaskResources.host());
    }

    @Test
    void runsCommandInWorkDirAppendingOutputAndWritingRc() throws Exception {
        TaskAttempt a = attempt("call-a", "echo \"$GREETING from $(basename \"$PWD\")\"\necho oops >&2\nexit 3\n");
        Files.writeString(a.taskDir().resolve("stdout.txt"), "earlier\n");
        CompletableFuture<TaskExit> done = new CompletableFuture<>();
        try (LocalBackend backend = new LocalBackend()) {
            backend.start(a, done::complete);
            TaskExit exit = done.get(30, TimeUnit.SECONDS);
            assertThat(exit).isEqualTo(TaskExit.exited(3));
        }
        assertThat(Files.readString(a.stdoutFile())).isEqualTo("earlier\nhi from work\n");
        assertThat(Files.readString(a.stderrFile())).isEqualTo("oops\n");
        assertThat(Files.readString(a.rcFile())).isEqualTo("3");
    }

    @Test
    void terminateKillsTheWholeProcessTree() throws Exception {
        // The command starts a grandchild that would outlive a naive kill of bash alone.
        TaskAttempt a = attempt("call-b", "sleep 300 &\necho $! > ../grandchild.pid\nwait\n");
        CompletableFuture<TaskExit> done = new CompletableFuture<>();
        LocalBackend backend = new LocalBackend();
        backend.start(a, done::complete);
        Path pidFile = a.taskDir().resolve("grandchild.pid");
        for (int i = 0; i < 500 && (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()); i++) {
            Thread.sleep(20);
        }
        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(grandchild)).get().matches(ProcessHandle::isAlive);

        backend.terminate(a);
        assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo(TaskExit.terminated());
        ProcessHandle.of(grandchild).ifPresent(h -> h.onExit().join());
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void missingCommandFileIsReportedAsAFailedExitNotAnException() throws Exception {
        Path dir = tmp.resolve("call-c");
        Files.createDirectories(dir);
        TaskAttempt a = new TaskAttempt("call-c", "c", 1, dir, Map.of(), TaskResources.host());
        CompletableFuture<TaskExit> done = new CompletableFuture<>();
        try (LocalBackend backend = new LocalBackend()) {
            backend.start(a, done::complete);
            // bash itself starts and reports the missing script with its own exit status 127
            assertThat(done.get(30, TimeUnit.SECONDS).exitCode()).isEqualTo(127);
        }
        assertThat(Files.readString(a.stderrFile())).contains("command");
    }
}
