package org.wdlbatch.cdk;

import java.util.List;

import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The EC2 instance role of the task compute environments (spot and on-demand). Task jobs without a job role
 * ({@link TaskJobRole}, {@code [aws] task_job_role}) use these credentials in their containers: the ECS agent's,
 * read-only ECR pulls, and S3 on the listed buckets.
 */
public final class TaskInstanceRole extends Construct {

    /** AWS managed policies: the ECS container agent on EC2, and pulling images from ECR. */
    public static final List<String> MANAGED_POLICIES = List.of(
            "service-role/AmazonEC2ContainerServiceforEC2Role",
            "AmazonEC2ContainerRegistryReadOnly");

    private final Role role;

    public TaskInstanceRole(Construct scope, String id, BucketAccess buckets) {
        super(scope, id);
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("wdlbatch task instances: ECS agent, ECR read-only, S3 on the listed buckets")
                .managedPolicies(MANAGED_POLICIES.stream().map(ManagedPolicy::fromAwsManagedPolicyName).toList())
                .build();
        buckets.statements().forEach(role::addToPrincipalPolicy);
    }

    public IRole role() {
        return role;
    }
}
