package org.wdlbatch.aws;

import java.util.Map;
import java.util.Optional;
import org.wdlbatch.aws.QueuePlatform.Platform;

/**
 * The rules on the Batch queues and the EFS access point a run is given, and the one wording of each problem, for
 * both sides: {@code submit_awsbatch} before it submits the workflow job (flags, {@code WDLBATCH__*} variables,
 * queue tags, and its account check), and the aws-batch backend when it starts inside the workflow job
 * ({@code [aws]} settings). The AWS calls stay on each side (this module has no SDK): what DescribeJobQueues,
 * DescribeComputeEnvironments and DescribeAccessPoints answered comes in as plain values.
 */
public final class QueueCheck {

    private QueueCheck() {}

    /** A setting as its side names it: a flag ({@code --task-queue}) or a configuration key ({@code [aws] task_queue}). */
    public record Setting(String name, String value) {

        /** {@code --task-queue q} or {@code [aws] task_queue = q}: how the user wrote it. */
        @Override
        public String toString() {
            return isFlag() ? name + " " + value : name + " = " + value;
        }

        /** The start of the fix: "pass --task-queue naming" or "set [aws] task_queue to". */
        String change() {
            return isFlag() ? "pass " + name + " naming" : "set " + name + " to";
        }

        private boolean isFlag() {
            return name.startsWith("-");
        }
    }

    /** What a queue runs; each kind needs compute environments of one platform. */
    public enum Jobs {
        /** the workflow job with EFS: a Fargate job mounting the access point */
        WORKFLOW_FARGATE(Platform.FARGATE),
        /** the workflow job with {@code --no-efs}: an EC2 job on instances that mount the shared file system */
        WORKFLOW_EC2(Platform.EC2),
        /** task jobs: EC2 job definitions (any image, GPUs, the shared file system) */
        TASKS(Platform.EC2);

        public final Platform platform;

        Jobs(Platform platform) {
            this.platform = platform;
        }
    }

    /**
     * A queue whose compute environments cannot run {@code jobs}: the job would stay RUNNABLE (see
     * {@link QueuePlatform}).
     *
     * @param computeEnvironmentTypes compute environment name → its type (null when unmanaged), in queue order
     */
    public static Optional<String> platform(Setting queue, Map<String, String> computeEnvironmentTypes, Jobs jobs) {
        return QueuePlatform.mismatch(computeEnvironmentTypes, jobs.platform).map(ce -> queue
                + ": its compute environment " + ce + switch (jobs) {
                    case WORKFLOW_FARGATE -> " runs EC2 jobs, but the workflow job is a Fargate job (it mounts EFS"
                            + " through the access point); " + queue.change() + " a Fargate queue (the CDK stack's "
                            + AwsNames.DEFAULT_WORKFLOW_QUEUE + "), or --no-efs on EC2 instances that mount the"
                            + " shared file system themselves";
                    case WORKFLOW_EC2 -> " runs Fargate jobs, but with --no-efs the workflow job is an EC2 job (the"
                            + " instances mount the shared file system at --mount); " + queue.change() + " a queue"
                            + " of EC2 compute environments, or drop --no-efs to run it on Fargate with EFS";
                    case TASKS -> " runs Fargate jobs, but task jobs are EC2 jobs (any image, GPUs, the shared file"
                            + " system); " + queue.change() + " a queue of EC2 or SPOT compute environments (the CDK"
                            + " stack's " + AwsNames.DEFAULT_TASK_QUEUE + "), and keep Fargate queues for the"
                            + " workflow job";
                });
    }

    /** DescribeJobQueues found no such queue. {@code where}: a region name, or "this account and region". */
    public static String noSuchQueue(Setting queue, String where) {
        return queue + ": no such AWS Batch job queue in " + where + "; " + queue.change()
                + " an existing queue (`aws batch describe-job-queues` lists them)";
    }

    /** An access point id has the form {@code fsap-...}; anything else is a mistake worth naming before a call. */
    public static Optional<String> accessPointId(Setting accessPoint) {
        return accessPoint.value().startsWith("fsap-") ? Optional.empty()
                : Optional.of(accessPoint.name() + " must be an EFS access point id (fsap-...), not "
                        + accessPoint.value());
    }

    /** DescribeAccessPoints found no such access point. */
    public static String noSuchAccessPoint(Setting accessPoint, String where) {
        return accessPoint + ": no such EFS access point in " + where + "; " + accessPoint.change()
                + " an existing access point (`aws efs describe-access-points` lists them)";
    }

    /**
     * A file system given together with an access point must be the access point's own: task jobs mount the access
     * point, so another file system would be a second, unused source of truth.
     */
    public static Optional<String> accessPointFileSystem(Setting fileSystem, String accessPointId,
            String accessPointFileSystem) {
        if (fileSystem.value() == null || fileSystem.value().equals(accessPointFileSystem)) {
            return Optional.empty();
        }
        return Optional.of(fileSystem + " but access point " + accessPointId + " belongs to " + accessPointFileSystem
                + ": leave " + fileSystem.name() + " empty or set it to " + accessPointFileSystem);
    }
}
