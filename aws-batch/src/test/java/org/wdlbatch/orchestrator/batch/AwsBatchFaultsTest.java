package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.engine.Runner;
import org.wdlbatch.wdl.values.ValueJson;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.JobSummary;
import org.wdlbatch.wdl.json.JsonText;

/** Spot reclaims, retries, out-of-memory, missing images, fail-fast termination, throttling, big commands. */
class AwsBatchFaultsTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.queues.forEach(q -> q.capacity = 16));

    @AfterEach
    void noFaults() {
        AWS.emulator().faults().noThrottling();
    }

    private static BatchClient batch() {
        return BatchClient.builder().endpointOverride(AWS.emulator().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials
                        .create("emulator", "emulator"))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
    }

    private static CompletableFuture<BatchRuns.Result> runAsync(String wdl, List<String> inputs,
            Map<String, String> settings) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return BatchRuns.run(AWS.emulator(), wdl, inputs, settings);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newSingleThreadExecutor());
    }

    /** Waits (up to a minute, not a timing assertion: it fails only when the thing never happens). */
    private static <T> T await(Supplier<T> probe) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("waited a minute in vain");
    }

    private static String runningJob(BatchClient b, String queue, String notId) {
        for (JobSummary s : b.listJobs(r -> r.jobQueue(queue).jobStatus(JobStatus.RUNNING)).jobSummaryList()) {
            if (!s.jobId().equals(notId)) {
                return s.jobId();
            }
        }
        return null;
    }

    @Test
    void spotReclaimIsRetriedThenMovesToTheFallbackQueue() throws Exception {
        Path release = AWS.emulator().efsFolder().resolve("release-reclaim");
        String wdl = """
                version 1.1
                task patient {
                  command <<<
                    echo "attempt $AWS_BATCH_JQ_NAME"; touch RELEASE.started-$AWS_BATCH_JOB_ID
                    while [ ! -f RELEASE ]; do sleep 0.05; done
                  >>>
                  runtime { preemptible: 1 }
                  output { String said = read_string(stdout()) }
                }
                workflow reclaimed { call patient  output { String said = patient.said } }
                """.replace("RELEASE", release.toString());
        try (BatchClient b = batch()) {
            var run = runAsync(wdl, List.of(), Map.of());
            String first = await(() -> runningJob(b, "wdl-tasks", null));
            await(() -> Files.exists(Path.of(release + ".started-" + first)) ? true : null);
            assertThat(AWS.emulator().faults().reclaimSpot(first)).isTrue();
            String second = await(() -> runningJob(b, "wdl-tasks", first));
            await(() -> Files.exists(Path.of(release + ".started-" + second)) ? true : null);
            assertThat(AWS.emulator().faults().reclaimSpot(second)).isTrue();
            String third = await(() -> runningJob(b, "wdl-tasks-ondemand", null));
            Files.writeString(release, "go");
            BatchRuns.Result r = run.get(2, TimeUnit.MINUTES);
            assertThat(r.outcome().failure()).isNull();
            assertThat(ValueJson.toJson(r.outcome().outputs().get("reclaimed.said")).asText())
                    .isEqualTo("attempt wdl-tasks-ondemand");
            // the status line counts them
            assertThat(r.backend().states().orElseThrow().spotReclaims()).isEqualTo(2);
            Path call = r.outcome().runDir().path().resolve("call-patient");
            // each reclaimed job's final description is kept once, named by its job id
            assertThat(call.resolve("awsBatchJobDetail." + first + ".json")).exists();
            assertThat(call.resolve("awsBatchJobDetail." + second + ".json")).exists();
            JsonNode detail = JsonText.read(call.resolve("awsBatchJobDetail." + second + ".json"));
            assertThat(detail.get("statusReason").asText()).startsWith("Host EC2");
            assertThat(Files.readString(call.resolve("task.log")))
                    .contains("1 preemptible retries spent, moving to the fallback queue")
                    .contains("submitted as AWS Batch job " + third + " to queue wdl-tasks-ondemand");
            // each reclaimed attempt's partial output is kept apart from the output of the attempt that finished
            assertThat(Files.readString(call.resolve("attempt-1/stdout.txt"))).isEqualTo("attempt wdl-tasks\n");
            assertThat(Files.readString(call.resolve("attempt-2/stdout.txt"))).isEqualTo("attempt wdl-tasks\n");
            assertThat(Files.readString(call.resolve("stdout.txt"))).isEqualTo("attempt wdl-tasks-ondemand\n");
        }
    }

    @Test
    void flakyTaskUnderMaxRetriesKeepsOneMessagePerOutputFile() throws Exception {
        Path counter = AWS.emulator().efsFolder().resolve("flaky-counter");
        String wdl = """
                version 1.1
                task flaky {
                  command <<<
                    n=$(cat COUNTER 2>/dev/null || echo 0); echo $((n + 1)) > COUNTER
                    echo "out $n"; echo "err $n" >&2
                    [ "$n" -ge 2 ]
                  >>>
                  runtime { maxRetries: 3 }
                  output { String said = read_string(stdout()) }
                }
                workflow retried { call flaky  output { String said = flaky.said } }
                """.replace("COUNTER", counter.toString());
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of());
        assertThat(r.outcome().failure()).isNull();
        Path call = r.outcome().runDir().path().resolve("call-flaky");
        assertThat(Files.readString(call.resolve("stdout.txt"))).isEqualTo("out 2\n");
        assertThat(Files.readString(call.resolve("stderr.txt"))).isEqualTo("err 2\n");
        assertThat(Files.readString(call.resolve("attempt-1/stdout.txt"))).isEqualTo("out 0\n");
        assertThat(Files.readString(call.resolve("attempt-2/stderr.txt"))).isEqualTo("err 1\n");
        try (var files = Files.list(call)) {
            assertThat(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("awsBatchJobDetail.") && n.endsWith(".json"))).hasSize(2);
        }
    }

    @Test
    void outOfMemoryIsRetriedWithMoreMemory() throws Exception {
        AWS.emulator().faults().outOfMemoryBelow("example/hungry:1", 3000);
        String wdl = """
                version 1.1
                task hungry {
                  command <<< echo fed >>>
                  runtime { container: "example/hungry:1"  memory: "2 GiB"  maxRetries: 1 }
                  output { String said = read_string(stdout()) }
                }
                workflow oom { call hungry  output { String said = hungry.said } }
                """;
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of());
        assertThat(r.outcome().failure()).isNull();
        Path call = r.outcome().runDir().path().resolve("call-hungry");
        assertThat(Files.readString(call.resolve("task.log"))).contains("ran out of memory (exit 137)")
                .contains("2.0x the memory");
        try (var files = Files.list(call)) {
            Path detail = files.filter(p -> p.getFileName().toString().startsWith("awsBatchJobDetail")).findFirst()
                    .orElseThrow();
            JsonNode d = JsonText.read(detail);
            assertThat(d.at("/container/reason").asText()).contains("OutOfMemoryError");
            assertThat(d.at("/container/resourceRequirements").toString()).contains("\"2048\"");
        }
        // the retry asked for twice the memory, and started clean
        java.util.regex.Matcher jobs = java.util.regex.Pattern.compile("submitted as AWS Batch job (\\S+) to queue")
                .matcher(Files.readString(call.resolve("task.log")));
        List<String> ids = new java.util.ArrayList<>();
        while (jobs.find()) {
            ids.add(jobs.group(1));
        }
        assertThat(ids).hasSize(2);
        try (BatchClient b = batch()) {
            JobDetail retry = b.describeJobs(q -> q.jobs(ids.get(1))).jobs().get(0);
            assertThat(retry.container().resourceRequirements()).anySatisfy(req -> {
                assertThat(req.typeAsString()).isEqualTo("MEMORY");
                assertThat(req.value()).isEqualTo("4096");
            });
        }
        assertThat(call.resolve("attempt-1")).isDirectory();
        assertThat(Files.readString(call.resolve("stdout.txt"))).isEqualTo("fed\n");
    }

    @Test
    void nonexistentImageFailsNamingCannotPullContainerError() throws Exception {
        AWS.emulator().faults().missingImage("example/nothing-here:0");
        String wdl = """
                version 1.1
                task t {
                  command <<< echo never >>>
                  runtime { container: "example/nothing-here:0" }
                }
                workflow noimage { call t }
                """;
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of());
        assertThat(r.outcome().failure()).isNotNull();
        assertThat(r.outcome().failure().message()).contains("CannotPullContainerError");
        JsonNode error = JsonText.read(r.outcome().runDir().errorJson());
        assertThat(error.get("message").asText()).contains("CannotPullContainerError");
        assertThat(error.get("jobId").asText()).isNotEmpty();
        assertThat(error.get("statusReason").asText()).isEqualTo("Task failed to start");
    }

    @Test
    void failingScatterChildTerminatesAllTheOthers() throws Exception {
        String wdl = """
                version 1.1
                task t {
                  input { Int i }
                  command <<< if [ ~{i} = 2 ]; then echo boom >&2; exit 5; fi; sleep 600 >>>
                }
                workflow failfast {
                  scatter (i in range(6)) { call t { input: i = i } }
                }
                """;
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of());
        assertThat(r.outcome().failure()).isNotNull();
        assertThat(r.outcome().failure().call()).isEqualTo("call-t-2");
        JsonNode error = JsonText.read(r.outcome().runDir().errorJson());
        assertThat(error.get("exit_status").asInt()).isEqualTo(5);
        assertThat(error.get("jobId").asText()).matches(".+:[0-5]");
        assertThat(error.get("logStreamName").asText()).isNotEmpty();
        String arrayId = error.get("jobId").asText().replaceAll(":\\d+$", "");
        // the run ends as soon as the stop is under way; closing the backend waits until TerminateJob is sent,
        // and the stopped containers end after SIGTERM
        r.backend().close();
        try (BatchClient b = batch()) {
            List<String> ids = java.util.stream.IntStream.range(0, 6).mapToObj(i -> arrayId + ":" + i).toList();
            await(() -> b.describeJobs(q -> q.jobs(ids)).jobs().stream()
                    .allMatch(c -> c.statusAsString().equals("FAILED")) ? true : null);
            List<JobDetail> children = b.describeJobs(q -> q.jobs(ids)).jobs();
            assertThat(children).hasSize(6).allSatisfy(c -> assertThat(c.statusAsString()).isEqualTo("FAILED"));
            assertThat(children.stream().filter(c -> Terminator.REASON.equals(c.statusReason()))).hasSize(5);
        }
        assertThat(r.backend().metrics().calls("TerminateJob")).isEqualTo(1); // the array job, not 5 children
    }

    @Test
    void throttledAtFiveRequestsASecondNothingIsLost() throws Exception {
        AWS.emulator().faults().throttle("batch", 5);
        Runner.Outcome o = BatchRuns.run(AWS.emulator(), AwsBatchRunTest.SCATTER_GATHER, List.of("n=8"),
                Map.of("array_jobs", "false")).outcome();
        assertThat(o.failure()).isNull();
        assertThat(ValueJson.toJson(o.outputs().get("sg.sum")).asInt()).isEqualTo(140);
    }

    @Test
    void throttlingIsCountedAndRetried() throws Exception {
        AWS.emulator().faults().throttle("batch", 5);
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), AwsBatchRunTest.SCATTER_GATHER, List.of("n=10"),
                Map.of("array_jobs", "false", "api_rate", "50"));
        assertThat(r.outcome().failure()).isNull();
        assertThat(r.backend().metrics().throttledRequests()).isPositive();
        assertThat(r.backend().metrics().jobsSubmitted()).isEqualTo(11);
    }

    @Test
    void aHundredKilobyteCommandStillRuns() throws Exception {
        String wdl = """
                version 1.1
                task big {
                  input { String text }
                  command <<< cat > text.txt <<'EOF'
                ~{text}
                EOF
                wc -c < text.txt >>>
                  output { Int size = read_int(stdout()) }
                }
                workflow bigcommand { input { String text }  call big { input: text = text }
                  output { Int size = big.size } }
                """;
        String text = "x".repeat(100_000);
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of("text=" + text), Map.of());
        assertThat(r.outcome().failure()).isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("bigcommand.size")).asInt()).isEqualTo(100_001);
        assertThat(Files.size(r.outcome().runDir().path().resolve("call-big/command"))).isGreaterThan(100_000);
    }
}
