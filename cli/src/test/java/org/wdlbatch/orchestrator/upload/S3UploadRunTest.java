package org.wdlbatch.orchestrator.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wdlbatch.cli.WdlbatchMain;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.orchestrator.workflowjob.WorkflowJob;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code wdlbatch run --s3upload / --delete-after} with the local backend (tasks are real bash processes) against
 * the emulator's real S3: what lands where, with which content, and when the run directory goes.
 */
class S3UploadRunTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();
    private static final ObjectMapper JSON = new ObjectMapper();

    static S3Client s3;

    @TempDir
    Path tmp;

    private String bucket;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void sdk() {
        EmulatorS3.pointSdkAt(AWS.emulator());
        s3 = EmulatorS3.client(AWS.emulator());
    }

    @AfterAll
    static void noSdk() {
        EmulatorS3.unpointSdk();
        s3.close();
    }

    @BeforeEach
    void bucket() {
        bucket = "results-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
    }

    private Path wdl() throws Exception {
        return Files.writeString(tmp.resolve("wf.wdl"), """
                version 1.1
                task make {
                  input { String name  Boolean fail }
                  command <<<
                    echo "hello ~{name}" > greeting.txt
                    mkdir parts && echo one > parts/1.txt && echo two > parts/2.txt
                    echo "to stdout for ~{name}"
                    if ~{fail}; then echo "boom: ~{name} went wrong" >&2; exit 3; fi
                  >>>
                  output { File greeting = "greeting.txt"  Array[File] parts = glob("parts/*.txt") }
                }
                workflow wf {
                  input { Boolean fail = false }
                  call make { input: name = "Ada", fail = fail }
                  output { File greeting = make.greeting  Array[File] parts = make.parts  Int n = 2 }
                }
                """);
    }

    private int run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("run", wdl().toString(), "--dir", tmp.resolve("runs").toString()));
        all.addAll(List.of(args));
        return WdlbatchMain.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path onlyRunDir() throws Exception {
        try (var s = Files.list(tmp.resolve("runs"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith("_")).findFirst().orElseThrow();
        }
    }

    private long runDirs() throws Exception {
        if (!Files.isDirectory(tmp.resolve("runs"))) {
            return 0;
        }
        try (var s = Files.list(tmp.resolve("runs"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith("_")).count();
        }
    }

    @Test
    void successUploadsOutputsJsonWithS3UrisWhoseObjectsHoldTheFiles() throws Exception {
        int code = run("--s3upload", "s3://" + bucket + "/runs");
        assertThat(code).as(err.toString()).isZero();
        String runName = onlyRunDir().getFileName().toString();
        String folder = "runs/" + runName + "/";
        assertThat(EmulatorS3.keys(s3, bucket, "")).contains(folder + "outputs.json", folder + "workflow.log")
                .noneMatch(k -> k.contains(".wdlbatch-write-test"));
        JsonNode outputs = JSON.readTree(EmulatorS3.get(s3, "s3://" + bucket + "/" + folder + "outputs.json"));
        String greeting = outputs.get("wf.greeting").asText();
        assertThat(greeting).isEqualTo("s3://" + bucket + "/" + folder + "out/greeting/greeting.txt");
        assertThat(EmulatorS3.get(s3, greeting)).isEqualTo("hello Ada\n");
        assertThat(outputs.get("wf.parts")).hasSize(2);
        assertThat(EmulatorS3.get(s3, outputs.get("wf.parts").get(0).asText())).isEqualTo("one\n");
        assertThat(EmulatorS3.get(s3, outputs.get("wf.parts").get(1).asText())).isEqualTo("two\n");
        assertThat(outputs.get("wf.n").asInt()).isEqualTo(2);
        assertThat(EmulatorS3.get(s3, "s3://" + bucket + "/" + folder + "workflow.log")).contains("run wf of");
        // the local outputs.json keeps local paths; the run directory stays without --delete-after
        assertThat(Files.readString(onlyRunDir().resolve("outputs.json"))).doesNotContain("s3://");
    }

    @Test
    void aTrailingSlashStillAppendsTheRunNameSoTwoRunsKeepTheirOwnObjects() throws Exception {
        assertThat(run("--s3upload", "s3://" + bucket + "/exact/", "--delete-after", "success")).as(err.toString())
                .isZero();
        assertThat(run("--s3upload", "s3://" + bucket + "/exact/", "--delete-after", "success")).as(err.toString())
                .isZero();
        assertThat(runDirs()).isZero();
        List<String> keys = EmulatorS3.keys(s3, bucket, "exact/");
        List<String> folders = keys.stream().filter(k -> k.endsWith("/outputs.json"))
                .map(k -> k.substring(0, k.length() - "outputs.json".length())).toList();
        assertThat(folders).as(keys.toString()).hasSize(2).allMatch(f -> f.matches("exact/\\d{8}_\\d{6}_wf(_\\d+)?/"));
        for (String f : folders) {
            JsonNode outputs = JSON.readTree(EmulatorS3.get(s3, "s3://" + bucket + "/" + f + "outputs.json"));
            assertThat(outputs.get("wf.greeting").asText()).startsWith("s3://" + bucket + "/" + f);
            assertThat(EmulatorS3.get(s3, outputs.get("wf.greeting").asText())).isEqualTo("hello Ada\n");
            assertThat(keys).contains(f + "workflow.log", f + "inputs.json");
        }
    }

    @Test
    void aFailedTaskPutsItsStderrAndItsFilesNextToErrorJsonInS3() throws Exception {
        int code = run("fail=true", "--s3upload", "s3://" + bucket + "/runs/", "--delete-after", "failure");
        assertThat(code).isEqualTo(1);
        assertThat(runDirs()).as("deleted after the upload").isZero();
        String folder = "s3://" + bucket + "/" + EmulatorS3.keys(s3, bucket, "runs/").stream()
                .filter(k -> k.endsWith("/error.json")).findFirst().orElseThrow().replace("error.json", "");
        JsonNode error = JSON.readTree(EmulatorS3.get(s3, folder + "error.json"));
        assertThat(error.get("error").asText()).isEqualTo("CommandFailed");
        assertThat(error.get("stderr_tail").asText()).contains("boom: Ada went wrong");
        assertThat(error.get("stderr_file").asText()).isEqualTo(folder + "CommandFailed_stderr.txt");
        assertThat(EmulatorS3.get(s3, error.get("stderr_file").asText())).contains("boom: Ada went wrong");
        assertThat(EmulatorS3.get(s3, error.get("stdout_file").asText())).contains("to stdout for Ada");
        JsonNode files = error.get("failed_call_files");
        assertThat(files).as(error.toString()).isNotNull();
        assertThat(files.get("command").asText()).isEqualTo(folder + "failed-call/call-make/command");
        assertThat(EmulatorS3.get(s3, files.get("command").asText())).contains("echo \"hello Ada\" > greeting.txt");
        assertThat(EmulatorS3.get(s3, files.get("task.log").asText())).contains("exited with status 3");
        assertThat(EmulatorS3.get(s3, files.get("stderr.txt").asText())).contains("boom: Ada went wrong");
        assertThat(EmulatorS3.get(s3, files.get("stdout.txt").asText())).contains("to stdout for Ada");
        assertThat(EmulatorS3.get(s3, files.get("rc").asText()).strip()).isEqualTo("3");
        assertThat(EmulatorS3.get(s3, folder + "inputs.json")).contains("fail");
        assertThat(EmulatorS3.get(s3, folder + "workflow.log")).contains("CommandFailed");
    }

    @Test
    void aFailedRunUploadsTheOutputsOfItsFinishedCalls() throws Exception {
        Path wdl = Files.writeString(tmp.resolve("partial.wdl"), """
                version 1.1
                task first { command <<< echo "first result" > first.txt >>> output { File f = "first.txt" } }
                task second { input { File x } command <<< cat ~{x}; exit 1 >>> }
                workflow w { call first  call second { input: x = first.f } }
                """);
        int code = WdlbatchMain.run(new String[] {"run", wdl.toString(), "--dir", tmp.resolve("runs").toString(),
                "--s3upload", "s3://" + bucket + "/partial/"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        String p = "partial/" + onlyRunDir().getFileName() + "/";
        JsonNode first = JSON.readTree(EmulatorS3.get(s3, "s3://" + bucket + "/" + p + "calls/call-first/outputs.json"));
        assertThat(first.get("f").asText())
                .isEqualTo("s3://" + bucket + "/" + p + "calls/call-first/work/first.txt");
        assertThat(EmulatorS3.get(s3, first.get("f").asText())).isEqualTo("first result\n");
        assertThat(EmulatorS3.keys(s3, bucket, p)).contains(p + "error.json", p + "workflow.log")
                .noneMatch(k -> k.startsWith(p + "calls/call-second/"));
    }

    @ParameterizedTest(name = "--delete-after {0}, run fails: {1} -> deleted: {2}")
    @CsvSource({"success,false,true", "success,true,false", "failure,true,true", "failure,false,false",
            "always,false,true", "always,true,true"})
    void deleteAfterPolicies(String policy, boolean fail, boolean deleted) throws Exception {
        int code = run("fail=" + fail, "--s3upload", "s3://" + bucket + "/p", "--delete-after", policy);
        assertThat(code).as(err.toString()).isEqualTo(fail ? 1 : 0);
        assertThat(runDirs()).isEqualTo(deleted ? 0 : 1);
        // whatever happened locally, the files are in S3
        assertThat(EmulatorS3.keys(s3, bucket, "p/")).anyMatch(k -> k.endsWith(fail ? "/error.json" : "/outputs.json"))
                .anyMatch(k -> k.endsWith("/workflow.log"));
    }

    @Test
    void deleteAfterWithoutS3UploadIsAUsageErrorBeforeAnythingRuns() throws Exception {
        int code = run("--delete-after", "success");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--delete-after success needs --s3upload");
        assertThat(runDirs()).isZero();
    }

    @Test
    void noWriteAccessStopsBeforeAnythingRuns() throws Exception {
        int code = run("--s3upload", "s3://no-such-bucket-" + bucket + "/x");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--s3upload").contains("no write access, nothing was run");
        assertThat(runDirs()).isZero();
    }

    @Test
    void aBadS3UriIsAUsageError() throws Exception {
        assertThat(run("--s3upload", "https://example.org/x")).isEqualTo(2);
        assertThat(err.toString()).contains("--s3upload https://example.org/x: expected s3://bucket/prefix");
        assertThat(run("--s3upload", "s3://" + bucket + "/p", "--delete-after", "sometimes")).isEqualTo(2);
        assertThat(err.toString()).contains("--delete-after sometimes: expected success, failure or always");
        assertThat(runDirs()).isZero();
    }

    @Test
    void aFailedUploadKeepsTheRunDirectoryAndFailsTheRun() throws Exception {
        assertThat(run()).as(err.toString()).isZero();
        Path runDir = onlyRunDir();
        WorkflowJob job = WorkflowJob.prepare("s3://" + bucket + "/p", "always", Config.defaults(), Map.of());
        s3.deleteBucket(b -> b.bucket(bucket)); // the bucket goes away while the run runs
        try (job) {
            assertThat(job.finish(runDir, true, 0)).isEqualTo(1);
        }
        assertThat(runDir).isDirectory();
        assertThat(runDir.resolve("out/greeting/greeting.txt")).hasContent("hello Ada");
    }

    @Test
    void anObjectOfAnotherRunAtTheRunsKeyIsLeftAloneAndTheRunDirectoryIsKept() throws Exception {
        assertThat(run()).as(err.toString()).isZero();
        Path runDir = onlyRunDir();
        String key = "p/" + runDir.getFileName() + "/outputs.json";
        s3.putObject(b -> b.bucket(bucket).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromString("another run's outputs"));
        try (WorkflowJob job = WorkflowJob.prepare("s3://" + bucket + "/p/", "always", Config.defaults(), Map.of())) {
            assertThat(job.finish(runDir, true, 0)).as("an incomplete upload fails the run").isEqualTo(1);
        }
        assertThat(EmulatorS3.get(s3, "s3://" + bucket + "/" + key)).isEqualTo("another run's outputs");
        assertThat(runDir).as("not deleted: its outputs.json is not in S3").isDirectory();
        assertThat(EmulatorS3.keys(s3, bucket, "p/")).contains("p/" + runDir.getFileName() + "/out/greeting/greeting.txt");
    }

    @Test
    void filesOutsideTheRunDirectoryAreNeverUploadedEvenWhenOutLinksToThem() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "not this run's\n");
        Path runDir = Files.createDirectories(tmp.resolve("runs/20260101_000000_wf"));
        Path mine = Files.writeString(Files.createDirectories(runDir.resolve("call-t/work")).resolve("mine.txt"),
                "mine\n");
        Files.createSymbolicLink(Files.createDirectories(runDir.resolve("out/mine")).resolve("mine.txt"), mine);
        Files.createSymbolicLink(Files.createDirectories(runDir.resolve("out/stolen")).resolve("secret.txt"), secret);
        Files.writeString(runDir.resolve("outputs.json"),
                JSON.writeValueAsString(Map.of("wf.mine", mine.toString(), "wf.stolen", secret.toString())));

        RunUpload.Report report = new RunUpload(new S3Uploader(s3, "run-x")).upload(runDir, new S3Folder(bucket, "r/"));

        assertThat(report.complete()).as(report.failures().toString()).isTrue();
        List<String> keys = EmulatorS3.keys(s3, bucket, "r/");
        assertThat(keys).contains("r/out/mine/mine.txt", "r/outputs.json").noneMatch(k -> k.contains("secret"));
        for (String k : keys) {
            assertThat(EmulatorS3.get(s3, "s3://" + bucket + "/" + k)).as(k).doesNotContain("not this run's");
        }
        JsonNode outputs = JSON.readTree(EmulatorS3.get(s3, "s3://" + bucket + "/r/outputs.json"));
        assertThat(outputs.get("wf.mine").asText()).isEqualTo("s3://" + bucket + "/r/out/mine/mine.txt");
        assertThat(outputs.get("wf.stolen").asText()).as("left as the local path, not uploaded")
                .isEqualTo(secret.toString());
    }
}
