package org.wdlbatch.cdk;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcLookupOptions;
import software.constructs.Construct;

/**
 * The VPC (new, or an existing one looked up by id), the one security group all compute environments share, and
 * the subnets compute and EFS use.
 */
public final class Network extends Construct {

    private final IVpc vpc;
    private final ISecurityGroup computeSecurityGroup;

    public Network(Construct scope, String id, WdlBatchSettings settings) {
        super(scope, id);
        this.vpc = settings.vpcId().isPresent() ? existingVpc(settings.vpcId().get()) : newVpc(settings);
        // Batch instances and Fargate tasks reach ECR, S3, Batch, CloudWatch and EFS; nothing reaches them
        this.computeSecurityGroup = SecurityGroup.Builder.create(this, "ComputeSecurityGroup")
                .vpc(vpc)
                .description("wdlbatch compute environments (workflow and task jobs): outbound only")
                .allowAllOutbound(true)
                .build();
    }

    /**
     * An existing VPC through {@code Vpc.fromLookup}: {@code cdk deploy} asks EC2 for its subnets once and caches
     * the answer in {@code cdk.context.json}, so later synths are offline and repeatable. Lookups need a concrete
     * account and region (from the AWS credentials {@code cdk} runs with).
     */
    private IVpc existingVpc(String vpcId) {
        Stack stack = Stack.of(this);
        if (Token.isUnresolved(stack.getAccount()) || Token.isUnresolved(stack.getRegion())) {
            throw new IllegalArgumentException("CDK context key 'vpcId' (" + vpcId + ") needs the target account and "
                    + "region to look the VPC up: run `npx cdk deploy` with AWS credentials, or set CDK_DEFAULT_ACCOUNT "
                    + "and CDK_DEFAULT_REGION; or leave vpcId out to create a new VPC");
        }
        return Vpc.fromLookup(this, "Vpc", VpcLookupOptions.builder().vpcId(vpcId).build());
    }

    private IVpc newVpc(WdlBatchSettings settings) {
        return Vpc.Builder.create(this, "Vpc")
                .maxAzs(settings.maxAzs())
                .natGateways(settings.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        // large private subnets: every Fargate workflow job and every task instance takes an address
                        SubnetConfiguration.builder().name("compute").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(20).build()))
                // S3 traffic (inputs, uploads, image layers from ECR) skips the NAT gateway: faster and free
                .gatewayEndpoints(Map.of("S3",
                        GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build()))
                .build();
    }

    public IVpc vpc() {
        return vpc;
    }

    public ISecurityGroup computeSecurityGroup() {
        return computeSecurityGroup;
    }

    /**
     * Where compute runs: the VPC's private subnets (public ones when the VPC has no private subnets), confined
     * to {@code zone} when EFS is One Zone, so no job mounts EFS across zones.
     */
    public SubnetSelection computeSubnets(String zone) {
        SubnetSelection.Builder b = SubnetSelection.builder();
        if (zone != null) {
            b.availabilityZones(List.of(zone));
        }
        return b.build();
    }

    /** The zone of a One Zone file system: the VPC's first. */
    public String firstZone() {
        return vpc.getAvailabilityZones().get(0);
    }
}
