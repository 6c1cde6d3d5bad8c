package org.wdlbatch.aws;

/** Fixed AWS-side names that more than one module relies on. */
public final class AwsNames {

    private AwsNames() {}

    /** The log group AWS Batch writes container logs to. */
    public static final String BATCH_LOG_GROUP = "/aws/batch/job";

    /** Where the workflow job mounts EFS. */
    public static final String EFS_MOUNT_POINT = "/mnt/efs";

    /** Default names of the queues in the CDK stack and in the emulator's default world. */
    public static final String DEFAULT_WORKFLOW_QUEUE = "wdl-workflows";
    public static final String DEFAULT_TASK_QUEUE = "wdl-tasks";
    public static final String DEFAULT_TASK_QUEUE_FALLBACK = "wdl-tasks-ondemand";

    /**
     * The workflow job's last log line starts with this (then the exit status): {@code submit_awsbatch --follow}
     * stops reading the log when it sees it, instead of waiting for a stream that may still trickle in.
     */
    public static final String END_OF_LOG_MARKER = "wdlbatch: end of workflow log";
}
