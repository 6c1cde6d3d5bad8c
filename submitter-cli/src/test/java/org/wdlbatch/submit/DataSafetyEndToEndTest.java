package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 12, end to end: submit_awsbatch against the emulator (its S3 is S3Proxy), the workflow job is this build's
 * wdlbatch, tasks are real processes. Fresh inputs, uploads that never overwrite, cleanup that never breaks another
 * run, failed runs that keep their evidence, outputs that stay inside. Needs orchestrator-image/target/wdlbatch.jar.
 */
class DataSafetyEndToEndTest {

    static final Path DATA = Path.of("src/test/resources/datasafety").toAbsolutePath();
    static final Path E2E = Path.of("src/test/resources/e2e").toAbsolutePath();
    static final String BUCKET = "safety";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Bound of every wait for a condition; generous, for a loaded machine. */
    static final Duration PATIENCE = Duration.ofMinutes(8);

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    static S3Client s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void clients() {
        s3 = S3Client.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.of(AWS.emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).forcePathStyle(true).build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    /** submit_awsbatch, for runs under {@code --dir <emulator EFS>/<dir>}. */
    private static SubmitCli submit() {
        return EmulatorRuns.cli(AWS.emulator());
    }

    private static String efs(String dir) {
        return EmulatorRuns.dir(AWS.emulator(), dir);
    }

    private static List<String> keys(String prefix) {
        return EmulatorRuns.keys(s3, BUCKET, prefix);
    }

    /** The object's text, by key in the test bucket or by s3:// URI. */
    private static String object(String keyOrUri) {
        return keyOrUri.startsWith("s3://") ? EmulatorRuns.objectAt(s3, keyOrUri)
                : EmulatorRuns.object(s3, BUCKET, keyOrUri);
    }

    private static Set<Path> runDirs(String dir) throws IOException {
        Path d = Path.of(dir);
        if (!Files.isDirectory(d)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return new HashSet<>(s.filter(p -> p.getFileName().toString().matches("\\d{8}_\\d{6}_.*")).toList());
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting (" + PATIENCE + ") for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Runs read.wdl on s3://safety/inputs/data.txt; returns what the task read. */
    private String readInput(String dir, String... extra) throws IOException {
        Set<Path> before = runDirs(dir);
        List<String> args = new ArrayList<>(List.of(DATA.resolve("read.wdl").toString(),
                "data=s3://" + BUCKET + "/inputs/data.txt", "--dir", dir, "--wait"));
        args.addAll(List.of(extra));
        SubmitCli.Result r = submit().run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        Set<Path> made = runDirs(dir);
        made.removeAll(before);
        assertThat(made).hasSize(1);
        return JSON.readTree(made.iterator().next().resolve("outputs.json").toFile()).get("read.content").asText();
    }

    private static void putInput(String content) {
        s3.putObject(b -> b.bucket(BUCKET).key("inputs/data.txt"), RequestBody.fromString(content));
    }

    @Test
    void anS3InputOverwrittenBetweenRunsIsReadAnewWithAndWithoutNoCache() throws Exception {
        String dir = efs("fresh");
        putInput("version one\n");
        assertThat(readInput(dir)).isEqualTo("version one");
        putInput("version two\n"); // the same size: only the ETag tells the two apart
        assertThat(readInput(dir)).as("the download cache and the call cache see the new object")
                .isEqualTo("version two");
        putInput("version 3 is longer\n");
        assertThat(readInput(dir, "--no-cache")).isEqualTo("version 3 is longer");
        putInput("version 4 is longer\n");
        assertThat(readInput(dir, "--no-cache")).isEqualTo("version 4 is longer");
        assertThat(readInput(dir)).as("the cache again, after --no-cache runs").isEqualTo("version 4 is longer");
    }

    @Test
    void twoRunsUploadingToTheSamePrefixWithTrailingSlashAndDeleteAfterBothKeepTheirResults() throws Exception {
        String dir = efs("twice");
        for (int i = 0; i < 2; i++) {
            SubmitCli.Result r = submit().run(E2E.resolve("files.wdl").toString(), "--dir", dir, "--s3upload",
                    "s3://" + BUCKET + "/runs/", "--delete-after", "success", "--wait");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        assertThat(runDirs(dir)).as("both run directories deleted after their uploads").isEmpty();
        List<String> outputsJsons = keys("runs/").stream().filter(k -> k.endsWith("/outputs.json")).toList();
        assertThat(outputsJsons).as(keys("runs/").toString()).hasSize(2)
                .allMatch(k -> k.matches("runs/\\d{8}_\\d{6}_files(_\\d+)?/outputs.json"));
        for (String k : outputsJsons) {
            String folder = "s3://" + BUCKET + "/" + k.substring(0, k.length() - "outputs.json".length());
            JsonNode outs = JSON.readTree(object(k)).get("files.outs");
            assertThat(outs).hasSize(2);
            assertThat(outs.get(0).asText()).startsWith(folder);
            assertThat(object(outs.get(0).asText())).isEqualTo("content of a\n");
            assertThat(object(outs.get(1).asText())).isEqualTo("content of b\n");
        }
    }

    @Test
    void aRunReusingTheCachedOutputOfARunThatIsDeletedMeanwhileSucceeds() throws Exception {
        String dir = efs("reuse");
        Path flagA = tmp.resolve("a-go");
        Path flagB = tmp.resolve("b-go");
        String wdl = DATA.resolve("reuse.wdl").toString();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<SubmitCli.Result> a = pool.submit(() -> submit().run(wdl, "flag=" + flagA, "--dir", dir,
                    "--s3upload", "s3://" + BUCKET + "/reuse/", "--delete-after", "success", "--wait"));
            await("run A's hold task", () -> Files.exists(Path.of(flagA + ".waiting")));
            Path runA = runDirs(dir).iterator().next();
            Future<SubmitCli.Result> b = pool.submit(() -> submit().run(wdl, "flag=" + flagB, "--dir", dir,
                    "--s3upload", "s3://" + BUCKET + "/reuse/", "--delete-after", "success", "--wait"));
            await("run B's hold task", () -> Files.exists(Path.of(flagB + ".waiting")));
            Set<Path> dirs = runDirs(dir);
            dirs.remove(runA);
            Path runB = dirs.iterator().next();
            assertThat(runB.resolve("call-produce/task.log")).content().contains("call cache hit");

            Files.createFile(flagA); // A ends, uploads and deletes its run directory while B still runs
            SubmitCli.Result resultA = a.get(PATIENCE.toMinutes(), TimeUnit.MINUTES);
            assertThat(resultA.exit()).as(resultA.err()).isZero();
            await("run A's directory deleted", () -> !Files.exists(runA));

            Files.createFile(flagB);
            SubmitCli.Result resultB = b.get(PATIENCE.toMinutes(), TimeUnit.MINUTES);
            assertThat(resultB.exit()).as(resultB.err()).isZero();
            String outputs = keys("reuse/" + runB.getFileName() + "/").stream()
                    .filter(k -> k.endsWith("/outputs.json")).findFirst().orElseThrow();
            JsonNode out = JSON.readTree(object(outputs));
            assertThat(out.get("reuse.got").asText()).isEqualTo("shared from produce");
            assertThat(object(out.get("reuse.result").asText())).isEqualTo("shared from produce\n");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedRunDeletedAfterFailureLeavesTheFailedCallsFilesInS3() throws Exception {
        String dir = efs("evidence");
        SubmitCli.Result r = submit().run(E2E.resolve("scatter_fail.wdl").toString(), "--dir", dir, "--s3upload",
                "s3://" + BUCKET + "/evidence/", "--delete-after", "failure", "--wait");
        assertThat(r.exit()).as(r.err()).isNotZero();
        assertThat(runDirs(dir)).isEmpty();
        String errorKey = keys("evidence/").stream().filter(k -> k.endsWith("/error.json")).findFirst().orElseThrow();
        JsonNode error = JSON.readTree(object(errorKey));
        JsonNode files = error.get("failed_call_files");
        assertThat(files).as(error.toString()).isNotNull();
        assertThat(files.fieldNames()).toIterable().contains("command", "task.log", "stdout.txt", "stderr.txt", "rc",
                "inputs.json");
        assertThat(object(files.get("stderr.txt").asText())).contains("child 2 fails on purpose");
        assertThat(object(files.get("command").asText())).contains("fails on purpose");
        assertThat(object(files.get("rc").asText()).strip()).isEqualTo("42");
        assertThat(object(files.get("inputs.json").asText())).contains("\"i\" : 2"); // the failed call's own inputs
        assertThat(object(files.get("task.log").asText())).isNotEmpty();
    }

    @Test
    void everyEscapingOutputFailsWithTheNamedErrorAndNothingOutsideIsUploaded() throws Exception {
        Path outsideDir = Files.createDirectories(tmp.resolve("another-users-run"));
        String secret = "secret of another user " + System.nanoTime();
        Path outside = Files.writeString(outsideDir.resolve("secret.txt"), secret + "\n");
        record Case(String name, String command, String taskOutput, String workflowOutput, String named) {}
        List<Case> cases = List.of(
                new Case("absolute", "true", "File f = \"" + outside + "\"", "File f = t.f", "output t.f:"),
                new Case("climb", "echo climbed > ../../climbed.txt", "File f = \"../../climbed.txt\"",
                        "File f = t.f", "output t.f:"),
                new Case("symlink", "ln -s " + outside + " link.txt", "File f = \"link.txt\"", "File f = t.f",
                        "output t.f:"),
                new Case("directory", "true", "Directory f = \"" + outsideDir + "\"", "Directory f = t.f",
                        "output t.f:"),
                new Case("literal", "true", "File f = \"mine.txt\"", "File f = \"" + outside + "\"",
                        "output w.f:"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SubmitCli.Result>> runs = new ArrayList<>();
            for (Case c : cases) {
                Path wdl = Files.writeString(tmp.resolve(c.name() + ".wdl"), """
                        version 1.2
                        task t {
                          command <<< echo mine > mine.txt; %s >>>
                          output { %s }
                        }
                        workflow w {
                          call t
                          output { %s }
                        }
                        """.formatted(c.command(), c.taskOutput(), c.workflowOutput()));
                runs.add(pool.submit(() -> submit().run(wdl.toString(), "--dir", efs("escape_" + c.name()),
                        "--s3upload", "s3://" + BUCKET + "/escape/" + c.name() + "/", "--wait")));
            }
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                SubmitCli.Result r = runs.get(i).get(PATIENCE.toMinutes(), TimeUnit.MINUTES);
                assertThat(r.exit()).as(c + "\n" + r.err()).isNotZero();
                String errorKey = keys("escape/" + c.name() + "/").stream().filter(k -> k.endsWith("/error.json"))
                        .findFirst().orElseThrow(() -> new AssertionError(c + ": no error.json"));
                JsonNode error = JSON.readTree(object(errorKey));
                assertThat(error.path("error").asText()).as(c + " " + error).isEqualTo("OutputError");
                assertThat(error.path("message").asText()).as(c.toString()).startsWith(c.named())
                        .containsAnyOf("a task output must resolve", "a workflow output must be a task output");
                for (String k : keys("escape/" + c.name() + "/")) {
                    assertThat(object(k)).as(c + ": " + k).doesNotContain(secret);
                    assertThat(k).doesNotContain("secret.txt").doesNotContain("climbed.txt");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
