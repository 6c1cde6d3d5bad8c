package org.wdlbatch.engine.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends the run's log to {@code workflow.log} in the run directory (everything from INFO up, one line per
 * event: ISO time, level, logger, message), in addition to the console appender of logback.xml.
 */
public final class RunLogging {

    private RunLogging() {}

    public static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %msg%n";

    /** Starts writing to {@code file}; returns a handle that stops it. */
    public static AutoCloseable toFile(Path file) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(lc);
        enc.setPattern(PATTERN);
        enc.start();
        FileAppender<ILoggingEvent> app = new FileAppender<>();
        app.setContext(lc);
        app.setName("workflow.log");
        app.setFile(file.toString());
        app.setEncoder(enc);
        app.setImmediateFlush(true);
        app.start();
        ch.qos.logback.classic.Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getLevel() == null || root.getLevel().isGreaterOrEqual(Level.WARN)) {
            root.setLevel(Level.INFO);
        }
        root.addAppender(app);
        return () -> {
            root.detachAppender(app);
            app.stop();
        };
    }

    /** Console verbosity: INFO with --verbose, else WARN (the status line says what happens). */
    public static void console(boolean verbose) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        var console = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("console");
        if (console != null) {
            console.clearAllFilters();
            ch.qos.logback.classic.filter.ThresholdFilter f = new ch.qos.logback.classic.filter.ThresholdFilter();
            f.setLevel(verbose ? "INFO" : "WARN");
            f.start();
            console.addFilter(f);
        }
    }
}
