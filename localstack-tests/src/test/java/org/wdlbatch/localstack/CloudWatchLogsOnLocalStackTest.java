package org.wdlbatch.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.wdlbatch.orchestrator.logging.CloudWatchAppender;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/** The workflow log's CloudWatch Logs appender (group and stream created, batches put in order) against LocalStack. */
class CloudWatchLogsOnLocalStackTest {

    @Test
    void linesArriveInOrderInTheirStream() {
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(LocalStack.endpoint())
                .region(LocalStack.region()).credentialsProvider(LocalStack.credentials()).build()) {
            CloudWatchAppender appender = new CloudWatchAppender(logs, "/wdlbatch/localstack", "run-1", "%msg");
            appender.setContext(new ch.qos.logback.classic.LoggerContext());
            appender.start();
            long now = System.currentTimeMillis();
            appender.send(now + 1, "second");
            appender.send(now, "first");
            appender.send(now + 2, "third\n");
            appender.flush();
            appender.stop();

            assertThat(logs.getLogEvents(b -> b.logGroupName("/wdlbatch/localstack").logStreamName("run-1")
                    .startFromHead(true)).events()).extracting(OutputLogEvent::message)
                    .containsExactly("first", "second", "third");
        }
    }
}
