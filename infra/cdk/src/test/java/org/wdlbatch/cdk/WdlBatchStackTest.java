package org.wdlbatch.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * Assertions over the template of the default deployment (new VPC, regional EFS, results bucket) plus listed
 * buckets. The stack is synthesized once, through the same entry point {@code cdk synth} and the offline synth use.
 */
class WdlBatchStackTest {

    @TempDir
    static Path outdir;

    static Map<String, Object> json;
    static Template template;

    @BeforeAll
    static void synthesize() {
        CloudAssembly assembly = WdlBatchApp.synth(Map.of(
                ContextSettings.READ_BUCKETS, "ref-data,public-refs",
                ContextSettings.WRITE_BUCKETS, "upload-here",
                ContextSettings.TASK_INSTANCE_TYPES, "m6id,c6i.2xlarge",
                ContextSettings.TASK_MAX_VCPUS, "512"), outdir.toString(), null, null);
        json = Cfn.map(assembly.getStackByName(WdlBatchApp.STACK_NAME).getTemplate());
        template = Template.fromJSON(json);
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, Map<String, Object>> resources(String type) {
        return template.findResources(type);
    }

    static String onlyId(String type, Map<String, Object> propsLike) {
        Map<String, Map<String, Object>> found = template.findResources(type, Map.of("Properties", propsLike));
        assertThat(found).as("%s matching %s", type, propsLike).hasSize(1);
        return found.keySet().iterator().next();
    }

    static Object props(String logicalId) {
        return Cfn.at(Cfn.map(json.get("Resources")).get(logicalId), "Properties");
    }

    static List<PolicyStatements.Statement> statementsOf(String policySource) {
        return PolicyStatements.of(json).stream().filter(s -> s.source().equals(policySource)).toList();
    }

    static PolicyStatements.Statement bySid(List<PolicyStatements.Statement> statements, String sid) {
        return statements.stream().filter(s -> s.sid().equals(sid)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + statements));
    }

