package org.wdlbatch.cdk;

import java.util.Map;

/**
 * The only IAM actions this stack allows on resource {@code *}, each because AWS offers no resource-level
 * permission for it (see the Service Authorization Reference of each service). Every other statement names its
 * resources; the tests fail on any other {@code *} resource and on any {@code *} action.
 */
public final class WildcardResourceActions {

    private WildcardResourceActions() {}

    /** action -> why AWS requires resource {@code *}. */
    public static final Map<String, String> ACTIONS = Map.of(
            "batch:DescribeJobs",
            "Batch has no resource-level permissions for DescribeJobs: polling task jobs needs resource *",
            "batch:ListJobs",
            "Batch has no resource-level permissions for ListJobs (it filters by queue in the request, not in IAM)",
            "batch:DescribeJobQueues",
            "Batch has no resource-level permissions for Describe* calls: reading queue settings needs resource *",
            "batch:DescribeJobDefinitions",
            "Batch has no resource-level permissions for Describe* calls: the workflow job reads the shipped WDL from"
                    + " its own job definition's tags",
            "batch:DescribeComputeEnvironments",
            "Batch has no resource-level permissions for Describe* calls: the platform (EC2 or Fargate) of each queue"
                    + " is checked before submitting, and submit_awsbatch --check reads the queues' compute"
                    + " environments",
            "ecr:GetAuthorizationToken",
            "ECR's GetAuthorizationToken is account-wide and accepts only resource *: image pulls need it");
}
