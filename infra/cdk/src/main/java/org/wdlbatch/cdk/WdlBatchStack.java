package org.wdlbatch.cdk;

import java.util.ArrayList;
import java.util.List;

import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Everything {@code submit_awsbatch} needs, from one {@code cdk deploy}: network, shared EFS, the Batch compute
 * environments and queues, the roles, the job log group and an optional results bucket. The workflow queue carries
 * the {@link QueueTags} that {@code submit_awsbatch} reads, so the first submission needs only the queue name.
 */
public final class WdlBatchStack extends Stack {

    /** Example workflow of this repository that the printed command submits. */
    public static final String EXAMPLE_WORKFLOW = "examples/hello.wdl";

    private final BatchCompute compute;
    private final GpuTaskCompute gpu;
    private final SharedFileSystem efs;
    private final WorkflowRole workflowRole;
    private final Bucket resultsBucket;

    public WdlBatchStack(Construct scope, String id, StackProps props, WdlBatchSettings settings) {
        super(scope, id, props);

        Network network = new Network(this, "Network", settings);
        String efsZone = settings.efsOneZone() ? network.firstZone() : null;
        SubnetSelection computeSubnets = network.computeSubnets(efsZone);
        this.efs = new SharedFileSystem(this, "SharedFileSystem", network, network.computeSecurityGroup(), settings);

        String logGroupArn = WorkflowRole.logGroupArn(this);
        if (settings.createLogGroup()) {
            CfnLogGroup logGroup = CfnLogGroup.Builder.create(this, "BatchJobLogGroup")
                    .logGroupName(AwsNames.BATCH_LOG_GROUP)
                    .retentionInDays(settings.logRetentionDays())
                    .build();
            // job logs are how failures get explained later: keep them if the stack goes
            logGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
        }

        this.resultsBucket = settings.resultsBucket() ? resultsBucket(settings) : null;
        List<String> readArns = settings.readBuckets().stream().map(BucketAccess::bucketArn).toList();
        List<String> writeArns = new ArrayList<>(settings.writeBuckets().stream().map(BucketAccess::bucketArn).toList());
        if (resultsBucket != null) {
            writeArns.add(resultsBucket.getBucketArn());
        }
        BucketAccess buckets = new BucketAccess(readArns, writeArns);

        TaskInstanceRole taskInstanceRole = new TaskInstanceRole(this, "TaskInstanceRole", buckets);
        TaskLaunchTemplate launchTemplate = new TaskLaunchTemplate(this, "TaskLaunchTemplate", settings);
        this.compute = new BatchCompute(this, "Batch", settings, network, computeSubnets, taskInstanceRole.role(),
                launchTemplate);
        ContextSettings context = ContextSettings.of(getNode()::tryGetContext);
        int capacityMinutes = RunnableTimeLimits.capacityMinutes(context);
        RunnableTimeLimits.apply(compute.taskQueue(), capacityMinutes);
        RunnableTimeLimits.apply(compute.fallbackQueue(), capacityMinutes);
        GpuTaskCompute.Settings gpuSettings = GpuTaskCompute.Settings.read(context);
        this.gpu = gpuSettings.enabled() ? new GpuTaskCompute(this, "GpuBatch", gpuSettings, settings, network,
                computeSubnets, taskInstanceRole.role(), launchTemplate, capacityMinutes) : null;
        List<String> taskQueueArns = new ArrayList<>(
                List.of(compute.taskQueue().getJobQueueArn(), compute.fallbackQueue().getJobQueueArn()));
        if (gpu != null) {
            taskQueueArns.add(gpu.queue().getJobQueueArn());
        }
        this.workflowRole = new WorkflowRole(this, "WorkflowRole", taskQueueArns, efs, logGroupArn, buckets);

        OrchestratorImage image = new OrchestratorImage(this, "OrchestratorImage", getNode()::tryGetContext,
                workflowRole.role(), settings);

        String taskJobRoleArn = settings.taskJobRoleArn().orElse(null);
        if (settings.createTaskJobRole()) {
            taskJobRoleArn = new TaskJobRole(this, "TaskJobRole", buckets).role().getRoleArn();
        }
        if (taskJobRoleArn != null) {
            workflowRole.allowPassingTaskJobRole(taskJobRoleArn);
        }

        RunNotificationTargets notify = new RunNotificationTargets(this, "RunNotifications", context, settings,
                workflowRole.role());
        if (context.bool(FairShareWorkflowQueue.ENABLED, false)) {
            new FairShareWorkflowQueue(this, "FairShare", settings, compute.workflowQueue());
        }

        SubmitterPolicy submitter = new SubmitterPolicy(this, "SubmitterPolicy", compute.workflowQueue().getJobQueueArn(),
                workflowRole.role().getRoleArn(), efs, logGroupArn);
        submitter.allowTheAccountCheck(efs, image.repositoryArn());

        String workflowQueueName = settings.prefixed(AwsNames.DEFAULT_WORKFLOW_QUEUE);
        String taskQueueName = settings.prefixed(AwsNames.DEFAULT_TASK_QUEUE);
        String fallbackQueueName = settings.prefixed(AwsNames.DEFAULT_TASK_QUEUE_FALLBACK);

        // what submit_awsbatch reads from the workflow queue: the keys are the shared contract constants
        Tags.of(compute.workflowQueue()).add(QueueTags.DEFAULT_TASK_QUEUE, taskQueueName);
        Tags.of(compute.workflowQueue()).add(QueueTags.DEFAULT_TASK_QUEUE_FALLBACK, fallbackQueueName);
        Tags.of(compute.workflowQueue()).add(QueueTags.DEFAULT_FSAP, efs.accessPoint().getAccessPointId());
        Tags.of(compute.workflowQueue()).add(QueueTags.WORKFLOW_ENGINE_ROLE_ARN, workflowRole.role().getRoleArn());
        if (gpu != null) {
            // only with -c gpu=true: without the tag, a GPU task fails before submission saying how to get one
            Tags.of(compute.workflowQueue()).add(QueueTags.DEFAULT_GPU_TASK_QUEUE, settings.prefixed(GpuTaskCompute.QUEUE_NAME));
        }
        Tags.of(compute.workflowQueue()).add(QueueTags.WORKFLOW_IMAGE, image.imageUri());
        if (taskJobRoleArn != null) {
            // only with a task job role: without the tag, task containers run with no job role, as before
            Tags.of(compute.workflowQueue()).add(QueueTags.DEFAULT_TASK_JOB_ROLE_ARN, taskJobRoleArn);
        }

        output("WorkflowQueueName", workflowQueueName, "Batch queue for workflow jobs (Fargate); pass to --workflow-queue");
        output("TaskQueueName", taskQueueName, "Batch queue for task jobs (EC2 spot)");
        output("TaskQueueFallbackName", fallbackQueueName, "Batch queue for task jobs after spot reclaims (EC2 on-demand)");
        output("FileSystemId", efs.fileSystem().getFileSystemId(), "EFS file system holding run directories");
        output("AccessPointId", efs.accessPoint().getAccessPointId(), "EFS access point every job mounts (--fsap)");
        output("WorkflowRoleArn", workflowRole.role().getRoleArn(), "IAM role the workflow job runs as");
        output("WorkflowImage", image.imageUri(), "Orchestrator image of the workflow job (published by this deploy"
                + " unless -c workflowImage named one); submit_awsbatch takes it from the workflow queue's tag "
                + QueueTags.WORKFLOW_IMAGE);
        output("SubmitterPolicyArn", submitter.policy().getManagedPolicyArn(),
                "Managed policy to attach to the users or roles that run submit_awsbatch");
        if (gpu != null) {
            output("GpuTaskQueueName", settings.prefixed(GpuTaskCompute.QUEUE_NAME), "Batch queue for GPU task jobs"
                    + " (EC2 GPU instances, spot then on-demand); submit_awsbatch takes it from the workflow queue's tag "
                    + QueueTags.DEFAULT_GPU_TASK_QUEUE);
        }
        if (taskJobRoleArn != null) {
            output("TaskJobRoleArn", taskJobRoleArn, "IAM role task containers run as ([aws] task_job_role);"
                    + " submit_awsbatch takes it from the workflow queue's tag " + QueueTags.DEFAULT_TASK_JOB_ROLE_ARN);
        }
        if (notify.topic() != null) {
            output("NotifyTopicArn", notify.topic().getTopicArn(), "SNS topic for run notifications: submit_awsbatch"
                    + " --notify-sns <it>, or [notify] sns_topic (docs/notifications.md)");
        }
        if (resultsBucket != null) {
            output("ResultsBucketName", resultsBucket.getBucketName(), "S3 bucket for results (--s3upload s3://<it>/...)");
        }
        output("SubmitCommand", submitCommand(workflowQueueName),
                "Try it: the other settings come from the workflow queue's tags");
    }

    /** The first command to try after deploying, printed as a stack output. */
    public static String submitCommand(String workflowQueueName) {
        return "submit_awsbatch --workflow-queue " + workflowQueueName + " " + EXAMPLE_WORKFLOW + " --follow";
    }

    private Bucket resultsBucket(WdlBatchSettings settings) {
        return Bucket.Builder.create(this, "ResultsBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(false)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-results")
                        .expiration(Duration.days(settings.resultsExpirationDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
                // results are the point of running workflows: never deleted with the stack
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public BatchCompute compute() {
        return compute;
    }

    public SharedFileSystem efs() {
        return efs;
    }

    /** The GPU task queue and its compute environments; null unless deployed with {@code -c gpu=true}. */
    public GpuTaskCompute gpu() {
        return gpu;
    }

    public WorkflowRole workflowRole() {
        return workflowRole;
    }
}
