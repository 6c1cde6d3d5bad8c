package org.wdlbatch.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** workflow.log is buffered, yet a line reaches the file while the run goes on, and every line by its end. */
class RunLoggingTest {

    @TempDir
    Path tmp;

    @Test
    void aLineReachesWorkflowLogWhileTheRunGoesOnAndAllOfThemByItsEnd() throws Exception {
        Path file = tmp.resolve("workflow.log");
        Logger log = LoggerFactory.getLogger("wdlbatch-test");
        try (AutoCloseable logging = RunLogging.toFile(file)) {
            log.info("first line");
            awaitContent(file, "first line"); // the flush timer wrote it: nothing else would for 64 KiB
            for (int i = 0; i < 1000; i++) {
                log.info("line {}", i);
            }
        }
        var lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1001);
        assertThat(lines.get(1000)).endsWith("INFO  wdlbatch-test line 999");
    }

    @Test
    void aLogThatCannotBeOpenedLeavesTheRunGoingAndAppendsToWhatIsThere() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        try (AutoCloseable logging = RunLogging.toFile(dir)) {
            LoggerFactory.getLogger("wdlbatch-test").info("goes to the console only");
        }
        Path file = tmp.resolve("resumed.log");
        Files.writeString(file, "from the first attempt\n");
        try (AutoCloseable logging = RunLogging.toFile(file)) {
            LoggerFactory.getLogger("wdlbatch-test").info("after a resume");
        }
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("from the first attempt");
    }

    private static void awaitContent(Path file, String text) throws Exception {
        for (int i = 0; i < 500; i++) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(file + " never showed '" + text + "'");
    }
}
