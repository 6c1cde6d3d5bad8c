package org.wdlbatch.engine.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.recovery.ResilientFileOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Sends the run's log to {@code workflow.log} in the run directory (everything from INFO up, one line per
 * event in the form of {@link LogFormat}: text, or JSON lines with {@code [logging] json}), in addition to the
 * console appender of {@link ConsoleLogConfigurator}. Lines reach the file within {@value #FLUSH_MILLIS} ms, and
 * all of them when the run ends.
 */
public final class RunLogging {

    private RunLogging() {}

    /** Starts writing text lines to {@code file}; returns a handle that stops it. */
    public static AutoCloseable toFile(Path file) {
        return toFile(file, false);
    }

    /** Starts writing to {@code file}, JSON lines when {@code json}; returns a handle that stops it. */
    public static AutoCloseable toFile(Path file, boolean json) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        // Buffered, flushed by a timer: with a write(2) per line, the appender's lock is held across the system
        // call, and a 10,000-call scatter's preparing threads queue on it (and on EFS each write is a round trip).
        // The stream a FileAppender would open (appending, recovering from I/O errors), given to a plain stream
        // appender: FileAppender's setters log through string concatenation that links method-handle classes at
        // first use, 14 generated classes in every run.
        ResilientFileOutputStream out;
        try {
            out = new ResilientFileOutputStream(file.toFile(), true, 64 * 1024);
        } catch (FileNotFoundException e) {
            // as a FileAppender that cannot open its file, the run goes on; unlike one, it says so
            LoggerFactory.getLogger(RunLogging.class)
                    .warn("cannot write {} (the run's log goes to the console only): {}", file, e.getMessage());
            return () -> { };
        }
        out.setContext(lc);
        OutputStreamAppender<ILoggingEvent> app = new OutputStreamAppender<>();
        app.setContext(lc);
        app.setName("workflow.log");
        app.setEncoder(LogFormat.encoder(lc, json));
        app.setImmediateFlush(false);
        app.setOutputStream(out);
        app.start();
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "workflow-log-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(() -> flush(app), FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        ch.qos.logback.classic.Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getLevel() == null || root.getLevel().isGreaterOrEqual(Level.WARN)) {
            root.setLevel(Level.INFO);
        }
        root.addAppender(app);
        return () -> {
            flusher.shutdownNow();
            root.detachAppender(app);
            app.stop(); // flushes what is buffered
        };
    }

    /** How long a line may wait in the buffer before it reaches workflow.log. */
    static final long FLUSH_MILLIS = 200;

    private static void flush(OutputStreamAppender<ILoggingEvent> app) {
        OutputStream out = app.getOutputStream(); // logback's stream over a BufferedOutputStream (synchronized)
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                // logback reports write errors itself; the next flush tries again
            }
        }
    }

    /** Console verbosity: INFO with --verbose, else WARN (the status line says what happens). */
    public static void console(boolean verbose) {
        console(verbose, false);
    }

    /** Console verbosity, and JSON lines on the console too with {@code json} ({@code --log-json}). */
    public static void console(boolean verbose, boolean json) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        var console = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("console");
        if (json && console instanceof ch.qos.logback.core.OutputStreamAppender<ILoggingEvent> stream) {
            stream.stop();
            stream.setEncoder(LogFormat.encoder(lc, true));
            stream.start();
        }
        if (console != null) {
            console.clearAllFilters();
            ch.qos.logback.classic.filter.ThresholdFilter f = new ch.qos.logback.classic.filter.ThresholdFilter();
            f.setLevel(verbose ? "INFO" : "WARN");
            f.start();
            console.addFilter(f);
        }
    }
}
