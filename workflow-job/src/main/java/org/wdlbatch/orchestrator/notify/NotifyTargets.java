package org.wdlbatch.orchestrator.notify;

import java.util.regex.Pattern;
import org.wdlbatch.aws.NotifyNames;
import org.wdlbatch.engine.config.Config;

/**
 * Where run notifications go: {@code [notify] sns_topic} and {@code [notify] eventbridge_bus}, checked before the
 * run so that a typo is a usage error (exit 2) instead of a warning after hours of work.
 */
public record NotifyTargets(String snsTopic, String eventBus) {

    static final Pattern TOPIC_ARN = NotifyNames.TOPIC_ARN;
    static final Pattern BUS = NotifyNames.EVENT_BUS;

    /** A setting that names no valid target. */
    public static final class BadTarget extends Exception {
        BadTarget(String message) {
            super(message);
        }
    }

    public static NotifyTargets from(Config config) throws BadTarget {
        String topic = blankToNull(config.optionalString("notify", "sns_topic"));
        String bus = blankToNull(config.optionalString("notify", "eventbridge_bus"));
        if (topic != null && !TOPIC_ARN.matcher(topic).matches()) {
            throw new BadTarget("[notify] sns_topic = " + topic + ": give the topic's ARN,"
                    + " arn:aws:sns:REGION:ACCOUNT:NAME (`aws sns list-topics` lists them)");
        }
        if (bus != null && !BUS.matcher(bus).matches()) {
            throw new BadTarget("[notify] eventbridge_bus = " + bus + ": give an event bus name (letters, digits,"
                    + " . - _ /; \"default\" is the account's) or its ARN");
        }
        return new NotifyTargets(topic, bus);
    }

    public boolean any() {
        return snsTopic != null || eventBus != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
