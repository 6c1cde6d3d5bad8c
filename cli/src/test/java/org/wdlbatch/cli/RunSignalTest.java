package org.wdlbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a running {@code wdlbatch run}: every task's process tree is killed, and the run ends as failed.
 * SIGINT (Ctrl-C): the same stop, reported once as "interrupted" (not as task failures), exit status 130.
 */
class RunSignalTest {

    @TempDir
    Path tmp;

    @Test
    void sigtermKillsEveryRunningTaskTreeAndLeavesNoOrphans() throws Exception {
        Path pids = Files.createDirectories(tmp.resolve("pids"));
        Process p = startSlowRun(pids);
        try {
            for (int i = 0; i < 1500 && countFiles(pids) < 3; i++) {
                Thread.sleep(20);
            }
            assertThat(countFiles(pids)).as("all three tasks started").isEqualTo(3);
            List<Long> sleepers = new ArrayList<>();
            try (var files = Files.list(pids)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    sleepers.add(Long.parseLong(Files.readString(f).strip()));
                }
            }
            sleepers.forEach(pid -> assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive));

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            for (long pid : sleepers) {
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("grandchild %d killed", pid).isFalse();
            }
            Path runDir = tmp.resolve("runs/_LAST").toRealPath();
            assertThat(Files.readString(runDir.resolve("error.json"))).contains("Terminated");
        } finally {
            p.destroyForcibly();
            // never leave sleepers behind, even when an assertion above failed
            try (var files = Files.list(pids)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String text = Files.readString(f).strip();
                    if (!text.isEmpty()) {
                        ProcessHandle.of(Long.parseLong(text)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
        }
    }

    @Test
    void sigintEndsTheRunAsInterruptedAndStopsItsTasks() throws Exception {
        Path pids = Files.createDirectories(tmp.resolve("pids"));
        Process p = startSlowRun(pids);
        List<Long> sleepers = new ArrayList<>();
        try {
            for (int i = 0; i < 3000 && countFiles(pids) < 3; i++) {
                Thread.sleep(20);
            }
            assertThat(countFiles(pids)).as("all three tasks started").isEqualTo(3);
            try (var files = Files.list(pids)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    sleepers.add(Long.parseLong(Files.readString(f).strip()));
                }
            }

            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the run ends after Ctrl-C").isTrue();

            String err = Files.readString(tmp.resolve("err.txt"));
            assertThat(p.exitValue()).as(err).isEqualTo(130);
            assertThat(err.split("wdlbatch: interrupted", -1)).as(err).hasSize(2); // said once
            assertThat(err).doesNotContain("failed:", "exit status 130");
            for (long pid : sleepers) {
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("task process %d stopped", pid).isFalse();
            }
            Path runDir = tmp.resolve("runs/_LAST").toRealPath();
            assertThat(Files.readString(runDir.resolve("error.json"))).contains("\"Interrupted\"");
            assertThat(Files.readString(runDir.resolve("workflow.log"))).contains("interrupted")
                    .doesNotContain("ERROR");
        } finally {
            p.destroyForcibly();
            sleepers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** {@code wdlbatch run} of a 3-call scatter whose tasks each start a {@code sleep 600} and write its pid. */
    private Process startSlowRun(Path pids) throws Exception {
        Path wdl = Files.writeString(tmp.resolve("slow.wdl"), """
                version 1.1
                task slow {
                  input { Int i }
                  command <<<
                    sleep 600 &
                    echo $! > PIDS/~{i}
                    wait
                  >>>
                }
                workflow w { scatter (i in range(3)) { call slow { input: i = i } } }
                """.replace("PIDS", pids.toString()));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WdlbatchMain.class.getName(),
                "run", wdl.toString(), "--dir", tmp.resolve("runs").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("WDLBATCH__SCHEDULER__CALL_CONCURRENCY", "4");
        return pb.directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile())
                .start();
    }

    private static long countFiles(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(f -> {
                try {
                    return Files.size(f) > 0;
                } catch (Exception e) {
                    return false;
                }
            }).count();
        }
    }
}
