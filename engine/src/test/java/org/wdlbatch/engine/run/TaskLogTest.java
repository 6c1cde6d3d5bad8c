package org.wdlbatch.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** task.log lines kept in memory and written by the run's writer thread, or at close. */
class TaskLogTest {

    @TempDir
    Path tmp;

    @Test
    void linesReachTheFileInOrderWithTheirLevelsWhenTheWriterRuns() throws Exception {
        Path file = tmp.resolve("call-a/task.log");
        try (TaskLogWriter writer = new TaskLogWriter(20)) {
            TaskLog log = new TaskLog(file, "call-a", LoggerFactory.getLogger("test"), writer);
            log.info("one");
            log.warn("two");
            log.detail("three");
            awaitLines(file, 3);
            log.error("four");
            awaitLines(file, 4);
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).extracting(l -> l.substring(l.indexOf(' ') + 1))
                    .containsExactly("INFO one", "WARN two", "DEBUG three", "ERROR four");
            assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z INFO one");
            log.close();
        }
    }

    @Test
    void closeWritesWhatIsPendingAtOnceAndLateLinesStillArrive() throws Exception {
        Path file = tmp.resolve("call-b/task.log");
        // a writer that would not run for an hour: only close() and the late path can write
        try (TaskLogWriter writer = new TaskLogWriter(3_600_000)) {
            TaskLog log = new TaskLog(file, "call-b", LoggerFactory.getLogger("test"), writer);
            log.info("prepared");
            assertThat(file).doesNotExist();
            log.close();
            assertThat(Files.readAllLines(file)).hasSize(1).first().asString().endsWith("INFO prepared");
            log.info("a note after the end");
            writer.close(); // the run ends: what is queued is written
            assertThat(Files.readAllLines(file)).hasSize(2).last().asString().endsWith("a note after the end");
            log.info("later still");
            assertThat(Files.readAllLines(file)).hasSize(3);
        }
    }

    /** 100,000 running calls must not hold 100,000 open files (the limit of open files ends such a run). */
    @Test
    void aRunningCallsLogHoldsNoOpenFileBetweenWrites() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")));
        try (TaskLogWriter writer = new TaskLogWriter(3_600_000)) {
            List<TaskLog> running = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                TaskLog log = new TaskLog(tmp.resolve("call-" + i + "/task.log"), "call-" + i,
                        LoggerFactory.getLogger("test"), writer);
                log.info("submitted");
                log.flush(); // what the writer thread does: the line is on disk, the call still runs
                running.add(log);
            }
            assertThat(tmp.resolve("call-49/task.log")).content().endsWith("INFO submitted\n");
            List<String> open = new java.util.ArrayList<>();
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        open.add(Files.readSymbolicLink(fd).toString());
                    } catch (java.io.IOException e) {
                        // the descriptor of the listing itself, closed meanwhile
                    }
                }
            }
            assertThat(open).noneMatch(f -> f.startsWith(tmp.toString()));
            running.forEach(TaskLog::close);
        }
    }

    private static void awaitLines(Path file, int n) throws Exception {
        for (int i = 0; i < 500; i++) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= n) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(file + " did not get " + n + " lines");
    }
}
