package org.wdlbatch.cdk;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.services.batch.CfnJobQueue;
import software.amazon.awscdk.services.batch.JobQueue;

/**
 * {@code jobStateTimeLimitActions} of the task queues: a job at the head of a queue that stays RUNNABLE for a
 * reason that will not go away is cancelled, so the workflow fails with that reason instead of waiting for ever
 * (https://docs.aws.amazon.com/batch/latest/APIReference/API_JobStateTimeLimitAction.html and
 * https://docs.aws.amazon.com/batch/latest/userguide/job_stuck_in_runnable_time_limit_actions.html).
 * <ul>
 *   <li>{@code MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT} (no instance type of the queue can hold the job, e.g. a
 *   GPU job on a CPU queue, or more memory than the largest instance) and
 *   {@code MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE} (the job needs more vCPUs than maxvCpus): never
 *   resolved by waiting, cancelled after AWS's minimum of 10 minutes;</li>
 *   <li>{@code CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY}: EC2 has no such instances now; capacity may come back, so
 *   the job waits {@value #CONTEXT_KEY} minutes (default 240, AWS's own example; 10 to 1440) first.</li>
 * </ul>
 * Only CANCEL is allowed for ECS queues; the cancelled job's statusReason names the reason, which the orchestrator
 * reports as the task's failure.
 */
public final class RunnableTimeLimits {

    /** CDK context key: minutes a job may wait RUNNABLE for capacity before it is cancelled. */
    public static final String CONTEXT_KEY = "runnableCapacityMinutes";
    public static final int DEFAULT_CAPACITY_MINUTES = 240;
    /** AWS's minimum maxTimeSeconds: the misconfiguration reasons are cancelled as soon as AWS allows. */
    public static final int MISCONFIGURATION_SECONDS = 600;

    public static final String CAPACITY = "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY";
    public static final String JOB_RESOURCE_REQUIREMENT = "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT";
    public static final String COMPUTE_ENVIRONMENT_MAX_RESOURCE = "MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE";

    private RunnableTimeLimits() {}

    /** Reads {@value #CONTEXT_KEY} (10 to 1440 minutes, AWS's range for maxTimeSeconds). */
    public static int capacityMinutes(ContextSettings context) {
        return context.integer(CONTEXT_KEY, DEFAULT_CAPACITY_MINUTES, 10, 1440);
    }

    /** Sets the actions on a job queue (replacing any). */
    public static void apply(JobQueue queue, int capacityMinutes) {
        ((CfnJobQueue) queue.getNode().getDefaultChild()).addPropertyOverride("JobStateTimeLimitActions", List.of(
                action(JOB_RESOURCE_REQUIREMENT, MISCONFIGURATION_SECONDS),
                action(COMPUTE_ENVIRONMENT_MAX_RESOURCE, MISCONFIGURATION_SECONDS),
                action(CAPACITY, capacityMinutes * 60)));
    }

    private static Map<String, Object> action(String reason, int seconds) {
        return Map.of("Action", "CANCEL", "State", "RUNNABLE", "Reason", reason, "MaxTimeSeconds", seconds);
    }
}
