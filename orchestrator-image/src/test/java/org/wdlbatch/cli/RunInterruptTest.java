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
 * Ctrl-C (SIGINT) to a running {@code wdlbatch run}: reported once as "interrupted", not as task failures; exit
 * status 130; error.json records the interruption; every task's process tree is stopped.
 */
class RunInterruptTest {

    @TempDir
    Path tmp;

    @Test
    void sigintEndsTheRunAsInterruptedAndStopsItsTasks() throws Exception {
        Path pids = Files.createDirectories(tmp.resolve("pids"));
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
        Path errFile = tmp.resolve("err.txt");
        Process p = pb.directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(errFile.toFile()).start();
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

            String err = Files.readString(errFile);
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
