package org.wdlbatch.cdk;

import java.util.List;
import java.util.Map;

import org.wdlbatch.aws.AwsNames;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The role the workflow job (the orchestrator on Fargate) runs as, both as ECS task execution role (pull the image,
 * write the container log) and as job role (submit and watch task jobs, use EFS, read logs, use S3). Tagged on the
 * workflow queue as {@code WorkflowEngineRoleArn}, so {@code submit_awsbatch} registers the workflow job with it.
 */
public final class WorkflowRole extends Construct {

    private final Role role;

    /**
     * @param taskQueueArns   the queues task jobs go to: the only queues the workflow may submit to
     * @param logGroupArn     ARN of {@code /aws/batch/job} ({@code ...:log-group:/aws/batch/job:*})
     */
    public WorkflowRole(Construct scope, String id, List<String> taskQueueArns, SharedFileSystem efs,
                        String logGroupArn, BucketAccess buckets) {
        super(scope, id);
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("wdlbatch workflow job: ECS task execution + submits and watches this stack's task jobs")
                .build();
        Stack stack = Stack.of(this);
        // Job definitions and jobs are named at run time by submit_awsbatch and the orchestrator, so they are scoped
        // to this account and region; the queues, which decide where work runs and who pays, are this stack's only.
        String jobDefinitions = batchArn(stack, "job-definition");
        String jobs = batchArn(stack, "job");

        // --- ECS task execution: authorize pulls, write the container log ---
        add(PolicyStatement.Builder.create().sid("EcrAuthorization")
                .actions(List.of("ecr:GetAuthorizationToken"))
                .resources(List.of("*")) // AWS requires *: see WildcardResourceActions
                .build());
        // pulling the image itself: its repository only (OrchestratorImage grants it)
        // Task images' digests go into the call-cache key (docs/containers.md): DescribeImages reads metadata only,
        // never layers, and task images may live in any repository of any account (another account's repository
        // must also allow it in its repository policy), so this one read is not scoped to a repository.
        add(PolicyStatement.Builder.create().sid("ResolveTaskImageDigests")
                .actions(List.of("ecr:DescribeImages"))
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("ecr").region("*").account("*")
                        .resource("repository").resourceName("*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .build());
        add(PolicyStatement.Builder.create().sid("WriteContainerLog")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroupArn))
                .build());

        // --- Batch: submit task jobs to this stack's task queues, watch and stop them ---
        add(PolicyStatement.Builder.create().sid("SubmitToTaskQueues")
                .actions(List.of("batch:SubmitJob"))
                .resources(concat(taskQueueArns, List.of(jobDefinitions)))
                .build());
        add(PolicyStatement.Builder.create().sid("ManageTaskJobDefinitions")
                .actions(List.of("batch:RegisterJobDefinition", "batch:DeregisterJobDefinition"))
                .resources(List.of(jobDefinitions))
                .build());
        add(PolicyStatement.Builder.create().sid("TerminateAndTagJobs")
                .actions(List.of("batch:TerminateJob", "batch:TagResource"))
                .resources(List.of(jobs, jobDefinitions))
                .build());
        add(PolicyStatement.Builder.create().sid("WatchJobs")
                .actions(List.of("batch:DescribeJobs", "batch:ListJobs", "batch:DescribeJobQueues",
                        "batch:DescribeJobDefinitions", "batch:DescribeComputeEnvironments"))
                .resources(List.of("*")) // AWS requires *: see WildcardResourceActions
                .build());

        // --- EFS: mount this file system through its access point only, with IAM authorization ---
        add(PolicyStatement.Builder.create().sid("MountSharedFileSystemThroughAccessPoint")
                .actions(List.of(SharedFileSystem.CLIENT_MOUNT, SharedFileSystem.CLIENT_WRITE))
                .resources(List.of(efs.fileSystem().getFileSystemArn()))
                .conditions(Map.of("StringEquals",
                        Map.of("elasticfilesystem:AccessPointArn", efs.accessPoint().getAccessPointArn())))
                .build());
        add(PolicyStatement.Builder.create().sid("DescribeAccessPoints")
                .actions(List.of("elasticfilesystem:DescribeAccessPoints"))
                .resources(List.of(efs.fileSystem().getFileSystemArn(), efs.accessPoint().getAccessPointArn()))
                .build());

        // --- CloudWatch Logs: read task logs of /aws/batch/job (failed task stderr, --follow) ---
        add(PolicyStatement.Builder.create().sid("ReadBatchJobLogs")
                .actions(List.of("logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogStreams"))
                .resources(List.of(logGroupArn))
                .build());

        // --- S3: the listed buckets only ---
        buckets.statements().forEach(this::add);
    }

    /**
     * Lets the workflow job name {@code taskJobRoleArn} as the job role of the task job definitions it registers
     * ({@code [aws] task_job_role}): {@code iam:PassRole} on exactly that role, and only to Batch or to the ECS tasks
     * Batch starts (which of the two AWS reports as the receiving service is Batch's business, not ours).
     */
    public void allowPassingTaskJobRole(String taskJobRoleArn) {
        add(PolicyStatement.Builder.create().sid("PassTheTaskJobRole")
                .actions(List.of("iam:PassRole"))
                .resources(List.of(taskJobRoleArn))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", PASSED_TO_SERVICES)))
                .build());
    }

    /** Services the task job role may be passed to. */
    public static final List<String> PASSED_TO_SERVICES = List.of("batch.amazonaws.com", "ecs-tasks.amazonaws.com");

    static String batchArn(Stack stack, String resource) {
        return stack.formatArn(ArnComponents.builder().service("batch").resource(resource).resourceName("*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    /** The ARN of {@link AwsNames#BATCH_LOG_GROUP} with its streams, as IAM needs it. */
    static String logGroupArn(Stack stack) {
        return stack.formatArn(ArnComponents.builder().service("logs").resource("log-group")
                .resourceName(AwsNames.BATCH_LOG_GROUP + ":*").arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }

    private void add(PolicyStatement statement) {
        role.addToPrincipalPolicy(statement);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    public IRole role() {
        return role;
    }
}
