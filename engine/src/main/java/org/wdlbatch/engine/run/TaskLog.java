package org.wdlbatch.engine.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * A call's {@code task.log}: one line per event, {@code <ISO time> <LEVEL> <message>}, also sent to the run's
 * logger (and so to workflow.log) prefixed with the call id.
 */
public final class TaskLog implements AutoCloseable {

    private final String callId;
    private final Logger runLog;
    /**
     * Unbuffered: every line is written (one write call) as it comes anyway, and a run keeps one task.log open per
     * running call, so 10,000 running calls must not hold 10,000 writer buffers (24 KB each, 240 MB of heap).
     */
    private final OutputStream out;

    public TaskLog(Path file, String callId, Logger runLog) {
        this.callId = callId;
        this.runLog = runLog;
        try {
            if (!Files.isDirectory(file.getParent())) { // one stat instead of a failed mkdir and an exception
                Files.createDirectories(file.getParent());
            }
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void info(String message) {
        write("INFO", message);
        runLog.info("{}: {}", callId, message);
    }

    public void warn(String message) {
        write("WARN", message);
        runLog.warn("{}: {}", callId, message);
    }

    public void error(String message) {
        write("ERROR", message);
        runLog.error("{}: {}", callId, message);
    }

    /** Details that go to task.log only. */
    public void detail(String message) {
        write("DEBUG", message);
        runLog.debug("{}: {}", callId, message);
    }

    private synchronized void write(String level, String message) {
        try {
            out.write((Instant.now() + " " + level + " " + message + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            runLog.warn("{}: cannot write task.log: {}", callId, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // nothing left to tell
        }
    }
}
