package org.wdlbatch.orchestrator.batch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * The job queues tasks name in their runtime {@code queueArn} (Cromwell's per-task queue): each is checked once,
 * before the first job goes there, to exist, be {@code VALID} and {@code ENABLED} (a DISABLED queue takes no new
 * jobs, https://docs.aws.amazon.com/batch/latest/APIReference/API_JobQueueDetail.html) and have EC2 or SPOT compute
 * environments, as {@code [aws] task_queue} is at start-up. A bad queue fails the task before anything is submitted,
 * naming the task and the ARN.
 */
final class TaskQueueOverrides {

    private final BatchClient batch;
    private final BatchCalls calls;
    /** ARN -> null when usable, else why not (the same answer for every task naming it). */
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    TaskQueueOverrides(BatchClient batch, BatchCalls calls) {
        this.batch = batch;
        this.calls = calls;
    }

    /** The queue ARN, once it is known to take task jobs; else an IllegalArgumentException naming task and ARN. */
    String check(String task, String arn) {
        String problem;
        try {
            problem = problems.computeIfAbsent(arn, this::problem);
        } catch (AwsServiceException e) {
            // not remembered: the next task naming the queue asks again
            throw new IllegalArgumentException("task " + task + ": runtime queueArn " + arn + " cannot be checked: "
                    + AwsClients.explain(e));
        }
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException("task " + task + ": runtime queueArn " + arn + " " + problem);
        }
        return arn;
    }

    /** Empty when the queue takes task jobs, else why not. */
    private String problem(String arn) {
        try {
            List<JobQueueDetail> found = calls.call("DescribeJobQueues",
                    () -> batch.describeJobQueues(r -> r.jobQueues(arn))).jobQueues();
            if (found.isEmpty()) {
                return "is no AWS Batch job queue in this account and region (aws batch describe-job-queues lists"
                        + " them); fix the ARN or remove queueArn to use [aws] task_queue";
            }
            JobQueueDetail q = found.get(0);
            if (!"ENABLED".equals(q.stateAsString()) || !"VALID".equals(q.statusAsString())) {
                return "is " + q.stateAsString() + " and " + q.statusAsString() + " (" + q.statusReason() + "): a task"
                        + " queue must be ENABLED and VALID to take jobs; enable it or name another queue";
            }
            calls.call("DescribeComputeEnvironments", () -> {
                TaskQueuePlatform.requireEc2(batch, q, "runtime queueArn");
                return null;
            });
            return "";
        } catch (BatchConfigException e) {
            return "cannot take task jobs: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking queue " + arn);
        }
    }
}
