package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * {@code submit_awsbatch --check} against the emulator: the default world (what the stack deploys) passes; each
 * broken piece fails with its own line and fix, and the exit status says a run would not start.
 */
class AccountCheckTest {

    static final String DISABLED_QUEUE = "wdl-workflows-disabled";
    static final String UNMOUNTED_FS = "fs-0aaaaaaaaaaaaaaa1";
    static final String UNMOUNTED_FSAP = "fsap-0aaaaaaaaaaaaaaa1";

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        EmulatorConfig.Queue wf = c.queue(AwsNames.DEFAULT_WORKFLOW_QUEUE);
        EmulatorConfig.Queue disabled = new EmulatorConfig.Queue(DISABLED_QUEUE, wf.computeEnvironments.get(0), 1);
        disabled.state = "DISABLED";
        disabled.tags.putAll(wf.tags);
        c.queues.add(disabled);
        EmulatorConfig.FileSystem fs = new EmulatorConfig.FileSystem(UNMOUNTED_FS, "no-mount-targets");
        fs.mountTargets = 0;
        c.fileSystems.add(fs);
        c.accessPoints.add(new EmulatorConfig.AccessPoint(UNMOUNTED_FSAP, UNMOUNTED_FS, "no-mount-targets"));
    });

    @BeforeAll
    static void bucket() {
        SubmitCli.createBucket(AWS.emulator(), "results");
    }

    private static SubmitCli.Result check(String... args) {
        return new SubmitCli(AWS.emulator()).env("WDLBATCH__AWS__WORKFLOW_QUEUE", AwsNames.DEFAULT_WORKFLOW_QUEUE)
                .run(args);
    }

    private static List<String> lines(SubmitCli.Result r, String status) {
        return Arrays.stream(r.out().split("\n")).filter(l -> l.startsWith(status + " ")).toList();
    }

    @Test
    void theDefaultWorldPassesEveryLine() {
        SubmitCli.Result r = check("--check", "--s3upload", "s3://results/runs/");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(lines(r, "FAIL")).isEmpty();
        assertThat(lines(r, "WARN")).isEmpty();
        assertThat(r.out()).contains("OK    workflow queue wdl-workflows: ENABLED, VALID",
                "OK    workflow compute environment wdl-workflows-fargate: ENABLED, VALID, FARGATE",
                "OK    task compute environment wdl-tasks-spot: ENABLED, VALID, SPOT",
                "OK    fallback compute environment wdl-tasks-ondemand-ec2: ENABLED, VALID, EC2",
                "OK    tag WorkflowImage of wdl-workflows: " + AWS.emulator().config().defaultWorkflowImage(),
                "OK    EFS mount targets of " + EmulatorConfig.DEFAULT_FILE_SYSTEM + ": 1 available",
                "OK    workflow role: arn:aws:iam::123456789012:role/wdlbatch-workflow-engine",
                "OK    workflow image " + AWS.emulator().config().defaultWorkflowImage() + ": in ECR (sha256:",
                "OK    S3 upload s3://results/runs/: writable", "OK    log group /aws/batch/job",
                "a run would start");
    }

    @Test
    void aMissingImageFailsWithHowToPublishIt() {
        String image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/wdlbatch:no-such-tag";
        SubmitCli.Result r = check("--check", "--image", image);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(lines(r, "FAIL")).containsExactly("FAIL  workflow image " + image
                + ": repository wdlbatch has no image tagged no-such-tag");
        assertThat(r.out()).contains("fix: publish the image: cdk deploy", "a run would not start");
    }

    @Test
    void aDisabledQueueFails() {
        SubmitCli.Result r = check("--check", "--workflow-queue", DISABLED_QUEUE);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(lines(r, "FAIL")).containsExactly("FAIL  workflow queue " + DISABLED_QUEUE
                + ": state DISABLED (jobs are not scheduled)");
        assertThat(r.out()).contains("fix: aws batch update-job-queue --job-queue " + DISABLED_QUEUE
                + " --state ENABLED");
    }

    @Test
    void anAccessPointWithoutMountTargetsFails() {
        SubmitCli.Result r = check("--check", "--fsap", UNMOUNTED_FSAP);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(lines(r, "FAIL")).containsExactly("FAIL  EFS mount targets of " + UNMOUNTED_FS + ": none");
        assertThat(r.out()).contains("fix: jobs cannot mount it", "aws efs create-mount-target --file-system-id "
                + UNMOUNTED_FS);
    }

    @Test
    void anUnwritableBucketFails() {
        SubmitCli.Result r = check("--check", "--s3upload", "s3://no-such-bucket/runs/");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(lines(r, "FAIL")).containsExactly("FAIL  S3 upload s3://no-such-bucket/runs/: no bucket"
                + " no-such-bucket");
        assertThat(r.out()).contains("fix: aws s3 mb s3://no-such-bucket");
    }

    @Test
    void noQueueNamedIsOneLineWithTheFlagToPass() {
        SubmitCli.Result r = new SubmitCli(AWS.emulator()).run("--check");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(lines(r, "FAIL")).containsExactly("FAIL  workflow queue: none named");
        assertThat(r.out()).contains("--workflow-queue");
    }

    @Test
    void aWorkflowIsAUsageError() {
        SubmitCli.Result r = check("--check", "hello.wdl");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--check takes no WDL");
    }
}
