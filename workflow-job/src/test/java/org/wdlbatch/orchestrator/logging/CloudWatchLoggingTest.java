package org.wdlbatch.orchestrator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/** The workflow log outside Batch goes to a CloudWatch Logs stream (the emulator's), ending with the marker. */
class CloudWatchLoggingTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    @Test
    void workflowLogLinesAndTheMarkerReachTheStreamInOrder() {
        CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(AWS.emulator().endpoint())
                .region(Region.of(AWS.emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        try (WorkflowLogging logging = WorkflowLogging.cloudWatch(logs, "/wdlbatch/studio", "alice/run-1")) {
            var log = LoggerFactory.getLogger("wdlbatch");
            for (int i = 0; i < 250; i++) {
                log.info("line {}", i);
            }
            log.debug("not at INFO: stays out");
            log.warn("a warning");
            logging.endOfLog(0);
        }
        List<String> lines = logs.getLogEvents(r -> r.logGroupName("/wdlbatch/studio").logStreamName("alice/run-1")
                .startFromHead(true).limit(10_000)).events().stream().map(OutputLogEvent::message).toList();
        List<String> mine = lines.stream().filter(l -> l.contains(" line ") || l.contains("a warning")
                || l.startsWith(AwsNames.END_OF_LOG_MARKER)).toList();
        assertThat(mine).hasSize(252);
        assertThat(mine.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.* INFO  wdlbatch line 0");
        assertThat(mine.get(249)).endsWith("wdlbatch line 249");
        assertThat(mine.get(250)).contains("WARN").endsWith("a warning");
        assertThat(lines.get(lines.size() - 1)).isEqualTo(AwsNames.END_OF_LOG_MARKER + " 0");
        assertThat(lines).noneMatch(l -> l.contains("stays out"));
        logs.close();
    }
}
