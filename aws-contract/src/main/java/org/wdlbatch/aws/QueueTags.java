package org.wdlbatch.aws;

import java.util.List;

/**
 * Tags on the workflow job queue that {@code submit_awsbatch} reads for its defaults. The CDK stack writes them,
 * the emulator's default world carries them, and the submitter reads them: all through these constants.
 */
public final class QueueTags {

    private QueueTags() {}

    /** Name of the task queue (EC2 spot) the workflow's task jobs go to. */
    public static final String DEFAULT_TASK_QUEUE = "DefaultTaskQueue";

    /** Name of the on-demand queue task jobs move to after spot reclaims. */
    public static final String DEFAULT_TASK_QUEUE_FALLBACK = "DefaultTaskQueueFallback";

    /** EFS access point id ({@code fsap-...}) that the workflow and task jobs mount. */
    public static final String DEFAULT_FSAP = "DefaultFsap";

    /** ARN of the IAM role the workflow job runs as. */
    public static final String WORKFLOW_ENGINE_ROLE_ARN = "WorkflowEngineRoleArn";

    /**
     * ARN of the IAM role task containers run as ({@code [aws] task_job_role}, the task job definitions'
     * {@code jobRoleArn}). Only on a queue whose stack has a task job role ({@code taskJobRoleArn} or
     * {@code createTaskJobRole}): without it, task containers run with no job role.
     */
    public static final String DEFAULT_TASK_JOB_ROLE_ARN = "DefaultTaskJobRoleArn";

    /**
     * Name of the job queue with GPU instances that GPU tasks go to ({@code [aws] gpu_task_queue}). Only on a
     * queue whose stack was deployed with the GPU option ({@code -c gpu=true}): without it, a GPU task fails
     * before it is submitted.
     */
    public static final String DEFAULT_GPU_TASK_QUEUE = "DefaultGpuTaskQueue";

    /**
     * The orchestrator image the workflow job runs (an ECR URI with tag or digest): the stack builds and publishes it
     * with the deploy. Optional: a stack deployed with an image of its own ({@code workflowImage}) or an older stack
     * lacks it, and then {@code --image} / {@code [aws] workflow_image} or the default ECR name decide.
     */
    public static final String WORKFLOW_IMAGE = "WorkflowImage";

    /** The tags every workflow queue of the stack carries. */
    public static final List<String> ALL =
            List.of(DEFAULT_TASK_QUEUE, DEFAULT_TASK_QUEUE_FALLBACK, DEFAULT_FSAP, WORKFLOW_ENGINE_ROLE_ARN);

    /** The tags a workflow queue carries only when the stack is deployed with the matching setting. */
    public static final List<String> OPTIONAL =
            List.of(DEFAULT_TASK_JOB_ROLE_ARN, DEFAULT_GPU_TASK_QUEUE, WORKFLOW_IMAGE);
}
