package org.wdlbatch.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LogLineEncoder} writes the lines Logback's pattern encoder wrote for the same two patterns. */
class LogLineEncoderTest {

    private static final String WITH_LOGGER = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC} %-5level %logger{0} %msg%n";
    private static final String WITHOUT_LOGGER = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC} %-5level %msg%n";

    @Test
    void theSameLinesAsThePatternsWithAndWithoutTheLogger() {
        assertThat(LogFormat.PATTERN).isEqualTo(WITH_LOGGER);
        assertThat(ConsoleLogConfigurator.CONSOLE_PATTERN).isEqualTo(WITHOUT_LOGGER);
        LoggerContext lc = new LoggerContext();
        IOException cause = new IOException("disk full");
        IllegalStateException error = new IllegalStateException("cannot write outputs.json", cause);
        error.addSuppressed(new RuntimeException("and cannot clean up"));
        List<LoggingEvent> events = List.of(
                event(lc, "org.wdlbatch.engine.Runner", Level.INFO, "done: outputs in {}", null, "/runs/x"),
                event(lc, "org.wdlbatch.engine.task.TaskCall", Level.WARN, "call-a-1: retrying ({} of {})", null, 1, 3),
                event(lc, "NoPackage", Level.ERROR, "failed", error),
                event(lc, "a.b.C", Level.DEBUG, "é ☃ multi\nline", null),
                event(lc, "x.Y", Level.TRACE, "", null));
        for (boolean withLogger : List.of(true, false)) {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setContext(lc);
            pattern.setPattern(withLogger ? WITH_LOGGER : WITHOUT_LOGGER);
            pattern.start();
            LogLineEncoder ours = new LogLineEncoder(withLogger);
            ours.setContext(lc);
            ours.start();
            for (LoggingEvent e : events) {
                assertThat(new String(ours.encode(e))).as(e.getMessage()).isEqualTo(new String(pattern.encode(e)));
            }
            assertThat(ours.headerBytes()).isEmpty();
            assertThat(ours.footerBytes()).isEmpty();
        }
    }

    private static LoggingEvent event(LoggerContext lc, String logger, Level level, String message, Throwable t,
            Object... args) {
        Logger l = lc.getLogger(logger);
        LoggingEvent e = new LoggingEvent(Logger.FQCN, l, level, message, t, args);
        e.setTimeStamp(1_796_440_709_280L);
        return e;
    }
}
