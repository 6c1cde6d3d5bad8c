package org.wdlbatch.orchestrator.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.orchestrator.batch.AwsClients;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Sends {@link RunNotice}s to the SNS topic and/or EventBridge bus of {@link NotifyTargets}. Sending never fails a
 * run: whatever goes wrong (no permission, no such topic, no network) is one warning in the workflow log.
 */
public final class RunNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("wdlbatch");
    /** EventBridge's {@code source} and the start of its {@code detail-type}. */
    public static final String SOURCE = org.wdlbatch.aws.NotifyNames.SOURCE;

    private final NotifyTargets targets;
    private final AwsClients aws;
    private SnsClient sns;
    private EventBridgeClient events;

    public RunNotifier(NotifyTargets targets, AwsClients aws) {
        this.targets = targets;
        this.aws = aws;
    }

    public void send(RunNotice notice) {
        String json = notice.toJson().toString();
        if (targets.snsTopic() != null) {
            try {
                if (sns == null) {
                    sns = aws.sns();
                }
                sns.publish(b -> b.topicArn(targets.snsTopic()).subject(notice.subject()).message(json));
                LOG.info("notification {} {} sent to {}", notice.event(), notice.status(), targets.snsTopic());
            } catch (RuntimeException e) {
                LOG.warn("could not publish the run notification ({} {}) to {}: {} (the run is not affected)",
                        notice.event(), notice.status(), targets.snsTopic(), e.getMessage());
            }
        }
        if (targets.eventBus() != null) {
            try {
                if (events == null) {
                    events = aws.eventBridge();
                }
                PutEventsResponse r = events.putEvents(b -> b.entries(e -> e.eventBusName(targets.eventBus())
                        .source(SOURCE).detailType(detailType(notice)).detail(json)));
                if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
                    PutEventsResultEntry e = r.entries().get(0);
                    LOG.warn("EventBridge refused the run notification ({} {}) for {}: {} {} (the run is not"
                            + " affected)", notice.event(), notice.status(), targets.eventBus(), e.errorCode(),
                            e.errorMessage());
                } else {
                    LOG.info("notification {} {} put on event bus {}", notice.event(), notice.status(),
                            targets.eventBus());
                }
            } catch (RuntimeException e) {
                LOG.warn("could not put the run notification ({} {}) on event bus {}: {} (the run is not affected)",
                        notice.event(), notice.status(), targets.eventBus(), e.getMessage());
            }
        }
    }

    /** {@code wdlbatch run started} / {@code wdlbatch run ended}. */
    static String detailType(RunNotice n) {
        return SOURCE + " run " + (RunNotice.STARTED.equals(n.event()) ? "started" : "ended");
    }

    @Override
    public void close() {
        if (sns != null) {
            sns.close();
        }
        if (events != null) {
            events.close();
        }
    }
}
