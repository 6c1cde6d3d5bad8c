package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What --wait and --follow say when the workflow job fails: a job AWS Batch could not start (its image is not in the
 * registry) with the reason and how to publish the image; a failed run with its reason and where error.json is.
 * The workflow job's program is a stand-in script that fails as `wdlbatch run` does.
 */
class FailureReportTest {

    static final String FAILING = Path.of("src/test/resources/fake-wdlbatch-failing.sh").toAbsolutePath().toString();

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.runner.orchestratorCommand =
            List.of("bash", FAILING));

    @BeforeAll
    static void bucket() {
        try (S3Client s3 = S3Client.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.of(AWS.emulator().region())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            s3.createBucket(b -> b.bucket("results"));
        }
    }

    private static SubmitCli cli() {
        return new SubmitCli(AWS.emulator()).env("WDLBATCH__FILE_IO__ROOT", AWS.emulator().efsFolder().toString())
                .env("WDLBATCH__AWS__WORKFLOW_QUEUE", AwsNames.DEFAULT_WORKFLOW_QUEUE);
    }

    private static String hello() {
        return Path.of("..", "examples", "hello.wdl").toAbsolutePath().normalize().toString();
    }

    @Test
    void anImageThatDoesNotExistEndsWithTheReasonAndHowToPublishTheImage() {
        String image = AWS.emulator().config().accountId + ".dkr.ecr.us-east-1.amazonaws.com/wdlbatch:not-pushed";
        AWS.emulator().faults().missingImage(image);
        SubmitCli.Result r = cli().run("--image", image, hello(), "--follow");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("FAILED\t" + r.jobId(), "CannotPullContainerError",
                "submit_awsbatch: the workflow job did not start: CannotPullContainerError",
                "submit_awsbatch: likely fix: publish the image: cdk deploy", "submit_awsbatch --check");
        // the fix is the last thing said
        assertThat(r.err().strip()).endsWith("check it with: submit_awsbatch --check");
    }

    @Test
    void followSaysWhyTheRunFailedAndWhereErrorJsonIs() {
        SubmitCli.Result r = cli().run(hello(), "--follow", "--s3upload", "s3://results/runs");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        String dir = AWS.emulator().efsFolder() + "/wdlbatch_run";
        assertThat(r.err()).contains("submit_awsbatch: the workflow failed: call-hello failed: command exited with"
                + " status 3", "submit_awsbatch: error.json: " + dir + "/20261204_101500_hello/error.json (on the"
                + " shared file system) and s3://results/runs/20261204_101500_hello/error.json")
                .doesNotContain("likely fix");
    }

    @Test
    void waitSaysItTooWithoutPrintingTheLog() {
        SubmitCli.Result r = cli().run(hello(), "--wait");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("fake wdlbatch:")
                .contains("submit_awsbatch: the workflow failed: call-hello failed: command exited with status 3",
                        "/20261204_101500_hello/error.json (on the shared file system)\n");
    }
}
