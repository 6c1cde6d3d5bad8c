package org.wdlbatch.cdk;

import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The role task containers run as when the stack creates one ({@code createTaskJobRole}): the job role of every task
 * job definition ({@code [aws] task_job_role}), assumed by the ECS tasks Batch starts. It holds S3 on the listed
 * buckets only, so tasks reach their data without the instance role's ECS agent permissions.
 */
public final class TaskJobRole extends Construct {

    private final Role role;

    public TaskJobRole(Construct scope, String id, BucketAccess buckets) {
        super(scope, id);
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("wdlbatch task containers (job role): S3 on the listed buckets")
                .build();
        buckets.statements().forEach(role::addToPrincipalPolicy);
    }

    public IRole role() {
        return role;
    }
}
