package org.wdlbatch.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;

/**
 * A job role for task containers ({@code [aws] task_job_role}): given as an existing role's ARN, or created by the
 * stack. Either way the workflow role may pass exactly that role, and only to Batch / the ECS tasks it starts.
 */
class TaskJobRoleStackTest {

    static final String EXISTING = "arn:aws:iam::123456789012:role/teams/wdl-tasks";

    @TempDir
    static Path outdir;

    static Map<String, Object> given;
    static Map<String, Object> created;

    @BeforeAll
    static void synthesize() {
        given = Cfn.map(WdlBatchApp.synth(Map.of(ContextSettings.TASK_JOB_ROLE_ARN, EXISTING),
                outdir.resolve("given").toString(), null, null).getStackByName(WdlBatchApp.STACK_NAME).getTemplate());
        created = Cfn.map(WdlBatchApp.synth(Map.of(ContextSettings.CREATE_TASK_JOB_ROLE, "true",
                        ContextSettings.READ_BUCKETS, "ref-data", ContextSettings.RESULTS_BUCKET, false),
                outdir.resolve("created").toString(), null, null).getStackByName(WdlBatchApp.STACK_NAME).getTemplate());
    }

    /** The logical id of the one resource of this type whose id starts with the construct's name. */
    static String idOf(Map<String, Object> template, String type, String constructId) {
        List<String> ids = Cfn.map(template.get("Resources")).entrySet().stream()
                .filter(e -> e.getKey().startsWith(constructId) && type.equals(Cfn.at(e.getValue(), "Type")))
                .map(Map.Entry::getKey).toList();
        assertThat(ids).as("%s under %s", type, constructId).hasSize(1);
        return ids.get(0);
    }

    /** The workflow role's statements that allow iam:PassRole. */
    static List<PolicyStatements.Statement> workflowPassRoles(Map<String, Object> template) {
        String policy = idOf(template, "AWS::IAM::Policy", "WorkflowRole");
        return PolicyStatements.of(template).stream().filter(s -> s.source().equals(policy))
                .filter(s -> s.actions().contains("iam:PassRole")).toList();
    }

    /** The tags of the workflow queue, as submit_awsbatch reads them. */
    static Map<String, Object> workflowQueueTags(Map<String, Object> template) {
        List<Object> queues = Cfn.map(template.get("Resources")).values().stream()
                .filter(r -> "AWS::Batch::JobQueue".equals(Cfn.at(r, "Type")))
                .filter(r -> AwsNames.DEFAULT_WORKFLOW_QUEUE.equals(Cfn.at(r, "Properties", "JobQueueName")))
                .toList();
        assertThat(queues).hasSize(1);
        return Cfn.map(Cfn.at(queues.get(0), "Properties", "Tags"));
    }

    static void passesOnlyToBatch(PolicyStatements.Statement pass) {
        assertThat(pass.sid()).isEqualTo("PassTheTaskJobRole");
        assertThat(pass.allows()).isTrue();
        assertThat(pass.actions()).containsExactly("iam:PassRole");
        assertThat(Cfn.texts(Cfn.at(pass.json(), "Condition", "StringEquals", "iam:PassedToService")))
                .containsExactlyInAnyOrder("batch.amazonaws.com", "ecs-tasks.amazonaws.com");
    }

    @Test
    void anExistingTaskJobRoleMayBePassedByTheWorkflowRoleAndNoOtherRole() {
        List<PolicyStatements.Statement> passes = workflowPassRoles(given);
        assertThat(passes).hasSize(1);
        passesOnlyToBatch(passes.get(0));
        assertThat(passes.get(0).resources()).containsExactly(EXISTING);
        // no role is created for it, and its ARN is the output to put in [aws] task_job_role
        assertThat(Cfn.map(given.get("Resources")).keySet()).noneMatch(id -> id.startsWith("TaskJobRole"));
        assertThat(Cfn.at(given, "Outputs", "TaskJobRoleArn", "Value")).isEqualTo(EXISTING);
        // and the workflow queue names it, so that submit_awsbatch sets [aws] task_job_role without being told
        assertThat(workflowQueueTags(given)).containsEntry(QueueTags.DEFAULT_TASK_JOB_ROLE_ARN, EXISTING)
                .containsKeys(QueueTags.ALL.toArray(new String[0]));
        assertThat(PolicyStatements.breaches(PolicyStatements.of(given))).isEmpty();
    }

    @Test
    void aCreatedTaskJobRoleIsAssumedByEcsTasksReadsTheListedBucketsAndMayBePassed() {
        String role = idOf(created, "AWS::IAM::Role", "TaskJobRole");
        Object trust = Cfn.at(Cfn.map(created.get("Resources")).get(role), "Properties", "AssumeRolePolicyDocument");
        assertThat(Cfn.list(Cfn.at(trust, "Statement"))).singleElement()
                .satisfies(s -> assertThat(Cfn.at(s, "Principal", "Service")).isEqualTo("ecs-tasks.amazonaws.com"));
        List<PolicyStatements.Statement> passes = workflowPassRoles(created);
        assertThat(passes).hasSize(1);
        passesOnlyToBatch(passes.get(0));
        assertThat(passes.get(0).resources()).containsExactly("${" + role + ".Arn}");
        assertThat(Cfn.text(Cfn.at(created, "Outputs", "TaskJobRoleArn", "Value"))).isEqualTo("${" + role + ".Arn}");
        assertThat(Cfn.text(workflowQueueTags(created).get(QueueTags.DEFAULT_TASK_JOB_ROLE_ARN)))
                .isEqualTo("${" + role + ".Arn}");
        // the task job role holds S3 on the listed buckets and nothing else
        String policy = idOf(created, "AWS::IAM::Policy", "TaskJobRole");
        List<PolicyStatements.Statement> own = PolicyStatements.of(created).stream()
                .filter(s -> s.source().equals(policy)).toList();
        assertThat(own).flatExtracting(PolicyStatements.Statement::actions).allMatch(a -> a.startsWith("s3:"));
        assertThat(own).flatExtracting(PolicyStatements.Statement::resources)
                .contains("arn:${AWS::Partition}:s3:::ref-data", "arn:${AWS::Partition}:s3:::ref-data/*");
        assertThat(PolicyStatements.breaches(PolicyStatements.of(created))).isEmpty();
    }
}
