package org.wdlbatch.submit.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueuePlatform;
import org.wdlbatch.aws.QueueTags;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * Runs every check in the order a run meets them: the workflow queue and its compute environments, the queue's
 * tags, the task queues, the EFS access point, the workflow role, the image, the upload bucket, the log group.
 * A check that cannot run because an earlier one failed (no queue, so no tags) says so instead of guessing.
 */
public final class AccountCheck {

    /** An IAM role ARN as Batch accepts it for {@code jobRoleArn} and {@code executionRoleArn}. */
    public static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");

    private final CheckClients aws;
    private final CheckTarget target;
    private final List<CheckLine> lines = new ArrayList<>();

    public AccountCheck(CheckClients aws, CheckTarget target) {
        this.aws = aws;
        this.target = target;
    }

    /** Every line of the checklist, in order. */
    public List<CheckLine> run() {
        String wqName = target.workflowQueue();
        if (wqName == null) {
            lines.add(CheckLine.fail("workflow queue", "none named", "pass --workflow-queue QUEUE or set"
                    + " WDLBATCH__AWS__WORKFLOW_QUEUE (the CDK stack's output SubmitCommand names it)"));
            return lines;
        }
        JobQueueDetail wq = guarded("workflow queue " + wqName, "batch:DescribeJobQueues",
                () -> queue(wqName, "workflow queue", "the CDK stack creates it: cdk deploy (docs/first-run.md)"));
        if (wq == null) {
            return lines;
        }
        guarded("workflow compute environment", "batch:DescribeComputeEnvironments",
                () -> computeEnvironments(wq, "workflow", true));
        Map<String, String> tags = wq.tags() == null ? Map.of() : wq.tags();
        checkTags(wqName, tags);

        String taskQueue = target.taskQueue() != null ? target.taskQueue() : tags.get(QueueTags.DEFAULT_TASK_QUEUE);
        if (taskQueue != null) {
            JobQueueDetail tq = guarded("task queue " + taskQueue, "batch:DescribeJobQueues",
                    () -> queue(taskQueue, "task queue", "name an existing queue with --task-queue, or fix the tag "
                            + QueueTags.DEFAULT_TASK_QUEUE + " of " + wqName));
            if (tq != null) {
                guarded("task compute environment", "batch:DescribeComputeEnvironments",
                        () -> computeEnvironments(tq, "task", false));
            }
        }
        String fallback = target.taskQueueFallback() != null ? target.taskQueueFallback()
                : tags.get(QueueTags.DEFAULT_TASK_QUEUE_FALLBACK);
        if (fallback != null) {
            JobQueueDetail fq = guarded("task queue fallback " + fallback, "batch:DescribeJobQueues",
                    () -> queue(fallback, "task queue fallback", "name an existing queue with --task-queue-fallback,"
                            + " or fix the tag " + QueueTags.DEFAULT_TASK_QUEUE_FALLBACK + " of " + wqName));
            if (fq != null) {
                guarded("fallback compute environment", "batch:DescribeComputeEnvironments",
                        () -> computeEnvironments(fq, "fallback", false));
            }
        }

        String role = target.workflowRole() != null ? target.workflowRole()
                : tags.get(QueueTags.WORKFLOW_ENGINE_ROLE_ARN);
        if (target.efs()) {
            String fsap = target.fsap() != null ? target.fsap() : tags.get(QueueTags.DEFAULT_FSAP);
            if (fsap != null) {
                lines.addAll(new EfsCheck(aws).check(fsap));
            }
        }
        checkRole(role, wq);
        String image = target.image() != null ? target.image() : tags.get(QueueTags.WORKFLOW_IMAGE);
        if (image == null) {
            image = target.defaultImage().apply(role);
        }
        lines.add(new ImageCheck(aws).check(image));
        lines.add(new UploadCheck(aws).checkBucket(target.s3upload()));
        lines.add(new UploadCheck(aws).checkLogGroup());
        return lines;
    }

    private JobQueueDetail queue(String name, String what, String fix) {
        List<JobQueueDetail> found = aws.batch().get().describeJobQueues(b -> b.jobQueues(name)).jobQueues();
        if (found.isEmpty()) {
            lines.add(CheckLine.fail(what + " " + name, "no such job queue in " + region(), fix
                    + "; `aws batch describe-job-queues` lists the queues of this region"));
            return null;
        }
        JobQueueDetail q = found.get(0);
        if (!"ENABLED".equals(q.stateAsString())) {
            lines.add(CheckLine.fail(what + " " + name, "state " + q.stateAsString() + " (jobs are not scheduled)",
                    "aws batch update-job-queue --job-queue " + name + " --state ENABLED"));
        } else if (!"VALID".equals(q.statusAsString())) {
            lines.add(CheckLine.fail(what + " " + name, "status " + q.statusAsString() + ": " + q.statusReason(),
                    "fix the queue (see its status reason), or redeploy the stack: cdk deploy"));
        } else {
            lines.add(CheckLine.ok(what + " " + name, "ENABLED, VALID"));
        }
        return q;
    }

