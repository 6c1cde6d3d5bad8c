package org.wdlbatch.engine.run;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How every log of a run looks: the console, {@code workflow.log}, the workflow job's container log and each
 * {@code task.log} stamp lines with one format, ISO-8601 in UTC to the millisecond ({@code 2026-12-04T20:37:03.148Z}),
 * so lines from different files sort and compare as text. With {@code --log-json} ({@code [logging] json}) the run's
 * logs are JSON lines instead ({@link JsonLineEncoder}).
 */
public final class LogFormat {

    private LogFormat() {}

    /** Logback's form of the one time format. */
    private static final String LOGBACK_TIME = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC}";

    /**
     * A text line: time, level, logger, message; what {@link LogLineEncoder} writes, as a pattern for appenders that
     * take one (the CloudWatch appender).
     */
    public static final String PATTERN = LOGBACK_TIME + " %-5level %logger{0} %msg%n";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** {@code instant} in the one time format (for logs written without logback, such as task.log). */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** An encoder of the chosen form, started. */
    public static Encoder<ILoggingEvent> encoder(Context context, boolean json) {
        Encoder<ILoggingEvent> enc;
        if (json) {
            enc = new JsonLineEncoder();
        } else {
            enc = new LogLineEncoder(true); // PATTERN's lines
        }
        enc.setContext(context);
        enc.start();
        return enc;
    }
}
