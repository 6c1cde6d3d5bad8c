package org.wdlbatch.cdk;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.efs.AccessPoint;
import software.amazon.awscdk.services.efs.AccessPointOptions;
import software.amazon.awscdk.services.efs.Acl;
import software.amazon.awscdk.services.efs.FileSystem;
import software.amazon.awscdk.services.efs.LifecyclePolicy;
import software.amazon.awscdk.services.efs.OutOfInfrequentAccessPolicy;
import software.amazon.awscdk.services.efs.PerformanceMode;
import software.amazon.awscdk.services.efs.PosixUser;
import software.amazon.awscdk.services.efs.ThroughputMode;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The EFS file system every workflow and task job shares (run directories, call cache), its access point and the
 * security group that lets only the compute environments in.
 */
public final class SharedFileSystem extends Construct {

    /** The folder on the file system that the access point exposes as the mount's root. */
    public static final String ROOT_PATH = "/wdlbatch";

    public static final String CLIENT_MOUNT = "elasticfilesystem:ClientMount";
    public static final String CLIENT_WRITE = "elasticfilesystem:ClientWrite";

    private final FileSystem fileSystem;
    private final AccessPoint accessPoint;

    public SharedFileSystem(Construct scope, String id, Network network, ISecurityGroup computeSecurityGroup,
                            WdlBatchSettings settings) {
        super(scope, id);
        SecurityGroup efsSecurityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description("wdlbatch EFS mount targets: NFS from the compute environments only")
                .allowAllOutbound(false)
                .build();
        efsSecurityGroup.addIngressRule(computeSecurityGroup, Port.tcp(2049), "NFS from the wdlbatch compute environments");

        SubnetSelection subnets = settings.efsOneZone()
                ? SubnetSelection.builder().availabilityZones(List.of(network.firstZone())).build()
                // one mount target per zone: a VPC may have several private subnets in a zone
                : SubnetSelection.builder().onePerAz(true).build();

        this.fileSystem = FileSystem.Builder.create(this, "FileSystem")
                .vpc(network.vpc())
                .vpcSubnets(subnets)
                .securityGroup(efsSecurityGroup)
                .oneZone(settings.efsOneZone())
                .encrypted(true)
                .performanceMode(PerformanceMode.GENERAL_PURPOSE)
                // elastic: many task jobs read and write at once, in bursts, then nothing for hours
                .throughputMode(ThroughputMode.ELASTIC)
                .lifecyclePolicy(LifecyclePolicy.AFTER_30_DAYS)
                .outOfInfrequentAccessPolicy(OutOfInfrequentAccessPolicy.AFTER_1_ACCESS)
                // run directories and the call cache outlive the stack; delete them on purpose, not by accident
                .removalPolicy(RemovalPolicy.RETAIN)
                .fileSystemPolicy(fileSystemPolicy())
                .build();

        String uid = Integer.toString(settings.efsUid());
        String gid = Integer.toString(settings.efsGid());
        this.accessPoint = fileSystem.addAccessPoint("AccessPoint", AccessPointOptions.builder()
                .path(ROOT_PATH)
                // every job, whatever user its image runs as, reads and writes as this one user: files stay shareable
                .posixUser(PosixUser.builder().uid(uid).gid(gid).build())
                .createAcl(Acl.builder().ownerUid(uid).ownerGid(gid).permissions("0755").build())
                .build());
    }

    /**
     * Clients must use TLS (transit encryption) for everything; they may mount and write through the mount targets
     * (which the security group limits to the compute environments) but never get root access. IAM-authorized
     * clients (the workflow role) get their grants from their own policies.
     */
    private static PolicyDocument fileSystemPolicy() {
        return PolicyDocument.Builder.create().statements(List.of(
                PolicyStatement.Builder.create()
                        .sid("DenyWithoutTransitEncryption")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("*"))
                        .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("MountAndWriteThroughMountTargetsOnly")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of(CLIENT_MOUNT, CLIENT_WRITE))
                        .conditions(Map.of("Bool", Map.of("elasticfilesystem:AccessedViaMountTarget", "true")))
                        .build()))
                .build();
    }

    public FileSystem fileSystem() {
        return fileSystem;
    }

    public AccessPoint accessPoint() {
        return accessPoint;
    }
}
