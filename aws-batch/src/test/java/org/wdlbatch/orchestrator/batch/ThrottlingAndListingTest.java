package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.http.Throttling;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.taskruntime.WrapperScript;
import org.wdlbatch.wdl.values.ValueJson;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * Issue 13 against the emulator's faults: throttled start-up checks, a scatter under random 429s that loses and
 * duplicates nothing, and array polling that survives a ListJobs answer missing a child.
 */
class ThrottlingAndListingTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension(c -> c.queues.forEach(q -> q.capacity = 32));

    @AfterEach
    void noFaults() {
        AWS.emulator().faults().noThrottling().laggingListJobs(0);
    }

    @Test
    void startUpChecksWaitOutThrottlingAndTheirFailureIsNotCalledCredentials() throws Exception {
        Path runs = Files.createDirectories(AWS.emulator().efsFolder().resolve("runs"));
        Config config = BatchRuns.config(AWS.emulator(), Map.of()).build();
        // one Batch request a second: the second DescribeJobQueues (task_queue_fallback) is throttled at least once
        AWS.emulator().faults().throttle(Throttling.BATCH, 1).throttle(Throttling.EFS, 1);
        AwsBatchBackend backend = BatchBackendFactory.create(config, runs, BatchRuns.clients(AWS.emulator()));
        backend.close();

        // what the message says when throttling outlasts every retry: a real 429 from the emulator
        AWS.emulator().faults().throttle(Throttling.BATCH, 0.001);
        AwsServiceException throttled = null;
        try (BatchClient once = BatchClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials
                        .create("test", "test"))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            for (int i = 0; i < 5 && throttled == null; i++) {
                try {
                    once.describeJobQueues(r -> r.maxResults(1));
                } catch (AwsServiceException e) {
                    throttled = e;
                }
            }
        }
        assertThat(throttled).isNotNull();
        String message = AwsClients.explain(throttled);
        assertThat(message).contains("throttling").doesNotContainIgnoringCase("credentials");
    }

    @Test
    void aSingleJobScatterUnderRandom429sLosesAndDuplicatesNothing() throws Exception {
        String wdl = """
                version 1.1
                task echo_it {
                  input { Int i }
                  command <<< echo ~{i} >>>
                  output { Int n = read_int(stdout()) }
                }
                workflow w {
                  scatter (i in range(300)) { call echo_it { input: i = i } }
                  output { Array[Int] all = echo_it.n }
                }
                """;
        AWS.emulator().faults().randomThrottling(0.3, 13);
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(),
                Map.of("array_jobs", "false", "api_rate", "200", "describe_period", "0.2"));
        long refused = AWS.emulator().faults().randomlyThrottled();
        AWS.emulator().faults().randomThrottling(0, 0);
        assertThat(r.outcome().failure()).as("run failure").isNull();
        List<Integer> all = new ArrayList<>();
        ValueJson.toJson(r.outcome().outputs().get("w.all")).forEach(n -> all.add(n.asInt()));
        assertThat(all).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(all.get(i)).isEqualTo(i);
        }
        assertThat(refused).as("requests refused by the fault").isPositive();
        assertThat(r.backend().metrics().throttledRequests()).isPositive();

        // every call of this run has exactly one job: none lost, none submitted twice
        Path runDir = r.outcome().runDir().path();
        Map<String, Integer> jobsPerCall = new HashMap<>();
        try (BatchClient batch = BatchRuns.clients(AWS.emulator()).batch()) {
            List<String> ids = new ArrayList<>();
            for (JobStatus s : JobStatus.values()) {
                if (s == JobStatus.UNKNOWN_TO_SDK_VERSION) {
                    continue;
                }
                batch.listJobsPaginator(q -> q.jobQueue("wdl-tasks").jobStatus(s).maxResults(1000))
                        .jobSummaryList().forEach((JobSummary j) -> ids.add(j.jobId()));
            }
            for (int i = 0; i < ids.size(); i += 100) {
                List<String> part = ids.subList(i, Math.min(ids.size(), i + 100));
                for (JobDetail d : batch.describeJobs(q -> q.jobs(part)).jobs()) {
                    d.container().environment().stream().filter(e -> e.name().equals(WrapperScript.TASK_DIR_VAR))
                            .map(e -> e.value()).filter(dir -> dir.startsWith(runDir.toString() + "/"))
                            .forEach(dir -> jobsPerCall.merge(dir, 1, Integer::sum));
                }
            }
        }
        assertThat(jobsPerCall).hasSize(300);
        assertThat(jobsPerCall.values()).containsOnly(1);
    }

    @Test
    void anArrayScatterEndsCorrectlyWhenListJobsKeepsLeavingOutAChild() throws Exception {
        String wdl = """
                version 1.1
                task sq {
                  input { Int i }
                  command <<< echo $(( ~{i} * ~{i} )) >>>
                  output { Int n = read_int(stdout()) }
                }
                workflow w {
                  scatter (i in range(6)) { call sq { input: i = i } }
                  output { Array[Int] all = sq.n }
                }
                """;
        // every array listing leaves out a child: only describing the missing children by id can finish the run
        AWS.emulator().faults().laggingListJobs(1_000_000);
        BatchRuns.Result r = BatchRuns.run(AWS.emulator(), wdl, List.of(), Map.of());
        int omitted = AWS.emulator().faults().listJobsOmitted();
        AWS.emulator().faults().laggingListJobs(0);
        assertThat(r.outcome().failure()).as("run failure").isNull();
        assertThat(ValueJson.toJson(r.outcome().outputs().get("w.all")).toString()).isEqualTo("[0,1,4,9,16,25]");
        assertThat(omitted).as("children left out of ListJobs answers").isPositive();
        assertThat(r.backend().metrics().jobsSubmitted()).as("one array job").isEqualTo(1);
    }
}
