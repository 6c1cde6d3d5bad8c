package org.wdlbatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.http.Throttling;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * Issue 13: every AWS call survives throttling, start-up included. With the account's Batch API throttled to 2
 * requests a second (the emulator's bucket, shared by the submitter, the workflow job and its task jobs' polling)
 * a small scatter submitted with {@code --follow} succeeds end to end; and throttling that outlasts the retries
 * is reported as throttling, not as a credentials problem. Needs orchestrator-image/target/wdlbatch.jar.
 */
class ThrottledSubmissionTest {

    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    @Test
    void aSmallScatterAtTwoRequestsASecondSucceedsWithFollow() {
        AWS.emulator().faults().throttle(Throttling.BATCH, 2);
        try {
            SubmitCli.Result r = SubmitCli.onEmulatorEfs(AWS.emulator())
                    .timing(new JobWatcher.Timing(1000, 5000))
                    .run(EXAMPLES.resolve("hello.wdl").toString(), "names=Alice", "names=Bob", "names=Carol",
                            "--dir", AWS.emulator().efsFolder().resolve("throttled").toString(), "--follow");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("Hello, Alice!", "Hello, Bob!", "Hello, Carol!",
                    "SUCCEEDED\t" + r.jobId()).doesNotContainIgnoringCase("credentials");
        } finally {
            AWS.emulator().faults().noThrottling();
        }
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsNotCalledACredentialsProblem() {
        AWS.emulator().faults().throttle(Throttling.BATCH, 0.001);
        try (BatchClient once = SubmitCli.batchBuilder(AWS.emulator())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            AwsServiceException throttled = null;
            for (int i = 0; i < 5 && throttled == null; i++) {
                try {
                    once.describeJobQueues(q -> q.maxResults(1));
                } catch (AwsServiceException e) {
                    throttled = e;
                }
            }
            assertThat(throttled).isNotNull();
            assertThat(AwsClients.explain(throttled)).contains("throttling").doesNotContainIgnoringCase("credentials");
        } finally {
            AWS.emulator().faults().noThrottling();
        }
    }
}
