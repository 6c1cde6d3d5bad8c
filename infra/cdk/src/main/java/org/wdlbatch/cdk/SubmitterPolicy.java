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

    public IManagedPolicy policy() {
        return policy;
    }
}
