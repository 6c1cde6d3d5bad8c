package org.wdlbatch.cdk;

import java.util.List;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * What a person (or a SageMaker Studio execution role, or a cron job) needs to run {@code submit_awsbatch}
 * against this stack and nothing more: attach it to the users or roles that submit workflows. The account admin
 * who deployed the stack does not need it.
 */
public final class SubmitterPolicy extends Construct {

    private final ManagedPolicy policy;

    public SubmitterPolicy(Construct scope, String id, String workflowQueueArn, String workflowRoleArn,
                           SharedFileSystem efs, String logGroupArn) {
        super(scope, id);
        Stack stack = Stack.of(this);
        String jobDefinitions = WorkflowRole.batchArn(stack, "job-definition");
        String jobs = WorkflowRole.batchArn(stack, "job");
        this.policy = ManagedPolicy.Builder.create(this, "Policy")
                .description("wdlbatch: run submit_awsbatch against the " + stack.getStackName() + " stack")
                .statements(List.of(
                        PolicyStatement.Builder.create().sid("SubmitToTheWorkflowQueue")
                                .actions(List.of("batch:SubmitJob"))
                                .resources(List.of(workflowQueueArn, jobDefinitions)).build(),
                        PolicyStatement.Builder.create().sid("RegisterWorkflowJobDefinitions")
                                .actions(List.of("batch:RegisterJobDefinition", "batch:DeregisterJobDefinition"))
                                .resources(List.of(jobDefinitions)).build(),
                        PolicyStatement.Builder.create().sid("TerminateAndTagJobs")
                                .actions(List.of("batch:TerminateJob", "batch:TagResource"))
                                .resources(List.of(jobs, jobDefinitions)).build(),
                        PolicyStatement.Builder.create().sid("WatchJobs")
                                .actions(List.of("batch:DescribeJobs", "batch:ListJobs", "batch:DescribeJobQueues",
                                        "batch:DescribeComputeEnvironments"))
                                .resources(List.of("*")) // AWS requires *: see WildcardResourceActions
                                .build(),
                        // the workflow job definition names the workflow role as its job and execution role
                        PolicyStatement.Builder.create().sid("PassTheWorkflowRole")
                                .actions(List.of("iam:PassRole"))
                                .resources(List.of(workflowRoleArn)).build(),
                        PolicyStatement.Builder.create().sid("FollowWorkflowLogs")
                                .actions(List.of("logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogStreams"))
                                .resources(List.of(logGroupArn)).build(),
                        PolicyStatement.Builder.create().sid("DescribeAccessPoints")
                                .actions(List.of("elasticfilesystem:DescribeAccessPoints"))
                                .resources(List.of(efs.fileSystem().getFileSystemArn(),
                                        efs.accessPoint().getAccessPointArn())).build()))
                .build();
    }

    /**
     * What {@code submit_awsbatch --check} reads beyond a submission: the queues' compute environments, the file
     * system and its mount targets, the image in ECR (its repository only) and whether the log group exists.
     */
    public void allowTheAccountCheck(SharedFileSystem efs, String imageRepositoryArn) {
        Stack stack = Stack.of(this);
        policy.addStatements(PolicyStatement.Builder.create().sid("CheckComputeEnvironments")
                .actions(List.of("batch:DescribeComputeEnvironments"))
                .resources(List.of("*")) // AWS requires *: see WildcardResourceActions
                .build());
        policy.addStatements(PolicyStatement.Builder.create().sid("CheckTheFileSystem")
                .actions(List.of("elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets"))
                .resources(List.of(efs.fileSystem().getFileSystemArn(), efs.accessPoint().getAccessPointArn()))
                .build());
        policy.addStatements(PolicyStatement.Builder.create().sid("CheckTheLogGroup")
                .actions(List.of("logs:DescribeLogGroups"))
                // DescribeLogGroups is authorized on the account's log groups, not on one of them
                .resources(List.of(stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("logs")
                        .resource("log-group").resourceName("*")
                        .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());
        if (imageRepositoryArn != null) {
            policy.addStatements(PolicyStatement.Builder.create().sid("CheckTheWorkflowImage")
                    .actions(List.of("ecr:DescribeImages"))
                    .resources(List.of(imageRepositoryArn))
                    .build());
        }
    }

    public IManagedPolicy policy() {
        return policy;
    }
}
