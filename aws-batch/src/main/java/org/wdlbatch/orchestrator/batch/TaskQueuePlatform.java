package org.wdlbatch.orchestrator.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.aws.QueueCheck;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * Task job definitions are EC2 ones (no {@code platformCapabilities}: Batch's default, so any image runs with the
 * shared file system mounted from the instance or by EFS): a task queue must have EC2 or SPOT compute
 * environments. Checked once per queue when the backend starts (DescribeComputeEnvironments), so a Fargate queue
 * given as a task queue is an error naming it rather than jobs that never start.
 */
final class TaskQueuePlatform {

    private TaskQueuePlatform() {}

    static void requireEc2(BatchClient batch, JobQueueDetail queue, String key) {
        List<String> arns = queue.computeEnvironmentOrder().stream()
                .sorted(java.util.Comparator.comparing(ComputeEnvironmentOrder::order))
                .map(ComputeEnvironmentOrder::computeEnvironment).toList();
        if (arns.isEmpty()) {
            return;
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (ComputeEnvironmentDetail ce : batch.describeComputeEnvironments(r -> r.computeEnvironments(arns))
                .computeEnvironments()) {
            types.put(ce.computeEnvironmentName(),
                    ce.computeResources() == null ? null : ce.computeResources().typeAsString());
        }
        QueueCheck.platform(new QueueCheck.Setting(key, queue.jobQueueName()), types, QueueCheck.Jobs.TASKS)
                .ifPresent(problem -> {
                    throw new BatchConfigException(problem);
                });
    }
}
