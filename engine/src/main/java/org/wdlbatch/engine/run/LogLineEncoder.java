package org.wdlbatch.engine.run;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import java.time.Instant;

/**
 * A text log line in {@link LogFormat}'s one format: {@code time level [logger] message}, then the stack trace of
 * an exception when there is one, as the patterns {@code %d{…, UTC} %-5level %logger{0} %msg%n} (with the logger)
 * and {@code %d{…, UTC} %-5level %msg%n} (without) write them. Written out rather than given to a
 * {@code PatternLayoutEncoder}, whose pattern parser and converter table (about 150 classes and 70 lambdas) every
 * start of every command would load for two fixed patterns ({@code LogLineEncoderTest} compares the lines).
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final byte[] NOTHING = new byte[0];
    private final boolean withLogger;

    /** @param withLogger whether lines name the logger (its class's simple name) after the level */
    public LogLineEncoder(boolean withLogger) {
        this.withLogger = withLogger;
    }

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        line.append(LogFormat.time(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(' ');
        if (withLogger) {
            String logger = event.getLoggerName();
            line.append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(' ');
        }
        line.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            line.append(ThrowableProxyUtil.asString(error)); // ends with its own line separator
        }
        // the platform's charset, as a PatternLayoutEncoder without a charset writes
        return line.toString().getBytes();
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
