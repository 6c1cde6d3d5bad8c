package org.wdlbatch.cdk;

import java.util.List;

import org.wdlbatch.aws.AwsNames;

import software.amazon.awscdk.services.batch.EcsMachineImageType;
import software.amazon.awscdk.services.batch.FargateComputeEnvironment;
import software.amazon.awscdk.services.batch.IComputeEnvironment;
import software.amazon.awscdk.services.batch.JobQueue;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.batch.OrderedComputeEnvironment;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * The three compute environments and their queues:
 * <ul>
 *   <li>Fargate + the workflow queue (one small, long-lived orchestrator job per workflow);</li>
 *   <li>EC2 spot (SPOT_PRICE_CAPACITY_OPTIMIZED) + the task queue (the calls' containers);</li>
 *   <li>EC2 on-demand + the fallback queue (tasks that spot keeps reclaiming).</li>
 * </ul>
 * No service role is set: AWS Batch then uses its service-linked role {@code AWSServiceRoleForBatch}, which it
 * creates on first use and which also covers spot capacity; no spot fleet role is needed because spot capacity
 * comes through EC2 Fleet with SPOT_PRICE_CAPACITY_OPTIMIZED (a spot fleet role is for BEST_FIT only).
 */
public final class BatchCompute extends Construct {

    private final FargateComputeEnvironment workflowCompute;
    private final ManagedEc2EcsComputeEnvironment spotCompute;
    private final ManagedEc2EcsComputeEnvironment onDemandCompute;
    private final JobQueue workflowQueue;
    private final JobQueue taskQueue;
    private final JobQueue fallbackQueue;

    public BatchCompute(Construct scope, String id, WdlBatchSettings settings, Network network,
                        SubnetSelection subnets, IRole taskInstanceRole, TaskLaunchTemplate launchTemplate) {
        super(scope, id);
        List<ISecurityGroup> securityGroups = List.of(network.computeSecurityGroup());
        List<InstanceType> instanceTypes = settings.taskInstanceTypes().stream()
                .filter(t -> t.contains(".")).map(InstanceType::new).toList();
        List<InstanceClass> instanceClasses = settings.taskInstanceTypes().stream()
                .filter(t -> !t.contains(".")).map(BatchCompute::instanceFamily).toList();

        this.workflowCompute = FargateComputeEnvironment.Builder.create(this, "WorkflowCompute")
                .vpc(network.vpc())
                .vpcSubnets(subnets)
                .securityGroups(securityGroups)
                .maxvCpus(settings.workflowMaxVcpus())
                // workflow jobs run for hours and hold the run together: not on Fargate Spot
                .spot(false)
                .build();

        TaskInstances instances = new TaskInstances(network, subnets, taskInstanceRole, launchTemplate);
        // Amazon Linux 2023 ECS-optimized AMI
        this.spotCompute = instances.create(this, "TaskSpotCompute", true, settings.taskMaxVcpus(), instanceTypes,
                instanceClasses, EcsMachineImageType.ECS_AL2023);
        this.onDemandCompute = instances.create(this, "TaskOnDemandCompute", false, settings.fallbackMaxVcpus(),
                instanceTypes, instanceClasses, EcsMachineImageType.ECS_AL2023);

        this.workflowQueue = queue("WorkflowQueue", settings.prefixed(AwsNames.DEFAULT_WORKFLOW_QUEUE), workflowCompute);
        this.taskQueue = queue("TaskQueue", settings.prefixed(AwsNames.DEFAULT_TASK_QUEUE), spotCompute);
        this.fallbackQueue = queue("TaskQueueFallback", settings.prefixed(AwsNames.DEFAULT_TASK_QUEUE_FALLBACK),
                onDemandCompute);
    }

    /** An instance family such as {@code m6id} (Batch then picks sizes from it). */
    static InstanceClass instanceFamily(String family) {
        try {
            return InstanceClass.valueOf(family.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CDK context key '" + ContextSettings.TASK_INSTANCE_TYPES + "': '" + family
                    + "' is not an EC2 instance family this CDK version knows; give a family like m6i or an instance"
                    + " type like m6i.2xlarge");
        }
    }

    private JobQueue queue(String id, String name, IComputeEnvironment computeEnvironment) {
        return JobQueue.Builder.create(this, id)
                .jobQueueName(name)
                .priority(1)
                .computeEnvironments(List.of(OrderedComputeEnvironment.builder()
                        .computeEnvironment(computeEnvironment).order(1).build()))
                .build();
    }

    public JobQueue workflowQueue() {
        return workflowQueue;
    }

    public JobQueue taskQueue() {
        return taskQueue;
    }

    public JobQueue fallbackQueue() {
        return fallbackQueue;
    }

    public FargateComputeEnvironment workflowCompute() {
        return workflowCompute;
    }

    public ManagedEc2EcsComputeEnvironment spotCompute() {
        return spotCompute;
    }

    public ManagedEc2EcsComputeEnvironment onDemandCompute() {
        return onDemandCompute;
    }
}
