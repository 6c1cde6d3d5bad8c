package org.wdlbatch.submit;

import java.util.Map;
import org.wdlbatch.aws.NotifyNames;

/**
 * {@code --notify-sns ARN} and the {@code [notify]} variables: checked here, so that a misspelt topic fails before
 * submission instead of being a warning at the end of the run, and passed to the workflow job, which sends the
 * notifications ({@code [notify] sns_topic}, {@code eventbridge_bus}).
 */
final class NotifySettings {

    static final String TOPIC_KEY = "notify.sns_topic";
    static final String BUS_KEY = "notify.eventbridge_bus";

    private NotifySettings() {}

    /** Checks the settings and puts {@code --notify-sns} into the workflow job's environment. */
    static void apply(String snsFlag, Map<String, String> shellEnv, Map<String, String> jobEnv) throws UsageException {
        String topicVariable = ConfigKeys.variableOf(TOPIC_KEY);
        String topic = snsFlag != null ? snsFlag.strip() : shellEnv.get(topicVariable);
        String source = snsFlag != null ? "--notify-sns" : topicVariable;
        if (topic != null && !topic.isBlank() && !NotifyNames.TOPIC_ARN.matcher(topic.strip()).matches()) {
            throw new UsageException(source + " " + topic + ": give the SNS topic's ARN, arn:aws:sns:REGION:ACCOUNT:NAME"
                    + " (`aws sns list-topics` lists them; the CDK stack's is the output NotifyTopicArn)");
        }
        String busVariable = ConfigKeys.variableOf(BUS_KEY);
        String bus = shellEnv.get(busVariable);
        if (bus != null && !bus.isBlank() && !NotifyNames.EVENT_BUS.matcher(bus.strip()).matches()) {
            throw new UsageException(busVariable + " " + bus + ": give an EventBridge event bus name (\"default\" is"
                    + " the account's) or its ARN");
        }
        if (snsFlag != null) {
            jobEnv.put(topicVariable, topic);
        }
    }
}
