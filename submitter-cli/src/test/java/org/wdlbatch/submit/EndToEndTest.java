package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole flow against the emulator and its S3 (S3Proxy): submit_awsbatch submits the workflow job, the emulator
 * runs this build's bin/wdlbatch as that job, which runs the tasks as Batch jobs on the task queue (the aws-batch
 * backend), uploads results to S3 and writes the end-of-log line. Needs orchestrator-image/target/wdlbatch.jar
 * (the reactor builds it first; alone: ./mvnw -B -q -pl orchestrator-image -am install -DskipTests).
 */
class EndToEndTest {

    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    static final Path E2E = Path.of("src/test/resources/e2e").toAbsolutePath();
    static final String BUCKET = "results";

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    static S3Client s3;
    static BatchClient batch;

    @BeforeAll
    static void clients() {
        s3 = S3Client.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.of(AWS.emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
                .httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true).build();
        s3.createBucket(b -> b.bucket(BUCKET));
        batch = SubmitCli.batch(AWS.emulator());
    }

    @AfterAll
    static void close() {
        s3.close();
        batch.close();
    }

    private static SubmitCli cli() {
        return EmulatorRuns.cli(AWS.emulator());
    }

    private static String dir(String name) {
        return EmulatorRuns.dir(AWS.emulator(), name);
    }

    private static List<String> keys(String prefix) {
        return EmulatorRuns.keys(s3, BUCKET, prefix);
    }

    private static String object(String key) {
        return EmulatorRuns.object(s3, BUCKET, key);
    }

    private static String objectAt(String s3uri) {
        return EmulatorRuns.objectAt(s3, s3uri);
    }

    private static String keyEndingWith(String prefix, String suffix) {
        List<String> keys = keys(prefix);
        return keys.stream().filter(k -> k.endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + suffix + " under s3://" + BUCKET + "/" + prefix
                        + " in " + keys));
    }

    /** Run directories (yyyymmdd_HHMMSS_name) under a --dir. */
    private static List<Path> runDirs(String dir) throws IOException {
        Path d = Path.of(dir);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{8}_\\d{6}_.*")).toList();
        }
    }

    @Test
    void helloWorldFollowPrintsTheWorkflowLogAndExitsZero() {
        SubmitCli.Result r = cli().run(EXAMPLES.resolve("hello.wdl").toString(), "names=Alice", "names=Bob",
                "--dir", dir("hello"), "--follow");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("Hello, Alice!", "Hello, Bob!", "SUCCEEDED\t" + r.jobId())
                .doesNotContain("did not arrive");
    }

    @Test
    void outputsJsonInS3NamesS3ObjectsWithTheRightContent() throws Exception {
        SubmitCli.Result r = cli().run(E2E.resolve("files.wdl").toString(), "--dir", dir("files"),
                "--s3upload", "s3://" + BUCKET + "/files/", "--wait");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode outputs = new ObjectMapper().readTree(object(keyEndingWith("files/", "outputs.json")));
        JsonNode outs = outputs.has("outputs") ? outputs.get("outputs").get("files.outs") : outputs.get("files.outs");
        assertThat(outs).as(outputs.toString()).hasSize(2);
        assertThat(outs.get(0).asText()).startsWith("s3://" + BUCKET + "/files/");
        assertThat(objectAt(outs.get(0).asText())).isEqualTo("content of a\n");
        assertThat(objectAt(outs.get(1).asText())).isEqualTo("content of b\n");
    }

    @Test
    void aFailingScatterChildFailsTheSubmissionAndErrorJsonCarriesItsStderr() throws Exception {
        SubmitCli.Result r = cli().run(E2E.resolve("scatter_fail.wdl").toString(), "--dir", dir("fail"),
                "--s3upload", "s3://" + BUCKET + "/fail/", "--follow");
        assertThat(r.exit()).as(r.err()).isNotZero();
        assertThat(r.err()).contains("FAILED\t" + r.jobId());
        JsonNode error = new ObjectMapper().readTree(object(keyEndingWith("fail/", "error.json")));
        assertThat(error.path("exit_status").asInt()).as(error.toString()).isEqualTo(42);
        String stderrUri = error.path("stderr_file").asText();
        assertThat(stderrUri).as(error.toString()).startsWith("s3://" + BUCKET + "/fail/");
        assertThat(objectAt(stderrUri)).contains("child 2 fails on purpose");
        assertThat(error.path("stderr_tail").asText()).as(error.toString()).contains("child 2 fails on purpose");
    }

    @Test
    void deleteAfterPolicies() throws Exception {
        String hello = EXAMPLES.resolve("hello.wdl").toString();
        String fail = E2E.resolve("scatter_fail.wdl").toString();
        record Case(String policy, String wdl, boolean succeeds, boolean deleted) {
            String name() {
                return policy + "_" + succeeds;
            }
        }
        // each policy where it deletes and where it keeps (always: deletes); four at a time, the queue's capacity
        List<Case> cases = List.of(new Case("success", hello, true, true), new Case("success", fail, false, false),
                new Case("failure", fail, false, true), new Case("failure", hello, true, false),
                new Case("always", fail, false, true));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<SubmitCli.Result>> runs = new ArrayList<>();
            for (Case c : cases) {
                runs.add(pool.submit(() -> cli().run(c.wdl(), "--dir", dir("delete_" + c.name()), "--s3upload",
                        "s3://" + BUCKET + "/delete/" + c.name() + "/", "--delete-after", c.policy(), "--wait")));
            }
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                SubmitCli.Result r = runs.get(i).get();
                assertThat(r.exit() == 0).as(c + "\n" + r.err()).isEqualTo(c.succeeds());
                assertThat(runDirs(dir("delete_" + c.name()))).as(c.toString()).hasSize(c.deleted() ? 0 : 1);
                assertThat(keys("delete/" + c.name() + "/")).as(c.toString())
                        .anyMatch(k -> k.endsWith(c.succeeds() ? "outputs.json" : "error.json"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecondSubmissionReusesTheCallCacheOnEfs() {
        String dir = dir("cache");
        SubmitCli.Result first = cli().run(E2E.resolve("files.wdl").toString(), "--dir", dir, "--wait");
        assertThat(first.exit()).as(first.err()).isZero();
        int taskJobs = SubmitCli.jobs(batch, AwsNames.DEFAULT_TASK_QUEUE).size();
        SubmitCli.Result second = cli().run(E2E.resolve("files.wdl").toString(), "--dir", dir, "--wait");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(SubmitCli.jobs(batch, AwsNames.DEFAULT_TASK_QUEUE)).as("task jobs of the second run").hasSize(taskJobs);
    }

    @Test
    void selfTest() {
        SubmitCli.Result r = cli().run("--self-test", "--dir", dir("self_test"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("14", "SUCCEEDED\t" + r.jobId());
    }
}
