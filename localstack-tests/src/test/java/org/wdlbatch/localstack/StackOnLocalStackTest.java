package org.wdlbatch.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.cdk.OrchestratorImage;
import org.wdlbatch.cdk.WdlBatchApp;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The CloudFormation template the CDK app synthesizes, given to LocalStack's CloudFormation: it must validate, and
 * (where LocalStack can create AWS Batch and EFS resources, which needs LocalStack Pro) deploy completely.
 */
class StackOnLocalStackTest {

    /** An image pushed elsewhere, so the template has no Docker image asset to publish first. */
    private static final String IMAGE = "public.ecr.aws/wdlbatch/wdlbatch-orchestrator:test";

    private static String template(Path out) throws Exception {
        return Files.readString(Path.of(WdlBatchApp.synth(Map.of(OrchestratorImage.WORKFLOW_IMAGE, IMAGE),
                out.toString(), null, null).getStackByName(WdlBatchApp.STACK_NAME).getTemplateFullPath()));
    }

    private static CloudFormationClient cloudFormation() {
        return CloudFormationClient.builder().endpointOverride(LocalStack.endpoint()).region(LocalStack.region())
                .credentialsProvider(LocalStack.credentials()).build();
    }

    @Test
    void theSynthesizedTemplateValidates(@TempDir Path out) throws Exception {
        try (CloudFormationClient cfn = cloudFormation()) {
            String body = template(out);
            assertThat(cfn.validateTemplate(b -> b.templateBody(body)).description())
                    .startsWith("wdlbatch: WDL workflows on AWS Batch");
        }
    }

    @Test
    void theSynthesizedTemplateDeploys(@TempDir Path out) throws Exception {
        LocalStack.started();
        Assumptions.assumeTrue(System.getenv("LOCALSTACK_AUTH_TOKEN") != null, "the stack's AWS Batch compute"
                + " environments and EFS file system need LocalStack Pro: set LOCALSTACK_AUTH_TOKEN (and"
                + " -Dlocalstack.image=localstack/localstack-pro) to deploy it; skipped, not passed");
        try (CloudFormationClient cfn = cloudFormation()) {
            String body = template(out);
            cfn.createStack(b -> b.stackName("WdlBatch").templateBody(body)
                    .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM));
            StackStatus status = cfn.waiter().waitUntilStackCreateComplete(b -> b.stackName("WdlBatch"),
                    w -> w.maxAttempts(40))
                    .matched().response().orElseThrow().stacks().get(0).stackStatus();
            assertThat(status).isEqualTo(StackStatus.CREATE_COMPLETE);
        }
    }
}
