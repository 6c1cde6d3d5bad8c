package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.aws.QueueTags;
import org.wdlbatch.aws.ShippedWdl;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.emulator.world.EmulatorConfig;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ContainerDetail;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.KeyValuePair;

/**
 * What submit_awsbatch sends to AWS Batch, and how it waits and follows, against the emulator. The workflow job's
 * program is a stand-in script (src/test/resources/fake-wdlbatch.sh) so that these tests are about the submitter:
 * the real orchestrator runs in {@link EndToEndTest}.
 */
class SubmissionTest {

    static final String TASK_ROLE_FROM_TAG = "arn:aws:iam::123456789012:role/wdl/tasks-from-tag";
    static final String FAKE = Path.of("src/test/resources/fake-wdlbatch.sh").toAbsolutePath().toString();

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.runner.orchestratorCommand = List.of("bash", FAKE);
        // a workflow queue whose tags name everything differently from the default world
        EmulatorConfig.Queue q = new EmulatorConfig.Queue("tagged-workflows", AwsNames.DEFAULT_WORKFLOW_QUEUE + "-fargate", 4);
        q.tags.put("DefaultTaskQueue", "wdl-tasks-ondemand");
        q.tags.put("DefaultFsap", EmulatorConfig.DEFAULT_ACCESS_POINT);
        q.tags.put("WorkflowEngineRoleArn", "arn:aws:iam::123456789012:role/from-tag");
        q.tags.put(QueueTags.DEFAULT_TASK_JOB_ROLE_ARN, TASK_ROLE_FROM_TAG);
        c.queues.add(q);
        // --no-efs: the workflow job is an EC2 job, so it needs a queue of EC2 compute environments
        EmulatorConfig.Queue ec2 = new EmulatorConfig.Queue("ec2-workflows", AwsNames.DEFAULT_TASK_QUEUE_FALLBACK + "-ec2",
                4);
        ec2.tags.putAll(c.queues.get(0).tags);
        c.queues.add(ec2);
    });

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

    private SubmitCli cli() {
        return SubmitCli.onEmulatorEfs(AWS.emulator());
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Path hello() throws Exception {
        // the fake workflow image of these tests reads exit= and lines=; inputs are checked before submission
        return write("hello.wdl", "version 1.1\nworkflow hello {\n  input {\n    String who = \"world\"\n"
                + "    Int exit = 0\n    Int lines = 0\n    Int n = 0\n    Array[String] xs = []\n  }\n"
                + "  output {\n    String s = \"hi \" + who\n  }\n}\n");
    }

    private static JobDetail job(String id) {
        return batch.describeJobs(b -> b.jobs(id)).jobs().get(0);
    }

    private static Map<String, String> env(ContainerDetail c) {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyValuePair kv : c.environment()) {
            m.put(kv.name(), kv.value());
        }
        return m;
    }

    private static JobDefinition definition(JobDetail job) {
        List<JobDefinition> defs = batch.describeJobDefinitions(b -> b.jobDefinitions(job.jobDefinition()))
                .jobDefinitions();
        assertThat(defs).hasSize(1);
        return defs.get(0);
    }

    private static byte[] shippedBundle(JobDetail job) throws Exception {
        Map<String, String> env = env(job.container());
        return ShippedWdl.join(env.get(ShippedWdl.ENV), job.tags(), definition(job).tags());
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void submitsAFargateJobWithEfsAndDeregistersItsDefinition() throws Exception {
        SubmitCli.Result r = cli().run(hello().toString(), "who=Alice", "--no-cache");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.jobId()).matches("[0-9a-f-]{36}");
        assertThat(r.err()).contains("submitted wdlbatch-hello to wdl-workflows", r.jobId(),
                "aws batch describe-jobs --jobs " + r.jobId());

        JobDetail job = job(r.jobId());
        assertThat(job.jobName()).isEqualTo("wdlbatch-hello");
        assertThat(job.jobQueue()).contains(AwsNames.DEFAULT_WORKFLOW_QUEUE);
        String mount = AWS.emulator().efsFolder().toString();
        assertThat(job.container().command()).containsExactly("wdlbatch", "run", "shipped:hello.wdl", "who=Alice",
                "--no-cache", "--dir", mount + "/wdlbatch_run", "--backend", "aws-batch");

        JobDefinition def = definition(job);
        assertThat(def.status()).isEqualTo("INACTIVE");
        assertThat(def.platformCapabilitiesAsStrings()).containsExactly("FARGATE");
        ContainerProperties c = def.containerProperties();
        // the image the stack published: the workflow queue's tag WorkflowImage
        assertThat(c.image()).isEqualTo(AWS.emulator().config().defaultWorkflowImage());
        assertThat(c.executionRoleArn()).isEqualTo(c.jobRoleArn())
                .isEqualTo("arn:aws:iam::123456789012:role/wdlbatch-workflow-engine");
        assertThat(c.networkConfiguration().assignPublicIpAsString()).isEqualTo("ENABLED");
        assertThat(c.volumes()).hasSize(1);
        var efs = c.volumes().get(0).efsVolumeConfiguration();
        assertThat(efs.fileSystemId()).isEqualTo(EmulatorConfig.DEFAULT_FILE_SYSTEM);
        assertThat(efs.transitEncryptionAsString()).isEqualTo("ENABLED");
        assertThat(efs.authorizationConfig().accessPointId()).isEqualTo(EmulatorConfig.DEFAULT_ACCESS_POINT);
        assertThat(c.mountPoints().get(0).containerPath()).isEqualTo(mount);
        assertThat(c.resourceRequirements()).extracting(rr -> rr.typeAsString() + "=" + rr.value())
                .containsExactlyInAnyOrder("VCPU=1", "MEMORY=4096");

        Map<String, String> env = env(job.container());
        assertThat(env).containsEntry("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks")
                .containsEntry("WDLBATCH__AWS__TASK_QUEUE_FALLBACK", "wdl-tasks-ondemand")
                .containsEntry("WDLBATCH__AWS__FSAP", EmulatorConfig.DEFAULT_ACCESS_POINT)
                .containsEntry("WDLBATCH__AWS__FS", EmulatorConfig.DEFAULT_FILE_SYSTEM)
                .containsEntry("WDLBATCH__FILE_IO__ROOT", mount)
                .doesNotContainKey("WDLBATCH__AWS__WORKFLOW_QUEUE")
                // the default world's queue names no task job role: tasks run without one
                .doesNotContainKey("WDLBATCH__AWS__TASK_JOB_ROLE");
        assertThat(unzip(shippedBundle(job))).containsKey("hello.wdl");
    }

    @Test
    void noEfsMountsTheHostsSharedFileSystemAndPassesNoAccessPoint() throws Exception {
        String mount = tmp.resolve("net").toString();
        SubmitCli.Result r = cli().run("--no-efs", "--workflow-queue", "ec2-workflows", "--mount", mount, "--fsap",
                "fsap-ignored", hello().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JobDetail job = job(r.jobId());
        assertThat(job.container().command()).containsSubsequence("--dir", mount + "/wdlbatch_run");
        assertThat(env(job.container())).containsEntry("WDLBATCH__AWS__EFS", "false")
                .containsEntry("WDLBATCH__FILE_IO__ROOT", mount)
                .doesNotContainKeys("WDLBATCH__AWS__FSAP", "WDLBATCH__AWS__FS");
        JobDefinition def = definition(job);
        assertThat(def.platformCapabilitiesAsStrings()).containsExactly("EC2");
        assertThat(def.containerProperties().volumes().get(0).host().sourcePath()).isEqualTo(mount);
        assertThat(def.containerProperties().mountPoints().get(0).containerPath()).isEqualTo(mount);
        assertThat(def.containerProperties().volumes().get(0).efsVolumeConfiguration()).isNull();
    }

    @Test
    void miniwdlAwsVariablesAreReadAndPassedOnAsOursWhichWinOverThem() throws Exception {
        SubmitCli.Result r = cli().env("MINIWDL__AWS__TASK_QUEUE", "wdl-tasks-ondemand")
                .env("MINIWDL__SCHEDULER__TASK_CONCURRENCY", "5")
                .env("MINIWDL__AWS__SUBMIT_PERIOD", "2")
                .env("MINIWDL__AWS__FSAP", "fsap-not-this-one")
                .env("WDLBATCH__AWS__FSAP", EmulatorConfig.DEFAULT_ACCESS_POINT)
                .run("--workflow-queue", "tagged-workflows", hello().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).containsOnlyOnce("MINIWDL__ variable(s) have no effect here")
                .contains("MINIWDL__AWS__SUBMIT_PERIOD");
        Map<String, String> env = env(job(r.jobId()).container());
        assertThat(env).containsEntry("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks-ondemand")
                .containsEntry("WDLBATCH__SCHEDULER__CALL_CONCURRENCY", "5")
                .containsEntry("WDLBATCH__AWS__FSAP", EmulatorConfig.DEFAULT_ACCESS_POINT)
                .doesNotContainKeys("MINIWDL__AWS__TASK_QUEUE", "MINIWDL__AWS__SUBMIT_PERIOD");
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverQueueTags() throws Exception {
        SubmitCli.Result r = cli().env("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks")
                .env("WDLBATCH__AWS__WORKFLOW_ROLE", "arn:aws:iam::123456789012:role/from-env")
                .env("WDLBATCH__SCHEDULER__CALL_CONCURRENCY", "7")
                .env("WDLBATCH__AWS__WORKFLOW_CPU", "2")
                .run("--workflow-queue", "tagged-workflows", "--memory-GiB", "8", "--no-public-ip", "--name",
                        "my-run", hello().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JobDetail job = job(r.jobId());
        assertThat(job.jobName()).isEqualTo("my-run");
        assertThat(job.jobQueue()).contains("tagged-workflows");
        Map<String, String> env = env(job.container());
        // env over tag: the task queue; tag where nothing else says: the file system
        assertThat(env).containsEntry("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks")
                .containsEntry("WDLBATCH__AWS__FSAP", EmulatorConfig.DEFAULT_ACCESS_POINT)
                .containsEntry("WDLBATCH__SCHEDULER__CALL_CONCURRENCY", "7")
                .doesNotContainKeys("WDLBATCH__AWS__TASK_QUEUE_FALLBACK", "WDLBATCH__AWS__WORKFLOW_ROLE",
                        "WDLBATCH__AWS__WORKFLOW_CPU");
        ContainerProperties c = definition(job).containerProperties();
        assertThat(c.jobRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/from-env");
        assertThat(c.networkConfiguration().assignPublicIpAsString()).isEqualTo("DISABLED");
        assertThat(c.resourceRequirements()).extracting(rr -> rr.typeAsString() + "=" + rr.value())
                .containsExactlyInAnyOrder("VCPU=2", "MEMORY=8192");

        // a flag over the environment; --no-env passes none of the user's variables
        SubmitCli.Result r2 = cli().env("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks")
                .env("WDLBATCH__SCHEDULER__CALL_CONCURRENCY", "7")
                .run("--workflow-queue", "tagged-workflows", "--task-queue", "wdl-tasks-ondemand", "--no-env",
                        hello().toString());
        assertThat(r2.exit()).as(r2.err()).isZero();
        assertThat(env(job(r2.jobId()).container())).containsEntry("WDLBATCH__AWS__TASK_QUEUE", "wdl-tasks-ondemand")
                .doesNotContainKey("WDLBATCH__SCHEDULER__CALL_CONCURRENCY");
        // and the role from the queue's tag when nothing else names one
        SubmitCli.Result r3 = cli().run("--workflow-queue", "tagged-workflows", hello().toString());
        assertThat(definition(job(r3.jobId())).containerProperties().jobRoleArn())
                .isEqualTo("arn:aws:iam::123456789012:role/from-tag");
    }

    @Test
    void theTaskJobRoleComesFromTheQueueTagUnlessTheFlagOrTheEnvironmentNamesOne() throws Exception {
        String fromEnv = "arn:aws:iam::123456789012:role/tasks-from-env";
        String fromFlag = "arn:aws:iam::210987654321:role/tasks-from-flag";

        // the tag: the workflow job's [aws] task_job_role, shown with where it came from
        SubmitCli.Result tag = cli().run("--workflow-queue", "tagged-workflows", hello().toString(), "--follow");
        assertThat(tag.exit()).as(tag.err()).isZero();
        assertThat(env(job(tag.jobId()).container())).containsEntry("WDLBATCH__AWS__TASK_JOB_ROLE", TASK_ROLE_FROM_TAG);
        assertThat(tag.err()).contains("task job role: " + TASK_ROLE_FROM_TAG + " (tag DefaultTaskJobRoleArn of"
                + " tagged-workflows)", "(tasks on wdl-tasks-ondemand as " + TASK_ROLE_FROM_TAG + ")");
        // the role is the task jobs' business: the workflow job itself still runs as the workflow role
        assertThat(definition(job(tag.jobId())).containerProperties().jobRoleArn())
                .isEqualTo("arn:aws:iam::123456789012:role/from-tag");

        // the environment over the tag
        SubmitCli.Result env = cli().env("WDLBATCH__AWS__TASK_JOB_ROLE", fromEnv)
                .run("--workflow-queue", "tagged-workflows", hello().toString(), "--follow");
        assertThat(env.exit()).as(env.err()).isZero();
        assertThat(env(job(env.jobId()).container())).containsEntry("WDLBATCH__AWS__TASK_JOB_ROLE", fromEnv);
        assertThat(env.err()).contains("task-job-role: " + fromEnv + " (WDLBATCH__AWS__TASK_JOB_ROLE)")
                .doesNotContain(TASK_ROLE_FROM_TAG);

        // the flag over both, with or without --no-env
        for (boolean noEnv : new boolean[] {false, true}) {
            List<String> args = new java.util.ArrayList<>(List.of("--workflow-queue", "tagged-workflows",
                    "--task-job-role", fromFlag));
            if (noEnv) {
                args.add("--no-env");
            }
            args.add(hello().toString());
            SubmitCli.Result flag = cli().env("WDLBATCH__AWS__TASK_JOB_ROLE", fromEnv).run(args.toArray(new String[0]));
            assertThat(flag.exit()).as(flag.err()).isZero();
            assertThat(env(job(flag.jobId()).container())).containsEntry("WDLBATCH__AWS__TASK_JOB_ROLE", fromFlag);
        }

        // --task-job-role none: no role for this run, over the tag and over the submitter's own environment
        SubmitCli.Result none = cli().env("WDLBATCH__AWS__TASK_JOB_ROLE", fromEnv)
                .run("--workflow-queue", "tagged-workflows", "--task-job-role", "none", hello().toString(), "--follow");
        assertThat(none.exit()).as(none.err()).isZero();
        assertThat(env(job(none.jobId()).container())).containsEntry("WDLBATCH__AWS__TASK_JOB_ROLE", "");
        assertThat(none.err()).contains("task-job-role: none (--task-job-role)", "(tasks on wdl-tasks-ondemand)")
                .doesNotContain(TASK_ROLE_FROM_TAG + " (tag");

        // the self-test shows it among the settings too
        SubmitCli.Result selfTest = cli().run("--workflow-queue", "tagged-workflows", "--self-test");
        assertThat(selfTest.exit()).as(selfTest.err()).isZero();
        assertThat(selfTest.err()).contains("submit_awsbatch: task job role: " + TASK_ROLE_FROM_TAG + " (tag");
        assertThat(env(job(selfTest.jobId()).container()))
                .containsEntry("WDLBATCH__AWS__TASK_JOB_ROLE", TASK_ROLE_FROM_TAG);
    }

    @Test
    void outerWdlImportingAnInnerOneShipsBoth() throws Exception {
        write("tasks/inner.wdl", "version 1.1\ntask greet {\n  input {\n    String who\n  }\n  command <<<\n"
                + "    echo hi ~{who}\n  >>>\n  output {\n    String s = read_string(stdout())\n  }\n}\n");
        Path outer = write("workflows/outer.wdl", "version 1.1\nimport \"../tasks/inner.wdl\" as inner\n"
                + "workflow outer {\n  call inner.greet { input: who = \"x\" }\n  output {\n    String s = greet.s\n"
                + "  }\n}\n");
        SubmitCli.Result r = cli().run(outer.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JobDetail job = job(r.jobId());
        assertThat(job.container().command()).contains("shipped:outer.wdl");
        Map<String, String> files = unzip(shippedBundle(job));
        assertThat(files).containsKeys("workflows/outer.wdl", "tasks/inner.wdl");
        assertThat(files.get("tasks/inner.wdl")).isEqualTo(Files.readString(tmp.resolve("tasks/inner.wdl")));
    }

    @Test
    void aZipBundleShipsAsIsAndAUrlOrMountPathPassesThrough() throws Exception {
        byte[] zip = SubmitZip.of("main.wdl", Files.readString(hello()));
        Path bundle = tmp.resolve("bundle.zip");
        Files.write(bundle, zip);
        SubmitCli.Result r = cli().run(bundle.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JobDetail job = job(r.jobId());
        assertThat(job.container().command()).contains("shipped:bundle.zip");
        assertThat(shippedBundle(job)).isEqualTo(zip);

        SubmitCli.Result url = cli().run("https://example.org/wf/hello.wdl", "x=1");
        assertThat(url.exit()).as(url.err()).isZero();
        JobDetail byUrl = job(url.jobId());
        assertThat(byUrl.container().command()).containsSubsequence("run", "https://example.org/wf/hello.wdl", "x=1");
        assertThat(env(byUrl.container())).doesNotContainKey(ShippedWdl.ENV);

        String onEfs = AWS.emulator().efsFolder() + "/wdl/hello.wdl";
        SubmitCli.Result path = cli().run(onEfs);
        assertThat(path.exit()).as(path.err()).isZero();
        assertThat(job(path.jobId()).container().command()).containsSubsequence("run", onEfs);
    }

    @Test
    void aLocalInputsJsonIsSentAlongAsKeyValueArguments() throws Exception {
        Path inputs = write("inputs.json", "{\"hello.who\": \"Bob\", \"hello.n\": 3, \"hello.xs\": [\"a\", \"b\"]}");
        SubmitCli.Result r = cli().run(hello().toString(), "-i", inputs.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(job(r.jobId()).container().command()).containsSubsequence("shipped:hello.wdl", "hello.who=Bob",
                "hello.n=3", "hello.xs=[\"a\",\"b\"]", "--dir");
    }

    @Test
    void aWdlOfFortyThousandCharactersShipsThroughTags() throws Exception {
        StringBuilder wdl = new StringBuilder("version 1.1\nworkflow big {\n  output {\n");
        Random random = new Random(7);
        int i = 0;
        while (wdl.length() < 40_000) {
            // varied but WDL-like text: compresses as real WDL does (about 4-6x), not as noise
            wdl.append("    String s").append(i++).append(" = \"sample_").append(random.nextInt(100_000))
                    .append("_").append(Integer.toHexString(random.nextInt())).append("\"\n");
        }
        wdl.append("  }\n}\n");
        Path p = write("big.wdl", wdl.toString());
        SubmitCli.Result r = cli().run(p.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("tags)");
        JobDetail job = job(r.jobId());
        assertThat(job.tags().keySet()).anyMatch(k -> k.startsWith("wdl00."));
        assertThat(job.tags()).hasSizeLessThanOrEqualTo(50);
        assertThat(definition(job).tags()).hasSizeLessThanOrEqualTo(50);
        assertThat(WorkflowJobRequest.overridesChars(job.container().command(), env(job.container())))
                .isLessThanOrEqualTo(WorkflowJobRequest.OVERRIDES_LIMIT - WorkflowJobRequest.BATCH_VARIABLES_RESERVE);
        assertThat(unzip(shippedBundle(job)).get("big.wdl")).isEqualTo(wdl.toString());
    }

    @Test
    void aWdlOfFiftyThousandRandomCharactersExits123AndSubmitsNothing() throws Exception {
        Random random = new Random(42);
        StringBuilder noise = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_.,;:!?@#%&*()[]<>";
        while (noise.length() < 50_000) {
            noise.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        Path p = write("noise.wdl", "version 1.1\nworkflow noise {\n  meta {\n    noise: \"" + noise
                + "\"\n  }\n}\n");
        int before = SubmitCli.jobs(batch, AwsNames.DEFAULT_WORKFLOW_QUEUE).size();
        SubmitCli.Result r = cli().run(p.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(123);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("noise.wdl is too large to ship", "pass the WDL by reference",
                "URL", "under the mount");
        assertThat(SubmitCli.jobs(batch, AwsNames.DEFAULT_WORKFLOW_QUEUE)).hasSize(before);
    }

    @Test
    void followPrintsTheLogOnceStopsAtTheMarkerAndExitsWithTheWorkflowStatus() throws Exception {
        SubmitCli.Result r = cli().run(hello().toString(), "exit=3", "lines=5", "--follow");
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("fake wdlbatch: run shipped:hello.wdl exit=3 lines=5 --dir");
        for (int i = 1; i <= 5; i++) {
            String line = "workflow log line " + i + "\n";
            assertThat(r.err()).containsOnlyOnce(line);
        }
        assertThat(r.err()).doesNotContain(AwsNames.END_OF_LOG_MARKER).doesNotContain("did not arrive")
                .contains("log: group /aws/batch/job, stream wdlbatch-hello/default/")
                .containsPattern("FAILED\t" + r.jobId() + "\texit status 3");
        assertThat(r.err().indexOf("workflow log line 5")).isLessThan(r.err().indexOf("FAILED\t"));

        SubmitCli.Result ok = cli().run(hello().toString(), "-f");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.err()).contains("workflow log line 3", "SUCCEEDED\t" + ok.jobId());
    }

    @Test
    void followUnderThrottlingLosesAndRepeatsNothing() throws Exception {
        AWS.emulator().faults().throttle("logs.GetLogEvents", 2).throttle("batch", 4);
        try {
            SubmitCli.Result r = cli().run(hello().toString(), "lines=12", "--follow");
            assertThat(r.exit()).as(r.err()).isZero();
            for (int i = 1; i <= 12; i++) {
                assertThat(r.err()).containsOnlyOnce("workflow log line " + i + "\n");
            }
            assertThat(r.err()).contains("SUCCEEDED\t" + r.jobId());
        } finally {
            AWS.emulator().faults().noThrottling();
        }
    }

    @Test
    void ctrlCWhileWaitingSaysHowToTerminateTheJobThatKeepsRunning() throws Exception {
        // a real process, configured only by its environment (AWS_ENDPOINT_URL, AWS_REGION, WDLBATCH__*), as a user runs it
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SubmitMain.class.getName(), hello().toString(),
                "lines=400", "--follow");
        pb.environment().putAll(AWS.emulator().clientEnvironment());
        pb.environment().put("WDLBATCH__AWS__WORKFLOW_QUEUE", AwsNames.DEFAULT_WORKFLOW_QUEUE);
        pb.environment().put("WDLBATCH__FILE_IO__ROOT", AWS.emulator().efsFolder().toString());
        Path err = tmp.resolve("stderr.txt");
        Process p = pb.redirectError(err.toFile()).start();
        String jobId = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8)).readLine();
        assertThat(jobId).as(Files.readString(err)).matches("[0-9a-f-]{36}");
        while (!Files.readString(err).contains("workflow log line 1")) {
            assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
            Thread.sleep(50);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(err)).contains("interrupted; the workflow job " + jobId + " keeps running",
                "aws batch terminate-job --job-id " + jobId);
        assertThat(job(jobId).statusAsString()).isIn("RUNNING", "SUCCEEDED");
        batch.terminateJob(b -> b.jobId(jobId).reason("test over"));
    }

    @Test
    void aLogStreamThatDoesNotExistYetReadsAsEmptyThenFollowsOnceItDoes() {
        try (AwsClients aws = AwsClients.at(AWS.emulator().endpoint(), AWS.emulator().region())) {
            LogFollower log = new LogFollower(aws.logs(), AwsNames.BATCH_LOG_GROUP, "later/default/stream");
            assertThat(log.newMessages()).isEmpty();
            try {
                aws.logs().createLogGroup(b -> b.logGroupName(AwsNames.BATCH_LOG_GROUP));
            } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException e) {
                // a job of another test made it
            }
            aws.logs().createLogStream(b -> b.logGroupName(AwsNames.BATCH_LOG_GROUP).logStreamName("later/default/stream"));
            aws.logs().putLogEvents(b -> b.logGroupName(AwsNames.BATCH_LOG_GROUP).logStreamName("later/default/stream")
                    .logEvents(e -> e.timestamp(System.currentTimeMillis()).message("first"),
                            e -> e.timestamp(System.currentTimeMillis()).message("second")));
            assertThat(log.newMessages()).containsExactly("first", "second");
            assertThat(log.newMessages()).isEmpty();
        }
    }

    @Test
    void waitExitsWithTheWorkflowStatusWithoutPrintingTheLog() throws Exception {
        SubmitCli.Result r = cli().run(hello().toString(), "exit=5", "--wait");
        assertThat(r.exit()).as(r.err()).isEqualTo(5);
        assertThat(r.err()).doesNotContain("workflow log line").contains("FAILED\t" + r.jobId() + "\texit status 5");
    }

    @Test
    void aJobThatNeverStartsSaysWhy() throws Exception {
        AWS.emulator().faults().missingImage("wdlbatch-missing:1");
        SubmitCli.Result r = cli().run("--image", "wdlbatch-missing:1", hello().toString(), "--wait");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("FAILED\t" + r.jobId(), "CannotPullContainerError");
    }

    @Test
    void selfTestShipsTheBuiltInWorkflowAndFollowsIt() {
        SubmitCli.Result r = cli().run("--self-test");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("fake wdlbatch: run shipped:self_test.wdl", "workflow log line 3",
                "SUCCEEDED\t" + r.jobId(), "submit_awsbatch: task job role: none (task containers run without a"
                + " job role");
    }
}
