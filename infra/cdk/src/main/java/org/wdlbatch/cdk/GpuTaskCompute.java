package org.wdlbatch.cdk;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.services.batch.EcsMachineImageType;
import software.amazon.awscdk.services.batch.JobQueue;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.batch.OrderedComputeEnvironment;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * The optional GPU task queue ({@code cdk deploy -c gpu=true}): the CPU task compute environments launch only
 * m/c/r instances with the plain ECS AMI, where a GPU job waits in RUNNABLE for ever. This queue has two EC2
 * compute environments of NVIDIA GPU instances (g4dn, g5, g6 by default, context key {@value #INSTANCE_TYPES}) with
 * the ECS GPU-optimized Amazon Linux 2023 AMI ({@code ECS_AL2023_NVIDIA}: NVIDIA driver and container toolkit;
 * the AL2 variant is past its end of support): spot first (SPOT_PRICE_CAPACITY_OPTIMIZED), then on-demand, which
 * takes the jobs when the spot environment is at its maxvCpus. The workflow queue's tag
 * {@code DefaultGpuTaskQueue} names it, so {@code submit_awsbatch} routes GPU tasks there.
 */
public final class GpuTaskCompute extends Construct {

    /** CDK context keys. */
    public static final String ENABLED = "gpu";
    public static final String INSTANCE_TYPES = "gpuInstanceTypes";
    public static final String MAX_VCPUS = "gpuMaxVcpus";
    /** Name of the GPU task queue (prefixed by {@code namePrefix}). */
    public static final String QUEUE_NAME = "wdl-gpu-tasks";
    /** x86 NVIDIA families: the AMI is x86_64 (g5g is Graviton) and NVIDIA's (g4ad is AMD). */
    public static final List<String> DEFAULT_INSTANCE_TYPES = List.of("g4dn", "g5", "g6");

    /** What {@code -c gpu=true} and its companions choose. */
    public record Settings(boolean enabled, List<String> instanceTypes, int maxVcpus) {

        public static Settings read(ContextSettings c) {
            return new Settings(c.bool(ENABLED, false),
                    c.list(INSTANCE_TYPES, DEFAULT_INSTANCE_TYPES, ContextSettings.INSTANCE_TYPE_PATTERN,
                            "EC2 GPU instance types or families like g5 or g4dn.xlarge", false),
                    c.integer(MAX_VCPUS, 64, 1, 100_000));
        }
    }

    private final ManagedEc2EcsComputeEnvironment spotCompute;
    private final ManagedEc2EcsComputeEnvironment onDemandCompute;
    private final JobQueue queue;

    public GpuTaskCompute(Construct scope, String id, Settings gpu, WdlBatchSettings settings, Network network,
                          SubnetSelection subnets, IRole taskInstanceRole, TaskLaunchTemplate launchTemplate,
                          int capacityMinutes) {
        super(scope, id);
        List<InstanceType> types = new ArrayList<>();
        List<InstanceClass> families = new ArrayList<>();
        for (String t : gpu.instanceTypes()) {
            if (t.contains(".")) {
                types.add(new InstanceType(t));
            } else {
                try {
                    families.add(InstanceClass.valueOf(t.toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("CDK context key '" + INSTANCE_TYPES + "': '" + t + "' is not"
                            + " an EC2 instance family this CDK version knows; give a GPU family like g5 or an"
                            + " instance type like g5.2xlarge");
                }
            }
        }
        TaskInstances instances = new TaskInstances(network, subnets, taskInstanceRole, launchTemplate);
        this.spotCompute = instances.create(this, "GpuSpotCompute", true, gpu.maxVcpus(), types, families,
                EcsMachineImageType.ECS_AL2023_NVIDIA);
        this.onDemandCompute = instances.create(this, "GpuOnDemandCompute", false, gpu.maxVcpus(), types, families,
                EcsMachineImageType.ECS_AL2023_NVIDIA);
        this.queue = JobQueue.Builder.create(this, "GpuTaskQueue")
                .jobQueueName(settings.prefixed(QUEUE_NAME))
                .priority(1)
                .computeEnvironments(List.of(
                        OrderedComputeEnvironment.builder().computeEnvironment(spotCompute).order(1).build(),
                        OrderedComputeEnvironment.builder().computeEnvironment(onDemandCompute).order(2).build()))
                .build();
        RunnableTimeLimits.apply(queue, capacityMinutes);
    }

    public JobQueue queue() {
        return queue;
    }

    public ManagedEc2EcsComputeEnvironment spotCompute() {
        return spotCompute;
    }

    public ManagedEc2EcsComputeEnvironment onDemandCompute() {
        return onDemandCompute;
    }
}
