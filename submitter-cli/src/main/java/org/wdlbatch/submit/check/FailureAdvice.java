package org.wdlbatch.submit.check;

/**
 * The likely fix for why AWS Batch did not run a job, from the reasons it gives ({@code statusReason} of the job,
 * {@code container.reason}): the checklist and {@code --wait}/{@code --follow} say the same thing.
 * Reasons: https://docs.aws.amazon.com/batch/latest/userguide/troubleshooting.html and
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
 */
public final class FailureAdvice {

    private FailureAdvice() {}

    /** How to publish the orchestrator image. */
    public static final String PUBLISH_IMAGE = "publish the image: cdk deploy (infra/cdk builds and pushes it and"
            + " tags the workflow queue with it), or push it yourself with Jib (docs/first-run.md, \"Images built"
            + " elsewhere\") and pass --image";

    /** The fix for a failed or stuck job's reasons, or null when there is nothing better to say than the reason. */
    public static String forReason(String statusReason, String containerReason) {
        String all = (statusReason == null ? "" : statusReason) + " " + (containerReason == null ? ""
                : containerReason);
        if (all.contains("CannotPullContainerError")) {
            return PUBLISH_IMAGE + "; check it with: submit_awsbatch --check";
        }
        if (all.contains("ResourceInitializationError")) {
            return "the job could not mount EFS or fetch its secrets/image: the file system needs an available mount"
                    + " target in each subnet of the compute environment, its security group must allow NFS (TCP"
                    + " 2049) from the jobs, and the execution role must be allowed to pull; check with:"
                    + " submit_awsbatch --check";
        }
        if (all.contains("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT")) {
            return "no compute environment of the queue can fit the job's vCPUs/memory/GPUs: ask for less"
                    + " (runtime cpu/memory, --cpu/--memory-GiB) or raise the compute environment's maxvCpus and"
                    + " instance types";
        }
        if (all.contains("MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE")
                || all.contains("CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY")) {
            return "the compute environment has no capacity for it now: raise maxvCpus, allow more instance types"
                    + " or wait; submit_awsbatch --check shows the queues' state";
        }
        if (all.contains("MISCONFIGURATION:SERVICE_ROLE_PERMISSIONS") || all.contains("SERVICE_ROLE")) {
            return "AWS Batch's service role lacks permissions: redeploy the stack (cdk deploy)";
        }
        return null;
    }

    /** The fix for a job that stays RUNNABLE: its reason's fix, else the usual causes. */
    public static String forRunnable(String statusReason) {
        String fix = forReason(statusReason, null);
        return fix != null ? fix : "a job stays RUNNABLE when its queue or compute environment is disabled or"
                + " invalid, when the compute environment's maxvCpus is used up or too small for the job, or when no"
                + " instance type fits it; check with: submit_awsbatch --check";
    }
}
