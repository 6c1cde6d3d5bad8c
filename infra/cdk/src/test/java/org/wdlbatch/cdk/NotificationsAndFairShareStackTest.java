package org.wdlbatch.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.NotifyNames;

import software.amazon.awscdk.assertions.Template;

/**
 * The optional run-notification targets ({@code -c notifyTopic=true}, {@code -c notifyEventBus=default}) with the
 * workflow role's permission to use them, and the optional fair-share workflow queue ({@code -c fairShare=true}),
 * in a synthesized template; the default stack has none of them.
 */
class NotificationsAndFairShareStackTest {

    @TempDir
    static Path outdir;

    static Map<String, Object> withJson;
    static Template with;
    static Map<String, Object> plainJson;

    @BeforeAll
    static void synthesize() {
        withJson = Cfn.map(WdlBatchApp.synth(Map.of(RunNotificationTargets.TOPIC, "true",
                RunNotificationTargets.EVENT_BUS, "default", FairShareWorkflowQueue.ENABLED, "true"),
                outdir.resolve("with").toString(), null, null).getStackByName(WdlBatchApp.STACK_NAME).getTemplate());
        with = Template.fromJSON(withJson);
        plainJson = Cfn.map(WdlBatchApp.synth(Map.of(), outdir.resolve("plain").toString(), null, null)
                .getStackByName(WdlBatchApp.STACK_NAME).getTemplate());
    }

    private static String workflowRoleId(Map<String, Object> json) {
        Map<String, Map<String, Object>> roles = Template.fromJSON(json).findResources("AWS::IAM::Role");
        return roles.entrySet().stream().filter(e -> e.getKey().startsWith("WorkflowRole")).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    /** The statements that apply to the workflow role (its default policy). */
    private static List<PolicyStatements.Statement> workflowRoleStatements(Map<String, Object> json) {
        Map<String, Object> resources = Cfn.map(json.get("Resources"));
        String role = workflowRoleId(json);
        return PolicyStatements.of(json).stream().filter(s -> {
            Object roles = Cfn.at(resources.get(s.source()), "Properties", "Roles");
            return roles != null && Cfn.texts(roles).contains("${" + role + "}");
        }).toList();
    }

    @Test
    void theTopicExistsAndOnlyTheWorkflowRoleMayPublishToItAndPutEventsOnTheBus() {
        Map<String, Map<String, Object>> topics = with.findResources("AWS::SNS::Topic");
        assertThat(topics).hasSize(1);
        String topicId = topics.keySet().iterator().next();
        assertThat(Cfn.at(topics.get(topicId), "Properties", "TopicName")).isEqualTo(NotifyNames.DEFAULT_TOPIC);

        List<PolicyStatements.Statement> role = workflowRoleStatements(withJson);
        assertThat(role).filteredOn(s -> s.actions().contains("sns:Publish")).singleElement()
                .satisfies(s -> assertThat(s.resources()).containsExactly("${" + topicId + "}"));
        assertThat(role).filteredOn(s -> s.actions().contains("events:PutEvents")).singleElement()
                .satisfies(s -> assertThat(s.resources()).singleElement().asString()
                        .endsWith(":event-bus/default").contains(":events:"));
        assertThat(PolicyStatements.breaches(PolicyStatements.of(withJson))).isEmpty();
        assertThat(Cfn.map(withJson.get("Outputs"))).containsKey("NotifyTopicArn");
    }

    @Test
    void theWorkflowQueueAloneGetsAFairSharePolicy() {
        Map<String, Map<String, Object>> policies = with.findResources("AWS::Batch::SchedulingPolicy");
        assertThat(policies).hasSize(1);
        String policyId = policies.keySet().iterator().next();
        Map<String, Map<String, Object>> queues = with.findResources("AWS::Batch::JobQueue");
        for (Map<String, Object> q : queues.values()) {
            Object name = Cfn.at(q, "Properties", "JobQueueName");
            Object policy = Cfn.at(q, "Properties", "SchedulingPolicyArn");
            if (AwsNames.DEFAULT_WORKFLOW_QUEUE.equals(name)) {
                assertThat(Cfn.text(policy)).isEqualTo("${" + policyId + ".Arn}");
            } else {
                assertThat(policy).as("queue %s", name).isNull();
            }
        }
    }

    @Test
    void theDefaultStackHasNoTopicNoPolicyAndNoNotificationPermission() {
        Template plain = Template.fromJSON(plainJson);
        plain.resourceCountIs("AWS::SNS::Topic", 0);
        plain.resourceCountIs("AWS::Batch::SchedulingPolicy", 0);
        assertThat(workflowRoleStatements(plainJson)).flatExtracting(PolicyStatements.Statement::actions)
                .isNotEmpty().doesNotContain("sns:Publish", "events:PutEvents");
    }
}
