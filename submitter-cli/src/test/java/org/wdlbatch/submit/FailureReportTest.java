package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * What --wait and --follow say when the workflow job fails: a job AWS Batch could not start (its image is not in the
 * registry) with the reason and how to publish the image; a failed run with its reason and where error.json is.
 * The workflow job's program is a stand-in script that fails as `wdlbatch run` does.
 */
class FailureReportTest {

    static final String FAILING = Path.of("src/test/resources/fake-wdlbatch-failing.sh").toAbsolutePath().toString();

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.runner.orchestratorCommand = List.of("bash", FAILING);
        // a workflow job asking for more than 2 vCPUs can never start: AWS Batch keeps it RUNNABLE, blocked
        c.computeEnvironment(AwsNames.DEFAULT_WORKFLOW_QUEUE + "-fargate").maxvCpus = 2;
    });

    @BeforeAll
    static void bucket() {
        SubmitCli.createBucket(AWS.emulator(), "results");
    }

    private static SubmitCli cli() {
        return SubmitCli.onEmulatorEfs(AWS.emulator());
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
    void aWorkflowJobNoComputeEnvironmentFitsIsReportedWhileItWaits() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SubmitSession.Context ctx = new SubmitSession.Context(Map.of(
                "WDLBATCH__FILE_IO__ROOT", AWS.emulator().efsFolder().toString(),
                "WDLBATCH__AWS__WORKFLOW_QUEUE", AwsNames.DEFAULT_WORKFLOW_QUEUE),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> AwsClients.at(AWS.emulator().endpoint(), AWS.emulator().region()),
                new JobWatcher.Timing(50, 2000));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (BatchClient batch = SubmitCli.batch(AWS.emulator())) {
            Future<Integer> exit = thread.submit(() -> SubmitMain.run(
                    new String[] {hello(), "--cpu", "4", "--memory-GiB", "8", "--wait"}, ctx));
            // the notice comes while the job waits (a generous bound, not a timing assertion)
            for (int i = 0; i < 1200 && !err.toString(StandardCharsets.UTF_8).contains("likely fix"); i++) {
                Thread.sleep(50);
            }
            String said = err.toString(StandardCharsets.UTF_8);
            assertThat(said).contains("is RUNNABLE for", "not started: MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
                    "submit_awsbatch: likely fix: no compute environment of the queue can fit the job's vCPUs");
            String jobId = out.toString(StandardCharsets.UTF_8).trim();
            batch.terminateJob(b -> b.jobId(jobId).reason("the test is over"));
            assertThat(exit.get(2, TimeUnit.MINUTES)).isEqualTo(1);
        } finally {
            thread.shutdownNow();
        }
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
