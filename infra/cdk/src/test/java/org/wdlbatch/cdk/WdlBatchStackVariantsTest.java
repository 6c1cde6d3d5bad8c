package org.wdlbatch.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;

import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * A second deployment shape, synthesized once: an existing VPC looked up by id (the lookup answer given as
 * context, as {@code cdk.context.json} holds it after the first {@code cdk deploy}), One Zone EFS, a name prefix,
 * no results bucket, an existing log group, no gp3 data volume.
 */
class WdlBatchStackVariantsTest {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String VPC_ID = "vpc-0abc12345def67890";
    /** The key under which {@code cdk} caches a Vpc.fromLookup answer in cdk.context.json. */
    static final String LOOKUP_KEY = "vpc-provider:account=" + ACCOUNT + ":filter.vpc-id=" + VPC_ID + ":region=" + REGION
            + ":returnAsymmetricSubnets=true";

    @TempDir
    static Path outdir;

    static CloudAssembly assembly;
    static Map<String, Object> json;
    static Template template;

    static Map<String, Object> subnet(String id, String zone, String cidr) {
        return Map.of("subnetId", id, "availabilityZone", zone, "cidr", cidr, "routeTableId", "rtb-" + id.substring(7));
    }

    @BeforeAll
    static void synthesize() {
        Map<String, Object> lookup = Map.of(
                "vpcId", VPC_ID,
                "vpcCidrBlock", "10.20.0.0/16",
                "ownerAccountId", ACCOUNT,
                "availabilityZones", List.of(),
                "subnetGroups", List.of(
                        Map.of("name", "Private", "type", "Private", "subnets", List.of(
                                subnet("subnet-priva", REGION + "a", "10.20.0.0/20"),
                                subnet("subnet-privb", REGION + "b", "10.20.16.0/20"))),
                        Map.of("name", "Public", "type", "Public", "subnets", List.of(
                                subnet("subnet-puba", REGION + "a", "10.20.128.0/24"),
                                subnet("subnet-pubb", REGION + "b", "10.20.129.0/24")))));
        Map<String, Object> context = new HashMap<>();
        context.put(LOOKUP_KEY, lookup);
        context.put(ContextSettings.VPC_ID, VPC_ID);
        context.put(ContextSettings.EFS_ONE_ZONE, true);
        context.put(ContextSettings.NAME_PREFIX, "team1");
        context.put(ContextSettings.RESULTS_BUCKET, false);
        context.put(ContextSettings.CREATE_LOG_GROUP, "false");
        context.put(ContextSettings.DOCKER_VOLUME_GIB, 0);
        assembly = WdlBatchApp.synth(context, outdir.toString(), ACCOUNT, REGION);
        json = Cfn.map(assembly.getStackByName("team1-" + WdlBatchApp.STACK_NAME).getTemplate());
        template = Template.fromJSON(json);
    }

    @Test
    void existingVpcIsUsedFromTheLookupContextWithoutCreatingNetworking() {
        List<?> missing = assembly.getManifest().getMissing();
        assertThat(missing == null ? List.of() : missing).as("no context lookup left to do").isEmpty();
        template.resourceCountIs("AWS::EC2::VPC", 0);
        template.resourceCountIs("AWS::EC2::Subnet", 0);
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of("VpcId", VPC_ID,
                "GroupDescription", "wdlbatch compute environments (workflow and task jobs): outbound only"));
    }

    @Test
    void oneZoneFileSystemAndAllComputeStayInItsZone() {
        template.hasResourceProperties("AWS::EFS::FileSystem", Map.of("AvailabilityZoneName", REGION + "a",
                "Encrypted", true));
        template.resourceCountIs("AWS::EFS::MountTarget", 1);
        template.hasResourceProperties("AWS::EFS::MountTarget", Map.of("SubnetId", "subnet-priva"));
        Map<String, Map<String, Object>> ces = template.findResources("AWS::Batch::ComputeEnvironment");
        assertThat(ces).hasSize(3);
        ces.values().forEach(ce -> assertThat(Cfn.at(ce, "Properties", "ComputeResources", "Subnets"))
                .isEqualTo(List.of("subnet-priva")));
    }

    @Test
    void namePrefixAppliesToQueuesTagsAndTheCommandToTry() {
        Map<String, Map<String, Object>> queues = template.findResources("AWS::Batch::JobQueue");
        assertThat(queues.values()).extracting(q -> Cfn.at(q, "Properties", "JobQueueName")).containsExactlyInAnyOrder(
                "team1-" + AwsNames.DEFAULT_WORKFLOW_QUEUE, "team1-" + AwsNames.DEFAULT_TASK_QUEUE,
                "team1-" + AwsNames.DEFAULT_TASK_QUEUE_FALLBACK);
        template.hasResourceProperties("AWS::Batch::JobQueue", Map.of(
                "JobQueueName", "team1-" + AwsNames.DEFAULT_WORKFLOW_QUEUE,
                "Tags", software.amazon.awscdk.assertions.Match.objectLike(Map.of(
                        QueueTags.DEFAULT_TASK_QUEUE, "team1-" + AwsNames.DEFAULT_TASK_QUEUE,
                        QueueTags.DEFAULT_TASK_QUEUE_FALLBACK, "team1-" + AwsNames.DEFAULT_TASK_QUEUE_FALLBACK))));
        assertThat(Cfn.at(json, "Outputs", "SubmitCommand", "Value"))
                .isEqualTo("submit_awsbatch --workflow-queue team1-wdl-workflows examples/hello.wdl --follow");
    }

    @Test
    void withoutBucketsAndWithAnExistingLogGroupNothingIsCreatedAndNoS3AccessIsGranted() {
        template.resourceCountIs("AWS::S3::Bucket", 0);
        template.resourceCountIs("AWS::Logs::LogGroup", 0);
        assertThat(Cfn.map(json.get("Outputs"))).doesNotContainKey("ResultsBucketName");
        List<PolicyStatements.Statement> statements = PolicyStatements.of(json);
        assertThat(statements).flatExtracting(PolicyStatements.Statement::actions).noneMatch(a -> a.startsWith("s3:"));
        // the roles still use the existing /aws/batch/job, by its ARN in this account and region
        assertThat(statements).flatExtracting(PolicyStatements.Statement::resources)
                .contains("arn:${AWS::Partition}:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + AwsNames.BATCH_LOG_GROUP + ":*");
        assertThat(PolicyStatements.breaches(statements)).isEmpty();
    }

    @Test
    void noDataVolumeWhenItsSizeIsZero() {
        Map<String, Map<String, Object>> lts = template.findResources("AWS::EC2::LaunchTemplate");
        assertThat(lts).hasSize(1);
        assertThat(Cfn.map(Cfn.at(lts.values().iterator().next(), "Properties", "LaunchTemplateData")))
                .doesNotContainKey("BlockDeviceMappings");
    }

    @Test
    void existingVpcWithoutAccountAndRegionFailsNamingTheKeyAndTheFix() {
        assertThatThrownBy(() -> WdlBatchApp.synth(Map.of(ContextSettings.VPC_ID, VPC_ID),
                outdir.resolve("no-env").toString(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vpcId'")
                .hasMessageContaining("CDK_DEFAULT_ACCOUNT");
    }
}