    /** The queue's compute environments: VALID and ENABLED, Fargate for the workflow queue, EC2 for tasks. */
    private Void computeEnvironments(JobQueueDetail q, String role, boolean fargate) {
        List<String> arns = q.computeEnvironmentOrder().stream().map(ComputeEnvironmentOrder::computeEnvironment)
                .toList();
        String item = role + " compute environment";
        if (arns.isEmpty()) {
            lines.add(CheckLine.fail(item, "queue " + q.jobQueueName() + " has none",
                    "attach a compute environment: aws batch update-job-queue --compute-environment-order ..."));
            return null;
        }
        for (ComputeEnvironmentDetail ce : aws.batch().get()
                .describeComputeEnvironments(b -> b.computeEnvironments(arns)).computeEnvironments()) {
            String name = item + " " + ce.computeEnvironmentName();
            String type = ce.computeResources() == null ? "UNMANAGED" : ce.computeResources().typeAsString();
            boolean isFargate = QueuePlatform.of(type) == QueuePlatform.Platform.FARGATE;
            if (!"ENABLED".equals(ce.stateAsString())) {
                lines.add(CheckLine.fail(name, "state " + ce.stateAsString(), "aws batch update-compute-environment"
                        + " --compute-environment " + ce.computeEnvironmentName() + " --state ENABLED"));
            } else if (!"VALID".equals(ce.statusAsString())) {
                lines.add(CheckLine.fail(name, "status " + ce.statusAsString() + ": " + ce.statusReason(),
                        "fix what the status reason names (subnets, roles, instance types), or redeploy: cdk deploy"));
            } else if (fargate != isFargate) {
                lines.add(CheckLine.fail(name, "type " + type + "; " + (fargate
                        ? "the workflow job is a Fargate job" : "task jobs need EC2 (spot or on-demand) instances"),
                        "use the stack's queues (cdk deploy) or attach a " + (fargate ? "FARGATE" : "EC2 or SPOT")
                        + " compute environment to " + q.jobQueueName()));
            } else if (role.equals("fallback") && type.equals("SPOT")) {
                lines.add(CheckLine.warn(name, "type SPOT: the fallback is where jobs go after spot reclaims",
                        "attach an on-demand (EC2) compute environment to " + q.jobQueueName()));
            } else {
                lines.add(CheckLine.ok(name, "ENABLED, VALID, " + type));
            }
        }
        return null;
    }

    private void checkTags(String wqName, Map<String, String> tags) {
        Map<String, String> overriddenBy = new LinkedHashMap<>();
        overriddenBy.put(QueueTags.DEFAULT_TASK_QUEUE, target.taskQueue() == null ? null : "--task-queue");
        overriddenBy.put(QueueTags.DEFAULT_TASK_QUEUE_FALLBACK,
                target.taskQueueFallback() == null ? null : "--task-queue-fallback");
        overriddenBy.put(QueueTags.DEFAULT_FSAP, target.fsap() != null ? "--fsap" : target.efs() ? null : "--no-efs");
        overriddenBy.put(QueueTags.WORKFLOW_ENGINE_ROLE_ARN, target.workflowRole() == null ? null : "--workflow-role");
        overriddenBy.put(QueueTags.WORKFLOW_IMAGE, target.image() == null ? null : "--image");
        List<String> all = new ArrayList<>(QueueTags.ALL);
        all.addAll(QueueTags.OPTIONAL);
        for (String tag : all) {
            String v = tags.get(tag);
            String item = "tag " + tag + " of " + wqName;
            String over = overriddenBy.get(tag);
            if (v != null && !v.isBlank()) {
                lines.add(CheckLine.ok(item, v + (over == null ? "" : " (" + over + " given instead)")));
            } else if (over != null) {
                lines.add(CheckLine.ok(item, "not set; " + over + " given"));
            } else if (tag.equals(QueueTags.WORKFLOW_IMAGE)) {
                lines.add(CheckLine.warn(item, "not set: the image is the default name (checked below)",
                        "redeploy the stack (cdk deploy publishes the image and sets the tag), or pass --image"));
            } else if (QueueTags.OPTIONAL.contains(tag)) {
                lines.add(CheckLine.ok(item, "not set (optional)"));
            } else if (tag.equals(QueueTags.DEFAULT_TASK_QUEUE_FALLBACK)) {
                lines.add(CheckLine.warn(item, "not set: no on-demand fallback after spot reclaims",
                        "pass --task-queue-fallback QUEUE, or redeploy the stack"));
            } else {
                lines.add(CheckLine.fail(item, "not set", "redeploy the stack (cdk deploy), or tag the queue: aws batch"
                        + " tag-resource --resource-arn <queue ARN> --tags " + tag + "=..."));
            }
        }
    }

    private void checkRole(String role, JobQueueDetail wq) {
        if (role == null) {
            lines.add(CheckLine.fail("workflow role", "none (a Fargate job needs an execution role)",
                    "pass --workflow-role ARN, or redeploy the stack (tag " + QueueTags.WORKFLOW_ENGINE_ROLE_ARN + ")"));
        } else if (!ROLE_ARN.matcher(role).matches()) {
            lines.add(CheckLine.fail("workflow role", role + " is not an IAM role ARN",
                    "give arn:aws:iam::<account>:role/<name>"));
        } else {
            String roleAccount = role.split(":")[4];
            String queueAccount = wq.jobQueueArn() == null ? roleAccount : wq.jobQueueArn().split(":")[4];
            if (!roleAccount.equals(queueAccount)) {
                lines.add(CheckLine.warn("workflow role", role + " is in account " + roleAccount + ", the queue in "
                        + queueAccount, "use a role of the queue's account unless cross-account roles are intended"));
            } else {
                lines.add(CheckLine.ok("workflow role", role));
            }
        }
    }

    private String region() {
        return aws.region() == null ? "this region" : aws.region();
    }

    /** Runs a check; an AWS error becomes its FAIL line naming the permission it needs. */
    private <T> T guarded(String item, String action, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (SdkException e) {
            lines.add(CheckLine.fail(item, "AWS error: " + e.getMessage(), "check the region and credentials; the"
                    + " submitting user needs " + action));
            return null;
        }
    }

    /** True when no line is a FAIL: a run would start. */
    public static boolean passes(List<CheckLine> lines) {
        return lines.stream().noneMatch(l -> l.status() == CheckLine.Status.FAIL);
    }

    static String batchLogGroup() {
        return AwsNames.BATCH_LOG_GROUP;
    }
}
