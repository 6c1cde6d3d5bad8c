package org.wdlbatch.engine.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * A call's {@code task.log}: one line per event, {@code <time> <LEVEL> <message>} (the time format of
 * {@link LogFormat}), also sent to the run's logger (and so to workflow.log) prefixed with the call id and carrying
 * it as the key-value pair {@code call} (a field of its own in JSON logs).
 *
 * <p>Lines are kept in memory and written by the run's {@link TaskLogWriter} a moment later (or when the call
 * ends), so preparing a call does not wait for creating and writing its task.log: on EFS every create is a
 * network round trip, and a 10,000-call scatter would otherwise spend seconds on them before its jobs are
 * submitted. Each line keeps the time it was logged at.
 */
public final class TaskLog implements AutoCloseable {

    private final Path file;
    private final String callId;
    private final Logger runLog;
    private final TaskLogWriter writer;
    /** Lines not yet written. Small: a call logs a handful of lines between two writes. */
    private final StringBuilder pending = new StringBuilder();

    public TaskLog(Path file, String callId, Logger runLog, TaskLogWriter writer) {
        this.file = file;
        this.callId = callId;
        this.runLog = runLog;
        this.writer = writer;
    }

    public void info(String message) {
        add("INFO", message);
        runLog.atInfo().addKeyValue("call", callId).log("{}: {}", callId, message);
    }

    public void warn(String message) {
        add("WARN", message);
        runLog.atWarn().addKeyValue("call", callId).log("{}: {}", callId, message);
    }

    public void error(String message) {
        add("ERROR", message);
        runLog.atError().addKeyValue("call", callId).log("{}: {}", callId, message);
    }

    /** Details that go to task.log only. */
    public void detail(String message) {
        add("DEBUG", message);
        runLog.atDebug().addKeyValue("call", callId).log("{}: {}", callId, message);
    }

    private void add(String level, String message) {
        boolean first;
        synchronized (this) {
            first = pending.isEmpty();
            pending.append(LogFormat.time(Instant.now())).append(' ').append(level).append(' ').append(message).append('\n');
        }
        if (first) {
            writer.schedule(this);
        }
    }

    /** Writes the pending lines (called by the writer thread, and by {@link #close}). */
    synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
        pending.setLength(0);
        pending.trimToSize(); // 10,000 waiting calls keep no emptied buffers
        try {
            append(bytes);
        } catch (IOException e) {
            runLog.warn("{}: cannot write {}: {}", callId, file, e.toString());
        }
    }

    /**
     * Opens, appends one block of lines and closes: a call writes a handful of blocks in its life, and keeping the
     * file open while the call runs would hold one descriptor per running call (100,000 in a big scatter, over any
     * usual limit of open files). The task directory is there in the usual case: no stat before the open (on EFS,
     * each is a round trip).
     */
    private void append(byte[] bytes) throws IOException {
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Writes what is pending; lines that still come are written on their own. */
    @Override
    public synchronized void close() {
        flush();
    }
}