    static String roleId(String servicePrincipal) {
        return onlyId("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement",
                List.of(Match.objectLike(Map.of("Principal", Map.of("Service", servicePrincipal))))))));
    }

    static String defaultPolicyOf(String roleId) {
        return onlyId("AWS::IAM::Policy", Map.of("Roles", List.of(Map.of("Ref", roleId))));
    }

    static String computeEnvironmentId(String type) {
        return onlyId("AWS::Batch::ComputeEnvironment", Map.of("ComputeResources", Match.objectLike(Map.of("Type", type))));
    }

    static String queueId(String name) {
        return onlyId("AWS::Batch::JobQueue", Map.of("JobQueueName", name));
    }

    static String computeSecurityGroup() {
        Set<String> groups = resources("AWS::Batch::ComputeEnvironment").values().stream()
                .map(r -> Cfn.texts(Cfn.at(r, "Properties", "ComputeResources", "SecurityGroupIds")))
                .flatMap(List::stream).collect(Collectors.toSet());
        assertThat(groups).as("all compute environments share one security group").hasSize(1);
        return groups.iterator().next();
    }

    // ---------------------------------------------------------------- network

    @Test
    void newVpcSpansTwoZonesWithPrivateComputeSubnetsAndAnS3Endpoint() {
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.resourceCountIs("AWS::EC2::Subnet", 4);
        template.resourceCountIs("AWS::EC2::NatGateway", 1);
        assertThat(resources("AWS::EC2::VPCEndpoint").values())
                .extracting(r -> Cfn.text(Cfn.at(r, "Properties", "ServiceName")))
                .containsExactly("com.amazonaws.${AWS::Region}.s3");
        List<String> computeSubnets = Cfn.texts(Cfn.at(props(computeEnvironmentId("FARGATE")), "ComputeResources", "Subnets"));
        assertThat(computeSubnets).hasSize(2).allMatch(s -> s.contains("computeSubnet"));
    }

    // ---------------------------------------------------------------- EFS

    @Test
    void fileSystemIsEncryptedElasticAndMovesColdFilesToInfrequentAccess() {
        template.hasResourceProperties("AWS::EFS::FileSystem", Map.of(
                "Encrypted", true,
                "ThroughputMode", "elastic",
                "PerformanceMode", "generalPurpose",
                "LifecyclePolicies", List.of(Map.of("TransitionToIA", "AFTER_30_DAYS"),
                        Map.of("TransitionToPrimaryStorageClass", "AFTER_1_ACCESS")),
                "AvailabilityZoneName", Match.absent()));
        template.hasResource("AWS::EFS::FileSystem", Map.of("DeletionPolicy", "Retain"));
        template.resourceCountIs("AWS::EFS::MountTarget", 2);
    }

    @Test
    void fileSystemPolicyDeniesEverythingWithoutTransitEncryptionAndNeverGrantsRoot() {
        List<PolicyStatements.Statement> fsPolicy = PolicyStatements.of(json).stream()
                .filter(s -> resources("AWS::EFS::FileSystem").containsKey(s.source())).toList();
        PolicyStatements.Statement deny = bySid(fsPolicy, "DenyWithoutTransitEncryption");
        assertThat(deny.json().get("Effect")).isEqualTo("Deny");
        assertThat(deny.actions()).containsExactly("*");
        assertThat(deny.json().get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        assertThat(fsPolicy).flatExtracting(PolicyStatements.Statement::actions)
                .doesNotContain("elasticfilesystem:ClientRootAccess");
        PolicyStatements.Statement allow = bySid(fsPolicy, "MountAndWriteThroughMountTargetsOnly");
        assertThat(allow.json().get("Condition"))
                .isEqualTo(Map.of("Bool", Map.of("elasticfilesystem:AccessedViaMountTarget", "true")));
    }

    @Test
    void accessPointFixesThePosixUserAndOwnsItsRootDirectory() {
        template.hasResourceProperties("AWS::EFS::AccessPoint", Map.of(
                "PosixUser", Map.of("Uid", "1000", "Gid", "1000"),
                "RootDirectory", Map.of("Path", SharedFileSystem.ROOT_PATH,
                        "CreationInfo", Map.of("OwnerUid", "1000", "OwnerGid", "1000", "Permissions", "0755"))));
    }

    @Test
    void nfsReachesTheMountTargetsOnlyFromTheComputeSecurityGroup() {
        Set<String> efsGroups = resources("AWS::EFS::MountTarget").values().stream()
                .map(r -> Cfn.texts(Cfn.at(r, "Properties", "SecurityGroups")))
                .flatMap(List::stream).collect(Collectors.toSet());
        assertThat(efsGroups).hasSize(1);
        String efsGroup = efsGroups.iterator().next(); // ${<logical id>.GroupId}
        String efsGroupId = efsGroup.substring(2, efsGroup.indexOf('.'));

        List<Map<String, Object>> rules = new ArrayList<>();
        resources("AWS::EC2::SecurityGroupIngress").values().stream()
                .filter(r -> Cfn.text(Cfn.at(r, "Properties", "GroupId")).equals(efsGroup))
                .forEach(r -> rules.add(Cfn.map(Cfn.at(r, "Properties"))));
        Object inline = Cfn.at(props(efsGroupId), "SecurityGroupIngress");
        if (inline != null) {
            Cfn.list(inline).forEach(r -> rules.add(Cfn.map(r)));
        }
        assertThat(rules).hasSize(1);
        Map<String, Object> rule = rules.get(0);
        assertThat(rule).containsEntry("IpProtocol", "tcp").containsEntry("FromPort", 2049).containsEntry("ToPort", 2049)
                .doesNotContainKeys("CidrIp", "CidrIpv6", "SourcePrefixListId");
        assertThat(Cfn.text(rule.get("SourceSecurityGroupId"))).isEqualTo(computeSecurityGroup());
        // and the file system's group opens nothing outward (CDK's placeholder rule matches no traffic)
        assertThat(Cfn.list(Cfn.at(props(efsGroupId), "SecurityGroupEgress")))
                .extracting(r -> Cfn.map(r).get("CidrIp")).containsExactly("255.255.255.255/32");
    }

    // ---------------------------------------------------------------- Batch

    @Test
    void workflowJobsRunOnFargate() {
        template.hasResourceProperties("AWS::Batch::ComputeEnvironment", Map.of("Type", "managed",
                "ComputeResources", Match.objectLike(Map.of("Type", "FARGATE", "MaxvCpus", 16))));
    }

    @Test
    void taskJobsRunOnSpotWithPriceCapacityOptimizedAllocationAndTheDockerStorageLaunchTemplate() {
        String launchTemplate = "${" + onlyId("AWS::EC2::LaunchTemplate", Map.of()) + "}";
        Object spot = props(computeEnvironmentId("SPOT"));
        assertThat(Cfn.at(spot, "ComputeResources", "AllocationStrategy")).isEqualTo("SPOT_PRICE_CAPACITY_OPTIMIZED");
        assertThat(Cfn.list(Cfn.at(spot, "ComputeResources", "InstanceTypes"))).containsExactlyInAnyOrder("m6id", "c6i.2xlarge");
        assertThat(Cfn.at(spot, "ComputeResources", "MaxvCpus")).isEqualTo(512);
        assertThat(Cfn.at(spot, "ComputeResources", "MinvCpus")).isEqualTo(0);
        assertThat(Cfn.text(Cfn.at(spot, "ComputeResources", "LaunchTemplate", "LaunchTemplateId"))).isEqualTo(launchTemplate);
        // the latest version, so that a changed template reaches the instances
        assertThat(Cfn.text(Cfn.at(spot, "ComputeResources", "LaunchTemplate", "Version")))
                .isEqualTo(launchTemplate.replace("}", ".LatestVersionNumber}"));
        assertThat(Cfn.at(spot, "ComputeResources", "Ec2Configuration")).isEqualTo(List.of(Map.of("ImageType", "ECS_AL2023")));
        // Batch's service-linked role, no spot fleet role (see BatchCompute)
        assertThat(Cfn.map(spot)).doesNotContainKey("ServiceRole");
        assertThat(Cfn.map(Cfn.at(spot, "ComputeResources"))).doesNotContainKey("SpotIamFleetRole");

        Object onDemand = props(computeEnvironmentId("EC2"));
        assertThat(Cfn.at(onDemand, "ComputeResources", "AllocationStrategy")).isEqualTo("BEST_FIT_PROGRESSIVE");
        assertThat(Cfn.at(onDemand, "ComputeResources", "MaxvCpus")).isEqualTo(64);
        assertThat(Cfn.text(Cfn.at(onDemand, "ComputeResources", "LaunchTemplate", "LaunchTemplateId"))).isEqualTo(launchTemplate);
        assertThat(Cfn.text(Cfn.at(onDemand, "ComputeResources", "LaunchTemplate", "Version")))
                .isEqualTo(launchTemplate.replace("}", ".LatestVersionNumber}"));
    }

    @Test
    void taskInstancesRunAsTheTaskInstanceRole() {
        String role = roleId("ec2.amazonaws.com");
        for (String type : List.of("SPOT", "EC2")) {
            String profile = Cfn.text(Cfn.at(props(computeEnvironmentId(type)), "ComputeResources", "InstanceRole"));
            String profileId = profile.substring(2, profile.indexOf('.'));
            assertThat(Cfn.texts(Cfn.at(props(profileId), "Roles"))).containsExactly("${" + role + "}");
        }
    }

    @Test
    void eachQueueFeedsItsComputeEnvironment() {
        Map<String, String> queueToCompute = Map.of(
                AwsNames.DEFAULT_WORKFLOW_QUEUE, "FARGATE",
                AwsNames.DEFAULT_TASK_QUEUE, "SPOT",
                AwsNames.DEFAULT_TASK_QUEUE_FALLBACK, "EC2");
        template.resourceCountIs("AWS::Batch::JobQueue", 3);
        queueToCompute.forEach((queue, computeType) -> {
            Object order = Cfn.at(props(queueId(queue)), "ComputeEnvironmentOrder");
            assertThat(Cfn.list(order)).hasSize(1);
            assertThat(Cfn.text(Cfn.at(Cfn.list(order).get(0), "ComputeEnvironment")))
                    .isEqualTo("${" + computeEnvironmentId(computeType) + ".ComputeEnvironmentArn}");
        });
    }

    @Test
    void workflowQueueCarriesExactlyTheTagsSubmitAwsbatchReads() {
        Map<String, Object> tags = Cfn.map(Cfn.at(props(queueId(AwsNames.DEFAULT_WORKFLOW_QUEUE)), "Tags"));
        List<String> expected = new ArrayList<>(QueueTags.ALL);
        expected.add(QueueTags.WORKFLOW_IMAGE); // the image this deploy publishes (OrchestratorImageStackTest)
        assertThat(tags.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        // no task job role configured: no tag naming one (task containers run with no job role)
        assertThat(tags).doesNotContainKey(QueueTags.DEFAULT_TASK_JOB_ROLE_ARN);
        assertThat(tags.get(QueueTags.DEFAULT_TASK_QUEUE)).isEqualTo(AwsNames.DEFAULT_TASK_QUEUE);
        assertThat(tags.get(QueueTags.DEFAULT_TASK_QUEUE_FALLBACK)).isEqualTo(AwsNames.DEFAULT_TASK_QUEUE_FALLBACK);
        assertThat(Cfn.text(tags.get(QueueTags.DEFAULT_FSAP)))
                .isEqualTo("${" + onlyId("AWS::EFS::AccessPoint", Map.of()) + "}");
        assertThat(Cfn.text(tags.get(QueueTags.WORKFLOW_ENGINE_ROLE_ARN)))
                .isEqualTo("${" + roleId("ecs-tasks.amazonaws.com") + ".Arn}");
        // the tags name queues that exist in this stack
        queueId((String) tags.get(QueueTags.DEFAULT_TASK_QUEUE));
        queueId((String) tags.get(QueueTags.DEFAULT_TASK_QUEUE_FALLBACK));
    }

    @Test
    void launchTemplatePutsDockerOnInstanceStorageOrALargeEncryptedGp3VolumeAndRequiresImdsV2() {
        Object data = Cfn.at(props(onlyId("AWS::EC2::LaunchTemplate", Map.of())), "LaunchTemplateData");
        assertThat(Cfn.at(data, "BlockDeviceMappings")).isEqualTo(List.of(Map.of(
                "DeviceName", TaskLaunchTemplate.DATA_DEVICE,
                "Ebs", Map.of("VolumeType", "gp3", "VolumeSize", 200, "Encrypted", true, "DeleteOnTermination", true))));
        assertThat(Cfn.at(data, "MetadataOptions", "HttpTokens")).isEqualTo("required");
        String userData = Cfn.text(Cfn.at(data, "UserData", "Fn::Base64"));
        assertThat(userData).startsWith("Content-Type: multipart/mixed")
                .contains("Content-Type: text/x-shellscript")
                .contains("Instance Storage")
                .contains(TaskLaunchTemplate.DATA_DEVICE)
                .contains("mount -o defaults,noatime \"$target\" /var/lib/docker");
    }

    @Test
    void dockerStorageScriptIsValidBash() throws Exception {
        Path script = outdir.resolve("docker-storage.sh");
        Files.writeString(script, TaskLaunchTemplate.dockerStorageScript());
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    // ---------------------------------------------------------------- IAM

    @Test
    void noAllowUsesAWildcardActionOrAStarResourceBeyondWhatAwsRequires() {
        List<PolicyStatements.Statement> all = PolicyStatements.of(json);
        assertThat(all).hasSizeGreaterThan(10);
        assertThat(PolicyStatements.breaches(all)).isEmpty();
        // each exception in WildcardResourceActions is used (so the list cannot quietly grow)
        Set<String> starActions = all.stream().filter(s -> s.allows() && s.resources().contains("*"))
                .flatMap(s -> s.actions().stream()).collect(Collectors.toSet());
        assertThat(starActions).isEqualTo(WildcardResourceActions.ACTIONS.keySet());
    }

    @Test
    void workflowRoleSubmitsOnlyToThisStacksTaskQueues() {
        List<PolicyStatements.Statement> wf = statementsOf(defaultPolicyOf(roleId("ecs-tasks.amazonaws.com")));
        PolicyStatements.Statement submit = bySid(wf, "SubmitToTaskQueues");
        assertThat(submit.actions()).containsExactly("batch:SubmitJob");
        assertThat(submit.resources()).containsExactly(
                "${" + queueId(AwsNames.DEFAULT_TASK_QUEUE) + ".JobQueueArn}",
                "${" + queueId(AwsNames.DEFAULT_TASK_QUEUE_FALLBACK) + ".JobQueueArn}",
                "arn:${AWS::Partition}:batch:${AWS::Region}:${AWS::AccountId}:job-definition/*");
        assertThat(wf).flatExtracting(PolicyStatements.Statement::actions).contains(
                "batch:SubmitJob", "batch:DescribeJobs", "batch:ListJobs", "batch:TerminateJob",
                "batch:RegisterJobDefinition", "batch:DeregisterJobDefinition", "batch:DescribeJobQueues",
                "batch:TagResource", "ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents",
                "elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:DescribeAccessPoints",
                "logs:GetLogEvents");
        // nothing in the workflow role reaches a queue other than the two task queues
        String workflowQueue = "${" + queueId(AwsNames.DEFAULT_WORKFLOW_QUEUE) + ".JobQueueArn}";
        assertThat(wf).flatExtracting(PolicyStatements.Statement::resources).doesNotContain(workflowQueue);
    }

    @Test
    void withoutATaskJobRoleTheWorkflowRolePassesNoRole() {
        List<PolicyStatements.Statement> wf = statementsOf(defaultPolicyOf(roleId("ecs-tasks.amazonaws.com")));
        assertThat(wf).flatExtracting(PolicyStatements.Statement::actions).doesNotContain("iam:PassRole");
        assertThat(Cfn.map(json.get("Outputs"))).doesNotContainKey("TaskJobRoleArn");
    }

    @Test
    void workflowRoleMountsThisFileSystemOnlyThroughItsAccessPoint() {
        List<PolicyStatements.Statement> wf = statementsOf(defaultPolicyOf(roleId("ecs-tasks.amazonaws.com")));
        PolicyStatements.Statement mount = bySid(wf, "MountSharedFileSystemThroughAccessPoint");
        String fs = onlyId("AWS::EFS::FileSystem", Map.of());
        assertThat(mount.resources()).containsExactly("${" + fs + ".Arn}");
        Object apArn = Cfn.at(mount.json(), "Condition", "StringEquals", "elasticfilesystem:AccessPointArn");
        assertThat(Cfn.text(apArn)).endsWith(":access-point/${" + onlyId("AWS::EFS::AccessPoint", Map.of()) + "}");
    }

    @Test
    void workflowRoleReadsAndWritesOnlyTheBatchJobLogGroup() {
        List<PolicyStatements.Statement> wf = statementsOf(defaultPolicyOf(roleId("ecs-tasks.amazonaws.com")));
        String logGroup = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
                + AwsNames.BATCH_LOG_GROUP + ":*";
        assertThat(bySid(wf, "ReadBatchJobLogs").resources()).containsExactly(logGroup);
        assertThat(bySid(wf, "ReadBatchJobLogs").actions()).contains("logs:GetLogEvents", "logs:FilterLogEvents");
        assertThat(bySid(wf, "WriteContainerLog").resources()).containsExactly(logGroup);
    }

    @Test
    void bothRolesUseS3OnTheListedBucketsOnly() {
        String results = "${" + onlyId("AWS::S3::Bucket", Map.of()) + ".Arn}";
        String ref = "arn:${AWS::Partition}:s3:::ref-data";
        String pub = "arn:${AWS::Partition}:s3:::public-refs";
        String up = "arn:${AWS::Partition}:s3:::upload-here";
        for (String principal : List.of("ecs-tasks.amazonaws.com", "ec2.amazonaws.com")) {
            List<PolicyStatements.Statement> st = statementsOf(defaultPolicyOf(roleId(principal)));
            assertThat(bySid(st, "ListListedBuckets").resources()).containsExactlyInAnyOrder(ref, pub, up, results);
            assertThat(bySid(st, "ReadListedBuckets").resources())
                    .containsExactlyInAnyOrder(ref + "/*", pub + "/*", up + "/*", results + "/*");
            assertThat(bySid(st, "WriteUploadBuckets").resources()).containsExactlyInAnyOrder(up + "/*", results + "/*");
            assertThat(bySid(st, "WriteUploadBuckets").actions()).contains("s3:PutObject").doesNotContain("s3:DeleteObject");
            // no other statement touches S3
            assertThat(st.stream().filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("s3:"))).map(PolicyStatements.Statement::sid))
                    .containsExactlyInAnyOrder("ListListedBuckets", "ReadListedBuckets", "WriteUploadBuckets");
        }
    }

    @Test
    void taskInstanceRoleHasTheEcsAgentAndReadOnlyEcrManagedPolicies() {
        Object role = props(roleId("ec2.amazonaws.com"));
        assertThat(Cfn.texts(Cfn.at(role, "ManagedPolicyArns"))).containsExactlyInAnyOrder(
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                "arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
        // the workflow role needs no AWS managed policy at all
        assertThat(Cfn.map(props(roleId("ecs-tasks.amazonaws.com")))).doesNotContainKey("ManagedPolicyArns");
    }

    // ---------------------------------------------------------------- logs and results

    @Test
    void batchJobLogGroupHasARetentionAndOutlivesTheStack() {
        template.hasResource("AWS::Logs::LogGroup", Map.of(
                "Properties", Map.of("LogGroupName", AwsNames.BATCH_LOG_GROUP, "RetentionInDays", 90),
                "DeletionPolicy", "Retain"));
    }

    @Test
    void resultsBucketBlocksPublicAccessRequiresTlsAndExpiresObjects() {
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                        Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "LifecycleConfiguration", Map.of("Rules", List.of(Match.objectLike(
                        Map.of("ExpirationInDays", 90, "Status", "Enabled"))))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", List.of(Match.objectLike(Map.of("Effect", "Deny", "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    // ---------------------------------------------------------------- outputs and the synth itself

    @Test
    void outputsGiveQueuesAccessPointRoleBucketAndTheCommandToTry() {
        Map<String, Object> outputs = Cfn.map(json.get("Outputs"));
        assertThat(Cfn.at(outputs, "WorkflowQueueName", "Value")).isEqualTo(AwsNames.DEFAULT_WORKFLOW_QUEUE);
        assertThat(Cfn.at(outputs, "TaskQueueName", "Value")).isEqualTo(AwsNames.DEFAULT_TASK_QUEUE);
        assertThat(Cfn.at(outputs, "TaskQueueFallbackName", "Value")).isEqualTo(AwsNames.DEFAULT_TASK_QUEUE_FALLBACK);
        assertThat(Cfn.text(Cfn.at(outputs, "AccessPointId", "Value")))
                .isEqualTo("${" + onlyId("AWS::EFS::AccessPoint", Map.of()) + "}");
        assertThat(Cfn.text(Cfn.at(outputs, "WorkflowRoleArn", "Value")))
                .isEqualTo("${" + roleId("ecs-tasks.amazonaws.com") + ".Arn}");
        assertThat(Cfn.text(Cfn.at(outputs, "ResultsBucketName", "Value")))
                .isEqualTo("${" + onlyId("AWS::S3::Bucket", Map.of()) + "}");
        assertThat(Cfn.at(outputs, "SubmitCommand", "Value"))
                .isEqualTo("submit_awsbatch --workflow-queue wdl-workflows examples/hello.wdl --follow");
    }

    @Test
    void synthWritesTheTemplateIntoTheOutputDirectory() throws Exception {
        Path file = outdir.resolve(WdlBatchApp.STACK_NAME + ".template.json");
        assertThat(file).isRegularFile();
        assertThat(Files.readString(file)).contains("\"" + QueueTags.DEFAULT_FSAP + "\"");
    }

    @Test
    void submitterPolicySubmitsOnlyToTheWorkflowQueueAndPassesOnlyTheWorkflowRole() {
        String policyId = onlyId("AWS::IAM::ManagedPolicy", Map.of());
        List<PolicyStatements.Statement> st = statementsOf(policyId);
        assertThat(bySid(st, "SubmitToTheWorkflowQueue").resources()).containsExactly(
                "${" + queueId(AwsNames.DEFAULT_WORKFLOW_QUEUE) + ".JobQueueArn}",
                "arn:${AWS::Partition}:batch:${AWS::Region}:${AWS::AccountId}:job-definition/*");
        assertThat(bySid(st, "PassTheWorkflowRole").resources())
                .containsExactly("${" + roleId("ecs-tasks.amazonaws.com") + ".Arn}");
        assertThat(st).flatExtracting(PolicyStatements.Statement::actions)
                .contains("batch:RegisterJobDefinition", "batch:DescribeJobQueues", "logs:GetLogEvents",
                        "elasticfilesystem:DescribeAccessPoints")
                .noneMatch(a -> a.startsWith("s3:"));
        assertThat(Cfn.text(Cfn.at(json, "Outputs", "SubmitterPolicyArn", "Value"))).isEqualTo("${" + policyId + "}");
    }
}
