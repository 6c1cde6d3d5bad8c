package org.wdlbatch.cdk;

import java.util.List;

import org.wdlbatch.aws.NotifyNames;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Where run notifications ({@code [notify]}, docs/notifications.md) may go: with {@code -c notifyTopic=true} an SNS
 * topic ({@value NotifyNames#DEFAULT_TOPIC}, name prefixed) the workflow role may publish to; with
 * {@code -c notifyEventBus=NAME} ("default" for the account's bus) the workflow role may put events on that bus.
 * Without either, nothing is created and the role gets no such permission.
 */
public final class RunNotificationTargets extends Construct {

    /** CDK context keys. */
    public static final String TOPIC = "notifyTopic";
    public static final String EVENT_BUS = "notifyEventBus";

    private final Topic topic;

    public RunNotificationTargets(Construct scope, String id, ContextSettings context, WdlBatchSettings settings,
                                  IRole workflowRole) {
        super(scope, id);
        this.topic = context.bool(TOPIC, false) ? Topic.Builder.create(this, "Topic")
                .topicName(settings.prefixed(NotifyNames.DEFAULT_TOPIC))
                .displayName("wdlbatch runs")
                .build() : null;
        if (topic != null) {
            workflowRole.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("PublishRunNotifications")
                    .actions(List.of("sns:Publish"))
                    .resources(List.of(topic.getTopicArn()))
                    .build());
        }
        String bus = context.matching(EVENT_BUS, null, NotifyNames.EVENT_BUS,
                "an EventBridge event bus name such as default, or its ARN");
        if (bus != null && !bus.isEmpty()) {
            String busArn = bus.startsWith("arn:") ? bus : Stack.of(this).formatArn(ArnComponents.builder()
                    .service("events").resource("event-bus").resourceName(bus)
                    .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
            workflowRole.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("PutRunEvents")
                    .actions(List.of("events:PutEvents"))
                    .resources(List.of(busArn))
                    .build());
        }
    }

    /** The topic, or null without {@code -c notifyTopic=true}. */
    public Topic topic() {
        return topic;
    }
}
