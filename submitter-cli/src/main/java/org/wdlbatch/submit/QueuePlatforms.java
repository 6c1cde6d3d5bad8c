package org.wdlbatch.submit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueuePlatform;
import org.wdlbatch.aws.QueuePlatform.Platform;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * Before submitting: the workflow job's definition is Fargate with EFS and EC2 with {@code --no-efs}, task job
 * definitions are always EC2; each queue's compute environments must run that platform, or the job never starts
 * (see {@link QueuePlatform}). One DescribeComputeEnvironments call covers every queue.
 */
final class QueuePlatforms {

    private QueuePlatforms() {}

    static void check(BatchClient batch, boolean efs, JobQueueDetail workflowQueue, JobQueueDetail taskQueue,
            JobQueueDetail fallback, JobQueueDetail gpuQueue) throws UsageException {
        List<JobQueueDetail> all = new ArrayList<>();
        for (JobQueueDetail q : new JobQueueDetail[] {workflowQueue, taskQueue, fallback, gpuQueue}) {
            if (q != null) {
                all.add(q);
            }
        }
        Set<String> arns = new LinkedHashSet<>();
        all.forEach(q -> q.computeEnvironmentOrder().forEach(o -> arns.add(o.computeEnvironment())));
        if (arns.isEmpty()) {
            return;
        }
        Map<String, ComputeEnvironmentDetail> byArn = new LinkedHashMap<>();
        for (ComputeEnvironmentDetail ce : batch.describeComputeEnvironments(r -> r.computeEnvironments(arns))
                .computeEnvironments()) {
            byArn.put(ce.computeEnvironmentArn(), ce);
            byArn.put(ce.computeEnvironmentName(), ce);
        }
        Optional<String> wrong = mismatch(workflowQueue, byArn, efs ? Platform.FARGATE : Platform.EC2);
        if (wrong.isPresent()) {
            throw new UsageException("--workflow-queue " + workflowQueue.jobQueueName() + ": its compute environment "
                    + wrong.get() + (efs
                    ? " runs EC2 jobs, but the workflow job is a Fargate job (it mounts EFS through the access"
                            + " point); pass --workflow-queue naming a Fargate queue (the CDK stack's "
                            + AwsNames.DEFAULT_WORKFLOW_QUEUE + "), or --no-efs on EC2 instances that mount the"
                            + " shared file system themselves"
                    : " runs Fargate jobs, but with --no-efs the workflow job is an EC2 job (the instances mount the"
                            + " shared file system at --mount); pass --workflow-queue naming a queue of EC2"
                            + " compute environments, or drop --no-efs to run it on Fargate with EFS"));
        }
        String[] flags = {"--task-queue", "--task-queue-fallback", "--gpu-task-queue"};
        JobQueueDetail[] taskQueues = {taskQueue, fallback, gpuQueue};
        for (int i = 0; i < flags.length; i++) {
            JobQueueDetail q = taskQueues[i];
            if (q == null) {
                continue;
            }
            Optional<String> bad = mismatch(q, byArn, Platform.EC2);
            if (bad.isPresent()) {
                throw new UsageException(flags[i] + " " + q.jobQueueName() + ": its compute environment " + bad.get()
                        + " runs Fargate jobs, but task jobs are EC2 jobs (any image, GPUs, the shared file system);"
                        + " pass " + flags[i] + " naming a queue of EC2 or SPOT compute environments (the CDK"
                        + " stack's " + AwsNames.DEFAULT_TASK_QUEUE + "), and keep Fargate queues for the workflow"
                        + " job");
            }
        }
    }

    private static Optional<String> mismatch(JobQueueDetail q, Map<String, ComputeEnvironmentDetail> byArn,
            Platform wanted) {
        Map<String, String> types = new LinkedHashMap<>();
        q.computeEnvironmentOrder().stream().sorted(java.util.Comparator.comparing(ComputeEnvironmentOrder::order))
                .forEach(o -> {
                    ComputeEnvironmentDetail ce = byArn.get(o.computeEnvironment());
                    if (ce != null) {
                        types.put(ce.computeEnvironmentName(),
                                ce.computeResources() == null ? null : ce.computeResources().typeAsString());
                    }
                });
        return QueuePlatform.mismatch(types, wanted);
    }
}
