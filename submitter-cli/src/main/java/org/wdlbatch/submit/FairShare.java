package org.wdlbatch.submit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * Fair-share scheduling of a run: the workflow job's {@code shareIdentifier} and
 * {@code schedulingPriorityOverride}, and the share identifier its task jobs get, checked against the scheduling
 * policies of the queues before anything is submitted. AWS's rules
 * (https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html): a queue with a fair-share scheduling
 * policy requires a shareIdentifier, a queue without one rejects it, and schedulingPriorityOverride is 0 to 9999.
 *
 * @param shareIdentifier the workflow job's, or null (its queue is FIFO)
 * @param schedulingPriority the workflow job's schedulingPriorityOverride, or null
 * @param taskShareIdentifier what the task jobs get ({@code [aws] share_identifier} of the workflow job), or null
 *     when the task queues are FIFO
 */
record FairShare(String shareIdentifier, Integer schedulingPriority, String taskShareIdentifier) {

    static final String SHARE_KEY = "aws.share_identifier";
    static final String PRIORITY_KEY = "aws.scheduling_priority";
    static final String TASK_SHARE_KEY = "aws.task_share_identifier";
    static final int MAX_PRIORITY = 9999;

    /**
     * @param shareFlag {@code --share-identifier} or null (then {@code [aws] share_identifier})
     * @param priorityFlag {@code --scheduling-priority} or null (then {@code [aws] scheduling_priority})
     */
    static FairShare resolve(String shareFlag, String priorityFlag, Map<String, String> env, BatchClient batch,
            Settings s) throws UsageException {
        String share = shareFlag != null ? shareFlag.strip() : value(env, SHARE_KEY);
        String shareSource = shareFlag != null ? "--share-identifier" : ConfigKeys.variableOf(SHARE_KEY);
        String taskShare = value(env, TASK_SHARE_KEY);
        String prioText = priorityFlag != null ? priorityFlag.strip() : value(env, PRIORITY_KEY);
        String prioSource = priorityFlag != null ? "--scheduling-priority" : ConfigKeys.variableOf(PRIORITY_KEY);
        Integer priority = null;
        if (prioText != null) {
            try {
                priority = Integer.valueOf(prioText);
            } catch (NumberFormatException e) {
                priority = -1;
            }
            if (priority < 0 || priority > MAX_PRIORITY) {
                throw new UsageException(prioSource + " " + prioText + ": a scheduling priority is a whole number from"
                        + " 0 to " + MAX_PRIORITY + " (AWS Batch's schedulingPriorityOverride; higher runs first within"
                        + " a share)");
            }
        }
        if (share != null && share.isEmpty()) {
            share = null;
        }

        Map<String, String> policies = policies(batch, s);
        String workflowPolicy = policies.get(s.workflowQueue());
        if (workflowPolicy != null && share == null) {
            throw new UsageException("the workflow queue " + s.workflowQueue() + " has a fair-share scheduling policy ("
                    + workflowPolicy + "): AWS Batch requires a share identifier for its jobs; pass --share-identifier"
                    + " ID or set " + ConfigKeys.variableOf(SHARE_KEY));
        }

        // the task jobs: every queue they may go to must agree, as they all get the one [aws] share_identifier
        List<String> taskQueues = new ArrayList<>();
        for (String q : new String[] {s.taskQueue(), s.taskQueueFallback(), s.gpuTaskQueue()}) {
            if (q != null) {
                taskQueues.add(q);
            }
        }
        Set<String> fair = new LinkedHashSet<>();
        Set<String> fifo = new LinkedHashSet<>();
        for (String q : taskQueues) {
            (policies.get(q) != null ? fair : fifo).add(q);
        }
        if (!fair.isEmpty() && !fifo.isEmpty()) {
            throw new UsageException("the task queues " + fair + " have a fair-share scheduling policy and " + fifo
                    + " have none: task jobs get one share identifier, which AWS Batch requires on the first and"
                    + " rejects on the second; use task queues of one kind");
        }
        String forTasks = null;
        if (!fair.isEmpty()) {
            forTasks = taskShare != null ? taskShare : share;
            if (forTasks == null) {
                throw new UsageException("the task queue " + s.taskQueue() + " has a fair-share scheduling policy ("
                        + policies.get(s.taskQueue()) + "): AWS Batch requires a share identifier for the task jobs;"
                        + " set " + ConfigKeys.variableOf(TASK_SHARE_KEY) + " or pass --share-identifier ID");
            }
        } else if (taskShare != null) {
            throw new UsageException(ConfigKeys.variableOf(TASK_SHARE_KEY) + " " + taskShare + ": the task queue "
                    + s.taskQueue() + " has no fair-share scheduling policy, and AWS Batch rejects a share identifier"
                    + " there; unset it");
        }
        if (workflowPolicy == null && forTasks == null && share != null) {
            throw new UsageException(shareSource + " " + share + ": neither the workflow queue " + s.workflowQueue()
                    + " nor the task queue " + s.taskQueue() + " has a fair-share scheduling policy, and AWS Batch"
                    + " rejects a share identifier on such queues; drop it, or use a fair-share queue");
        }
        return new FairShare(workflowPolicy != null ? share : null, workflowPolicy != null ? priority : null,
                forTasks);
    }

    /** The workflow job's environment: the task jobs' share identifier, and no launch-only key. */
    void applyTo(Map<String, String> env) {
        env.remove(ConfigKeys.variableOf(TASK_SHARE_KEY));
        if (taskShareIdentifier != null) {
            env.put(ConfigKeys.variableOf(SHARE_KEY), taskShareIdentifier);
        } else {
            env.remove(ConfigKeys.variableOf(SHARE_KEY)); // FIFO task queues: AWS would reject every task job
        }
    }

    /** The scheduling policy ARN of each queue of the run that has one, by the name or ARN the settings use. */
    private static Map<String, String> policies(BatchClient batch, Settings s) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String q : new String[] {s.workflowQueue(), s.taskQueue(), s.taskQueueFallback(), s.gpuTaskQueue()}) {
            if (q != null) {
                wanted.add(q);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (JobQueueDetail q : batch.describeJobQueues(r -> r.jobQueues(wanted)).jobQueues()) {
            if (q.schedulingPolicyArn() != null && !q.schedulingPolicyArn().isEmpty()) {
                out.put(q.jobQueueName(), q.schedulingPolicyArn());
                out.put(q.jobQueueArn(), q.schedulingPolicyArn());
            }
        }
        return out;
    }

    private static String value(Map<String, String> env, String key) {
        String v = env.get(ConfigKeys.variableOf(key));
        return v == null || v.isBlank() ? null : v.strip();
    }
}
