package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * Bad flags and settings exit with status 2 and a message naming the flag or resource, and nothing reaches AWS
 * Batch: after each test the emulator holds no job and no job definition.
 */
class SubmitValidationTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    static BatchClient batch;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clients() {
        batch = SubmitCli.batch(AWS.emulator());
    }

    @AfterAll
    static void close() {
        batch.close();
    }

    @AfterEach
    void nothingWasSubmitted() {
        for (String q : new String[] {AwsNames.DEFAULT_WORKFLOW_QUEUE, AwsNames.DEFAULT_TASK_QUEUE}) {
            assertThat(SubmitCli.jobs(batch, q)).as("jobs on " + q).isEmpty();
        }
        assertThat(batch.describeJobDefinitions(b -> b.status("ACTIVE")).jobDefinitions()).isEmpty();
        assertThat(batch.describeJobDefinitions(b -> b.status("INACTIVE")).jobDefinitions()).isEmpty();
    }

    private SubmitCli cli() {
        return new SubmitCli(AWS.emulator()).env("WDLBATCH__FILE_IO__ROOT", AWS.emulator().efsFolder().toString());
    }

    private Path hello() throws Exception {
        Path wdl = tmp.resolve("hello.wdl");
        Files.writeString(wdl, "version 1.1\nworkflow hello {\n  output {\n    String s = \"hi\"\n  }\n}\n");
        return wdl;
    }

    private static void usage(SubmitCli.Result r, String... fragments) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(fragments).contains("nothing was submitted");
    }

    @Test
    void noWorkflowQueue() throws Exception {
        usage(cli().run(hello().toString()), "no workflow queue", "--workflow-queue", "WDLBATCH__AWS__WORKFLOW_QUEUE");
    }

    @Test
    void unknownWorkflowQueue() throws Exception {
        usage(cli().run("--workflow-queue", "no-such-queue", hello().toString()),
                "--workflow-queue no-such-queue: no such AWS Batch job queue");
    }

    @Test
    void unknownTaskQueue() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--task-queue", "nope", hello().toString()),
                "--task-queue nope: no such AWS Batch job queue");
    }

    @Test
    void accessPointThatDoesNotExist() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--fsap", "fsap-0000000000000dead", hello().toString()),
                "--fsap fsap-0000000000000dead: no such EFS access point");
    }

    @Test
    void accessPointFromTheEnvironmentIsCheckedToo() throws Exception {
        usage(cli().env("WDLBATCH__AWS__FSAP", "fsap-0000000000000beef")
                .run("--workflow-queue", "wdl-workflows", hello().toString()), "--fsap fsap-0000000000000beef");
    }

    @Test
    void deleteAfterWithoutS3upload() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--delete-after", "success", hello().toString()),
                "--delete-after needs --s3upload");
    }

    @Test
    void deleteAfterWithABadPolicy() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--s3upload", "s3://bucket/x/", "--delete-after",
                "sometimes", hello().toString()), "--delete-after must be success, failure or always");
    }

    @Test
    void dirOutsideTheMount() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--dir", "/tmp/elsewhere", hello().toString()),
                "--dir /tmp/elsewhere is not under the mount " + AWS.emulator().efsFolder());
    }

    @Test
    void dirEscapingTheMountWithDotDot() throws Exception {
        String dir = AWS.emulator().efsFolder() + "/../outside";
        usage(cli().run("--workflow-queue", "wdl-workflows", "--dir", dir, hello().toString()), "--dir " + dir);
    }

    @Test
    void badS3uploadUri() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--s3upload", "my-bucket/x", hello().toString()),
                "--s3upload must be s3://BUCKET/PREFIX/");
    }

    @Test
    void s3uploadToABucketThatDoesNotExist() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--s3upload", "s3://no-such-bucket/runs/",
                hello().toString()), "the bucket no-such-bucket does not exist");
    }

    @Test
    void misspeltOptionIsNotPassedThroughButNamed() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--task-queu", "wdl-tasks", hello().toString()),
                "unknown option --task-queu; did you mean --task-queue?");
    }

    @Test
    void optionsTheSubmitterSetsItselfAreRefused() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", hello().toString(), "--backend", "local"),
                "--backend is set by submit_awsbatch itself");
    }

    @Test
    void missingWdl() {
        usage(cli().run("--workflow-queue", "wdl-workflows", tmp.resolve("nope.wdl").toString()),
                "nope.wdl: no such file");
    }

    @Test
    void noWdlAtAll() {
        usage(cli().run("--workflow-queue", "wdl-workflows"), "no WDL given");
    }

    @Test
    void wdlThatDoesNotTypeCheckShowsWhereAndWhy() throws Exception {
        Path wdl = tmp.resolve("bad.wdl");
        Files.writeString(wdl, "version 1.1\nworkflow bad {\n  Int x = \"three\" + \n}\n");
        usage(cli().run("--workflow-queue", "wdl-workflows", wdl.toString()), wdl + ":", "error:",
                "must parse and type-check");
    }

    @Test
    void misspeltConfigurationVariable() throws Exception {
        usage(cli().env("WDLBATCH__SCHEDULER__CALL_CONCURENCY", "4").run("--workflow-queue", "wdl-workflows",
                hello().toString()), "env WDLBATCH__SCHEDULER__CALL_CONCURENCY: unknown key 'call_concurency'",
                "did you mean 'call_concurrency'?", "pass --no-env");
    }

    @Test
    void badCpuAndMemory() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--cpu", "lots", hello().toString()), "--cpu");
        usage(cli().run("--workflow-queue", "wdl-workflows", "--memory-GiB", "0", hello().toString()),
                "--memory-GiB must be a whole number");
    }

    @Test
    void malformedTaskJobRoleFromTheFlagOrTheEnvironment() throws Exception {
        String form = "must be an IAM role ARN of the form arn:aws:iam::<account>:role/<name>";
        usage(cli().run("--workflow-queue", "wdl-workflows", "--task-job-role", "wdl-tasks", hello().toString()),
                "--task-job-role " + form + ", not wdl-tasks");
        // an instance profile is not a role, and an account id has 12 digits
        usage(cli().run("--workflow-queue", "wdl-workflows", "--task-job-role",
                "arn:aws:iam::123456789012:instance-profile/wdl-tasks", hello().toString()), "--task-job-role " + form);
        usage(cli().env("WDLBATCH__AWS__TASK_JOB_ROLE", "arn:aws:iam::1234:role/wdl-tasks")
                .run("--workflow-queue", "wdl-workflows", hello().toString()),
                "WDLBATCH__AWS__TASK_JOB_ROLE " + form + ", not arn:aws:iam::1234:role/wdl-tasks");
        // --no-env only stops passing the shell's variables on: the setting is still read, so still checked
        usage(cli().env("WDLBATCH__AWS__TASK_JOB_ROLE", "role/wdl-tasks")
                .run("--workflow-queue", "wdl-workflows", "--no-env", hello().toString()),
                "WDLBATCH__AWS__TASK_JOB_ROLE " + form);
    }

    @Test
    void badJobName() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--name", "my run!", hello().toString()),
                "--name my run!");
    }

    @Test
    void workflowQueueWithoutTagsNeedsATaskQueue() throws Exception {
        // wdl-tasks has no tags: as the workflow queue it leaves the task queue undecided
        usage(cli().run("--workflow-queue", "wdl-tasks", hello().toString()), "no task queue", "--task-queue",
                "DefaultTaskQueue");
    }

    @Test
    void localInputsFileThatDoesNotExist() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", hello().toString(), "-i", "nope.json"),
                "-i nope.json: no such file");
    }

    @Test
    void selfTestTakesNoWdl() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", "--self-test", hello().toString()),
                "--self-test runs a built-in workflow and takes no WDL or inputs");
    }

    @Test
    void helpPrintsExamplesAndExitsZero() {
        SubmitCli.Result r = cli().run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--workflow-queue", "--delete-after", "--local", "Examples:",
                "submit_awsbatch --local examples/hello.wdl names=Alice names=Bob --follow");
    }

    // ---- validate before paying: the inputs as `wdlbatch run` checks them ------------------------------------------

    private Path greet() throws Exception {
        return Files.writeString(tmp.resolve("greet.wdl"), """
                version 1.1
                workflow greet {
                  input {
                    String who
                    Int times = 1
                    File? extra
                  }
                  output { String s = who }
                }
                """);
    }

    @Test
    void unknownInputNameIsNamedWithTheNearestValidOne() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", greet().toString(), "who=Bob", "tmies=2"),
                "unknown input 'tmies'", "times");
    }

    @Test
    void inputOfTheWrongType() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", greet().toString(), "who=Bob", "times=often"),
                "greet.times", "Int", "often");
    }

    @Test
    void missingRequiredInput() throws Exception {
        usage(cli().run("--workflow-queue", "wdl-workflows", greet().toString(), "times=2"),
                "missing required input", "greet.who (String)");
    }

    @Test
    void aLocalFileTheWorkflowJobCannotSeeSaysWhereToPutIt() throws Exception {
        Path local = Files.writeString(tmp.resolve("reads.fq"), "@r\nACGT\n+\nIIII\n");
        usage(cli().run("--workflow-queue", "wdl-workflows", greet().toString(), "who=Bob", "extra=" + local),
                "input greet.extra: " + local, "workflow job cannot see",
                "under " + AWS.emulator().efsFolder(), "S3");
    }

    @Test
    void aFileUnderTheMountThatDoesNotExist() throws Exception {
        String missing = AWS.emulator().efsFolder().resolve("nope/reads.fq").toString();
        usage(cli().run("--workflow-queue", "wdl-workflows", greet().toString(), "who=Bob", "extra=" + missing),
                "input greet.extra: file " + missing + " does not exist");
    }

    @Test
    void anInputsJsonIsCheckedToo() throws Exception {
        Path inputs = Files.writeString(tmp.resolve("inputs.json"), "{\"greet.who\": \"Bob\", \"greet.tims\": 2}");
        usage(cli().run("--workflow-queue", "wdl-workflows", greet().toString(), "-i", inputs.toString()),
                "unknown input 'greet.tims'");
    }

    @Test
    void aBundleWithAnEntryThatCouldEscapeIsRefused() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry(org.wdlbatch.wdl.load.BundleArchive.MANIFEST));
            zip.write("{\"format\": 1, \"main\": \"main.wdl\"}\n".getBytes());
            zip.putNextEntry(new java.util.zip.ZipEntry("main.wdl"));
            zip.write(Files.readAllBytes(hello()));
            zip.putNextEntry(new java.util.zip.ZipEntry("../../etc/evil.wdl"));
            zip.write("version 1.1\n".getBytes());
        }
        Path bundle = Files.write(tmp.resolve("evil.zip"), out.toByteArray());
        usage(cli().run("--workflow-queue", "wdl-workflows", bundle.toString()), "escapes its folder",
                "../../etc/evil.wdl");
    }
}
