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
