package org.wdlbatch.submit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wdlbatch.aws.QueueCheck;
import org.wdlbatch.aws.QueuePlatform;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * Before submitting: the workflow job's definition is Fargate with EFS and EC2 with {@code --no-efs}, task job
 * definitions are always EC2; each queue's compute environments must run that platform, or the job never starts
 * (see {@link QueuePlatform}; the rule and its wording are {@link QueueCheck}'s, shared with the aws-batch backend).
 * One DescribeComputeEnvironments call covers every queue.
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
        Optional<String> wrong = platform(new QueueCheck.Setting("--workflow-queue", workflowQueue.jobQueueName()),
                workflowQueue, byArn, efs ? QueueCheck.Jobs.WORKFLOW_FARGATE : QueueCheck.Jobs.WORKFLOW_EC2);
        if (wrong.isPresent()) {
            throw new UsageException(wrong.get());
        }
        String[] flags = {"--task-queue", "--task-queue-fallback", "--gpu-task-queue"};
        JobQueueDetail[] taskQueues = {taskQueue, fallback, gpuQueue};
        for (int i = 0; i < flags.length; i++) {
            JobQueueDetail q = taskQueues[i];
            if (q == null) {
                continue;
            }
            Optional<String> bad = platform(new QueueCheck.Setting(flags[i], q.jobQueueName()), q, byArn,
                    QueueCheck.Jobs.TASKS);
            if (bad.isPresent()) {
                throw new UsageException(bad.get());
            }
        }
    }

    private static Optional<String> platform(QueueCheck.Setting setting, JobQueueDetail q,
            Map<String, ComputeEnvironmentDetail> byArn, QueueCheck.Jobs jobs) {
        Map<String, String> types = new LinkedHashMap<>();
        q.computeEnvironmentOrder().stream().sorted(java.util.Comparator.comparing(ComputeEnvironmentOrder::order))
                .forEach(o -> {
                    ComputeEnvironmentDetail ce = byArn.get(o.computeEnvironment());
                    if (ce != null) {
                        types.put(ce.computeEnvironmentName(),
                                ce.computeResources() == null ? null : ce.computeResources().typeAsString());
                    }
                });
        return QueueCheck.platform(setting, types, jobs);
    }
}
