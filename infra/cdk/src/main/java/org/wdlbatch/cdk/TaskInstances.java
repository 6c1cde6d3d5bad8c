package org.wdlbatch.cdk;

import java.util.List;

import software.amazon.awscdk.services.batch.AllocationStrategy;
import software.amazon.awscdk.services.batch.CfnComputeEnvironment;
import software.amazon.awscdk.services.batch.EcsMachineImage;
import software.amazon.awscdk.services.batch.EcsMachineImageType;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.IRole;
import software.constructs.Construct;

/**
 * Where and how task instances run, shared by every EC2 task compute environment (CPU and GPU): the compute
 * subnets and security group, the instance role, and the launch template (Docker storage, IMDSv2).
 */
record TaskInstances(Network network, SubnetSelection subnets, IRole instanceRole, TaskLaunchTemplate launchTemplate) {

    /**
     * A managed EC2 compute environment scaling from 0: spot with SPOT_PRICE_CAPACITY_OPTIMIZED, on-demand with
     * BEST_FIT_PROGRESSIVE; the AMI chosen explicitly rather than by Batch's changing default.
     */
    ManagedEc2EcsComputeEnvironment create(Construct scope, String id, boolean spot, int maxVcpus,
            List<InstanceType> types, List<InstanceClass> families, EcsMachineImageType image) {
        ManagedEc2EcsComputeEnvironment ce = ManagedEc2EcsComputeEnvironment.Builder.create(scope, id)
                .vpc(network.vpc())
                .vpcSubnets(subnets)
                .securityGroups(List.of(network.computeSecurityGroup()))
                .spot(spot)
                .allocationStrategy(spot ? AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED
                        : AllocationStrategy.BEST_FIT_PROGRESSIVE)
                .instanceTypes(types)
                .instanceClasses(families)
                .useOptimalInstanceClasses(false)
                .images(List.of(EcsMachineImage.builder().imageType(image).build()))
                .minvCpus(0)
                .maxvCpus(maxVcpus)
                .instanceRole(instanceRole)
                .launchTemplate(launchTemplate.launchTemplate())
                .build();
        // Batch resolves a launch template's default version once, when the compute environment is created; naming
        // the latest version makes every change of the template roll out (Batch replaces the instances)
        ((CfnComputeEnvironment) ce.getNode().getDefaultChild()).addPropertyOverride(
                "ComputeResources.LaunchTemplate.Version", launchTemplate.launchTemplate().getLatestVersionNumber());
        return ce;
    }
}
