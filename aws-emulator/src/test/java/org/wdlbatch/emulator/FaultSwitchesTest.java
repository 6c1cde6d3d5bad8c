package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ArrayProperties;
import software.amazon.awssdk.services.batch.model.ContainerProperties;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;

/** The faults of issue 13: random 429s, a lagging ListJobs, and AWS's SIGTERM-then-SIGKILL stop timing. */
class FaultSwitchesTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> {
        c.timeoutMillisPerSecond = 100; // AWS's 30 s grace lasts 3 s here
        c.killGraceMillis = -1; // the default: scaled like the other timings
    });

    @AfterEach
    void liftFaults() {
        AWS.emulator().faults().noThrottling().laggingListJobs(0);
    }

    @Test
    void randomThrottlingRefusesAboutTheFractionAskedWithTheSeedsPattern() {
        try (BatchClient batch = Clients.batchNoRetry(AWS.emulator())) {
            AWS.emulator().faults().randomThrottling(0.3, 42);
            List<Boolean> first = pattern(batch, 300);
            AWS.emulator().faults().randomThrottling(0.3, 42);
            List<Boolean> second = pattern(batch, 300);
            long refused = first.stream().filter(b -> !b).count();
            assertThat(refused).isBetween(60L, 120L); // 30 % of 300 = 90
            assertThat(second).isEqualTo(first);
            AWS.emulator().faults().randomThrottling(0, 0);
            assertThat(pattern(batch, 50)).containsOnly(true);
        }
    }

    /** True for each request answered, false for each refused with HTTP 429 TooManyRequestsException. */
    private static List<Boolean> pattern(BatchClient batch, int n) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                batch.describeJobQueues(r -> r.maxResults(1));
                out.add(true);
            } catch (AwsServiceException e) {
                assertThat(e.statusCode()).isEqualTo(429);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyRequestsException");
                out.add(false);
            }
        }
        return out;
    }

    @Test
    void theControlApiSwitchesTheNewFaults() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(post(http, "random-throttling", "{\"fraction\":0.5,\"seed\":7}").statusCode()).isEqualTo(200);
        try (BatchClient batch = Clients.batchNoRetry(AWS.emulator())) {
            assertThat(pattern(batch, 100)).contains(false);
            assertThat(post(http, "random-throttling", "{\"fraction\":0}").statusCode()).isEqualTo(200);
            assertThat(pattern(batch, 30)).containsOnly(true);
        }
        assertThat(post(http, "random-throttling", "{\"fraction\":1.5}").statusCode()).isEqualTo(400);
        HttpResponse<String> lag = post(http, "lagging-list-jobs", "{\"answers\":2}");
        assertThat(lag.statusCode()).isEqualTo(200);
        assertThat(lag.body()).contains("omittedSoFar");
    }

    private static HttpResponse<String> post(HttpClient http, String fault, String body) throws Exception {
        URI uri = AWS.emulator().endpoint().resolve("/_emulator/faults/" + fault);
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("X-Emulator-Token", AWS.emulator().controlToken())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLaggingListJobsLeavesOutOneChildThenCatchesUp() throws Exception {
        try (BatchClient batch = Clients.batch(AWS.emulator())) {
            String def = batch.registerJobDefinition(r -> r.jobDefinitionName("lag").type(JobDefinitionType.CONTAINER)
                    .containerProperties(ContainerProperties.builder().image("ubuntu").command("true").build()))
                    .jobDefinitionArn();
            String id = batch.submitJob(r -> r.jobName("lag").jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(def)
                    .arrayProperties(ArrayProperties.builder().size(3).build())).jobId();
            await(batch, id, JobStatus.SUCCEEDED);
            AWS.emulator().faults().laggingListJobs(1);
            assertThat(succeededChildren(batch, id)).hasSize(2);
            assertThat(succeededChildren(batch, id)).hasSize(3);
            assertThat(AWS.emulator().faults().listJobsOmitted()).isEqualTo(1);
            // DescribeJobs by id is not affected
            assertThat(batch.describeJobs(r -> r.jobs(id + ":2")).jobs()).hasSize(1);
        }
    }

    private static List<String> succeededChildren(BatchClient batch, String id) {
        return batch.listJobs(r -> r.arrayJobId(id).jobStatus(JobStatus.SUCCEEDED)).jobSummaryList().stream()
                .map(s -> s.jobId()).toList();
    }

    @Test
    void terminateSendsSigtermThenSigkillAfterTheScaledGrace() throws Exception {
        Path marker = Files.createTempFile("got-term", ".txt");
        Files.delete(marker);
        try (BatchClient batch = Clients.batch(AWS.emulator())) {
            // ignores SIGTERM (records it), so only SIGKILL ends it
            String script = "trap 'echo term > " + marker + "' TERM; while true; do sleep 0.05; done";
            String def = batch.registerJobDefinition(r -> r.jobDefinitionName("stubborn")
                    .type(JobDefinitionType.CONTAINER).containerProperties(ContainerProperties.builder()
                            .image("ubuntu").command("bash", "-c", script).build())).jobDefinitionArn();
            String id = batch.submitJob(r -> r.jobName("stubborn").jobQueue(AwsNames.DEFAULT_TASK_QUEUE)
                    .jobDefinition(def)).jobId();
            await(batch, id, JobStatus.RUNNING);
            batch.terminateJob(r -> r.jobId(id).reason("stopped by test"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(marker) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(marker).as("the container got SIGTERM").exists();
            // the container survives SIGTERM: still RUNNING until SIGKILL comes, 3 s (AWS's 30 s, scaled) later
            assertThat(describe(batch, id).status()).isEqualTo(JobStatus.RUNNING);
            JobDetail d = await(batch, id, JobStatus.FAILED);
            assertThat(d.statusReason()).isEqualTo("stopped by test");
            assertThat(d.attempts().get(0).container().exitCode()).isEqualTo(137);
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    private static JobDetail describe(BatchClient batch, String id) {
        return batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
    }

    private static JobDetail await(BatchClient batch, String id, JobStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JobDetail d = null;
        while (System.nanoTime() < deadline) {
            List<JobDetail> found = batch.describeJobs(r -> r.jobs(id)).jobs();
            if (!found.isEmpty()) {
                d = found.get(0);
                if (d.status() == status || d.status() == JobStatus.SUCCEEDED || d.status() == JobStatus.FAILED) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        assertThat(d).isNotNull();
        assertThat(d.status()).as("status of %s (%s)", id, d.statusReason()).isEqualTo(status);
        return d;
    }
}
