package org.wdlbatch.cdk;

import java.util.List;

import software.amazon.awscdk.services.batch.CfnJobQueue;
import software.amazon.awscdk.services.batch.CfnSchedulingPolicy;
import software.amazon.awscdk.services.batch.JobQueue;
import software.constructs.Construct;

/**
 * {@code -c fairShare=true}: a fair-share scheduling policy on the workflow queue, so that workflow jobs of several
 * teams share it by {@code submit_awsbatch --share-identifier TEAM} instead of first come, first served. AWS Batch
 * then requires a share identifier on every job of that queue (submit_awsbatch checks before submitting), and a
 * queue's policy can be replaced but never removed
 * (https://docs.aws.amazon.com/batch/latest/APIReference/API_UpdateJobQueue.html): turning the option off later
 * needs a new queue. The task queues stay FIFO.
 */
public final class FairShareWorkflowQueue extends Construct {

    /** CDK context key. */
    public static final String ENABLED = "fairShare";
    /** Name of the policy (prefixed by {@code namePrefix}). */
    public static final String POLICY_NAME = "wdlbatch-workflows-fair-share";
    /** How long past usage counts against a share: an hour, about a workflow job's typical length. */
    public static final int SHARE_DECAY_SECONDS = 3600;

    private final CfnSchedulingPolicy policy;

    public FairShareWorkflowQueue(Construct scope, String id, WdlBatchSettings settings, JobQueue workflowQueue) {
        super(scope, id);
        this.policy = CfnSchedulingPolicy.Builder.create(this, "Policy")
                .name(settings.prefixed(POLICY_NAME))
                .fairsharePolicy(CfnSchedulingPolicy.FairsharePolicyProperty.builder()
                        .shareDecaySeconds(SHARE_DECAY_SECONDS)
                        .computeReservation(0)
                        .shareDistribution(List.of())
                        .build())
                .build();
        ((CfnJobQueue) workflowQueue.getNode().getDefaultChild()).setSchedulingPolicyArn(policy.getAttrArn());
    }

    public CfnSchedulingPolicy policy() {
        return policy;
    }
}
