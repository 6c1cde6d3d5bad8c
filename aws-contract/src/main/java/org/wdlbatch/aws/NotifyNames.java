package org.wdlbatch.aws;

import java.util.regex.Pattern;

/**
 * What both sides agree on about run notifications ({@code [notify]}): the forms of an SNS topic and an EventBridge
 * bus that {@code submit_awsbatch} checks before submitting and the workflow job before running, and the
 * EventBridge {@code source} of the events.
 */
public final class NotifyNames {

    private NotifyNames() {}

    /**
     * An SNS topic ARN; topic names are 1-256 letters, digits, {@code _} and {@code -}, FIFO ones ending in
     * {@code .fifo} (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html).
     */
    public static final Pattern TOPIC_ARN = Pattern.compile(
            "arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");
    /**
     * An event bus name or ARN ("the name or the ARN of the event bus":
     * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).
     */
    public static final Pattern EVENT_BUS = Pattern.compile(
            "[/.\\-_A-Za-z0-9]{1,256}|arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[/.\\-_A-Za-z0-9]{1,256}");
    /** The {@code source} of the EventBridge events; their detail-types are "wdlbatch run started" / "... ended". */
    public static final String SOURCE = "wdlbatch";
    /** The topic (and bus) the CDK stack creates with {@code -c notifyTopic=true}, before the name prefix. */
    public static final String DEFAULT_TOPIC = "wdlbatch-runs";
}
