package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.http.Throttling;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.BatchException;
import software.amazon.awssdk.services.batch.model.ClientException;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.KeyValuePair;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;

/** Bad requests and throttling answer with AWS's status, code and shape, so the SDK raises its own exceptions. */
class ErrorShapesTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    static BatchClient batch;
    static CloudWatchLogsClient logs;
    static String def;

    @BeforeAll
    static void setUp() {
        batch = Clients.batchNoRetry(AWS.emulator());
        logs = Clients.logsNoRetry(AWS.emulator());
        def = batch.registerJobDefinition(r -> r.jobDefinitionName("errors").type(JobDefinitionType.CONTAINER)
                .containerProperties(c -> c.image("ubuntu").command("true"))).jobDefinitionArn();
    }

    @AfterAll
    static void tearDown() {
        batch.close();
        logs.close();
    }

    @AfterEach
    void noFaults() {
        AWS.emulator().faults().noThrottling();
    }

    static ClientException submitFails(java.util.function.Consumer<SubmitJobRequest.Builder> change) {
        SubmitJobRequest.Builder b = SubmitJobRequest.builder().jobName("ok").jobQueue(AwsNames.DEFAULT_TASK_QUEUE)
                .jobDefinition(def);
        change.accept(b);
        ClientException e = catchThrowableOfType(ClientException.class, () -> batch.submitJob(b.build()));
        assertThat(e).as("ClientException").isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ClientException");
        return e;
    }

    @Test
    void batchValidationFailuresAreClientExceptions() {
        assertThat(submitFails(b -> b.jobName("bad name!")).awsErrorDetails().errorMessage()).contains("bad name!");
        submitFails(b -> b.jobName("-starts-with-dash"));
        submitFails(b -> b.jobName("x".repeat(129)));
        submitFails(b -> b.jobQueue("no-such-queue"));
        submitFails(b -> b.jobDefinition("no-such-definition"));
        submitFails(b -> b.timeout(t -> t.attemptDurationSeconds(59)));
        submitFails(b -> b.retryStrategy(r -> r.attempts(11)));
        submitFails(b -> b.retryStrategy(r -> r.attempts(0)));
        submitFails(b -> b.arrayProperties(a -> a.size(1)));
        submitFails(b -> b.arrayProperties(a -> a.size(10_001)));
        submitFails(b -> b.dependsOn(d -> d.jobId("no-such-job")));
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) many.put("k" + i, "v");
        submitFails(b -> b.tags(many));
        submitFails(b -> b.tags(Map.of("k".repeat(129), "v")));
        submitFails(b -> b.tags(Map.of("k", "v".repeat(257))));
        submitFails(b -> b.tags(Map.of("aws:reserved", "v")));
        submitFails(b -> b.containerOverrides(o -> o.environment(KeyValuePair.builder().name("AWS_BATCH_X").value("1").build())));
        // the edges that are allowed
        batch.submitJob(r -> r.jobName("x".repeat(128)).jobQueue(AwsNames.DEFAULT_TASK_QUEUE).jobDefinition(def)
                .timeout(t -> t.attemptDurationSeconds(60)).retryStrategy(s -> s.attempts(10))
                .tags(Map.of("k".repeat(128), "v".repeat(256))));
    }

    @Test
    void payloadLimits() {
        String big = "x".repeat(31 * 1024);
        ClientException e = submitFails(b -> b.parameters(Map.of("p", big)));
        assertThat(e.awsErrorDetails().errorMessage()).contains("Job size must be less than 30 KiB");
        String bigDef = "y".repeat(25 * 1024);
        assertThatThrownBy(() -> batch.registerJobDefinition(r -> r.jobDefinitionName("big").type(JobDefinitionType.CONTAINER)
                .containerProperties(c -> c.image("ubuntu").command("echo", bigDef))))
                .isInstanceOf(ClientException.class).hasMessageContaining("less than 24 KiB");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 101; i++) ids.add("id-" + i);
        assertThatThrownBy(() -> batch.describeJobs(r -> r.jobs(ids))).isInstanceOf(ClientException.class);
        assertThatThrownBy(() -> batch.registerJobDefinition(r -> r.jobDefinitionName("no image")
                .type(JobDefinitionType.CONTAINER))).isInstanceOf(ClientException.class);
        assertThatThrownBy(() -> batch.terminateJob(r -> r.jobId("no-such-job").reason("x")))
                .isInstanceOf(ClientException.class);
    }

    @Test
    void batchThrottlingIs429TooManyRequests() {
        AWS.emulator().faults().throttle(Throttling.BATCH, 5);
        BatchException thrown = null;
        for (int i = 0; i < 50 && thrown == null; i++) {
            try {
                batch.describeJobQueues(r -> {});
            } catch (BatchException e) {
                thrown = e;
            }
        }
        assertThat(thrown).isNotNull();
        assertThat(thrown.statusCode()).isEqualTo(429);
        assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo("TooManyRequestsException");
        assertThat(thrown.isThrottlingException()).isTrue();
    }

    @Test
    void throttledRequestsSucceedThroughTheSdkRetries() {
        AWS.emulator().faults().awsThrottling();
        try (BatchClient retrying = Clients.batch(AWS.emulator())) {
            for (int i = 0; i < 70; i++) {
                assertThat(retrying.describeJobQueues(r -> r.jobQueues(AwsNames.DEFAULT_TASK_QUEUE)).jobQueues()).hasSize(1);
            }
        }
    }

    @Test
    void logsThrottlingIsThrottlingException() {
        logs.createLogGroup(r -> r.logGroupName("throttled"));
        logs.createLogStream(r -> r.logGroupName("throttled").logStreamName("s"));
        AWS.emulator().faults().throttle(Throttling.FILTER_LOG_EVENTS, 5);
        CloudWatchLogsException thrown = null;
        for (int i = 0; i < 50 && thrown == null; i++) {
            try {
                logs.filterLogEvents(r -> r.logGroupName("throttled"));
            } catch (CloudWatchLogsException e) {
                thrown = e;
            }
        }
        assertThat(thrown).isNotNull();
        assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(thrown.isThrottlingException()).isTrue();
        // other Logs APIs have their own budget
        logs.getLogEvents(r -> r.logGroupName("throttled").logStreamName("s"));
    }

    @Test
    void logsErrorsAreTheSdksOwnExceptions() {
        assertThatThrownBy(() -> logs.getLogEvents(r -> r.logGroupName("absent").logStreamName("s")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("log group does not exist");
        logs.createLogGroup(r -> r.logGroupName("errs"));
        assertThatThrownBy(() -> logs.createLogGroup(r -> r.logGroupName("errs")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> logs.putLogEvents(r -> r.logGroupName("errs").logStreamName("none")
                .logEvents(InputLogEvent.builder().timestamp(1L).message("m").build())))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("log stream does not exist");
        logs.createLogStream(r -> r.logGroupName("errs").logStreamName("s"));
        assertThatThrownBy(() -> logs.createLogStream(r -> r.logGroupName("errs").logStreamName("s")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        long now = System.currentTimeMillis();
        assertThatThrownBy(() -> logs.putLogEvents(r -> r.logGroupName("errs").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now).message("b").build(),
                InputLogEvent.builder().timestamp(now - 1000).message("a").build())))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("chronological order");
    }

    @Test
    void efsErrors() {
        try (EfsClient efs = Clients.efs(AWS.emulator())) {
            assertThatThrownBy(() -> efs.describeAccessPoints(r -> r.accessPointId("fsap-00000000000000000")))
                    .isInstanceOf(AccessPointNotFoundException.class)
                    .satisfies(e -> assertThat(((AccessPointNotFoundException) e).statusCode()).isEqualTo(404));
            assertThatThrownBy(() -> efs.describeFileSystems(r -> r.fileSystemId("fs-00000000000000000")))
                    .isInstanceOf(FileSystemNotFoundException.class);
        }
    }
}
