package org.wdlbatch.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wdlbatch.emulator.junit.AwsEmulatorExtension;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/** CloudWatch Logs through the SDK: groups, streams, events, forward/backward tokens, filtering and paging. */
class LogsApiTest {

    @RegisterExtension
    static final AwsEmulatorExtension AWS = new AwsEmulatorExtension();

    static CloudWatchLogsClient logs;
    static final long T0 = System.currentTimeMillis() - 60_000;

    @BeforeAll
    static void setUp() {
        logs = Clients.logs(AWS.emulator());
        logs.createLogGroup(r -> r.logGroupName("/test/group"));
        for (String s : List.of("a/1", "a/2", "b/1")) {
            logs.createLogStream(r -> r.logGroupName("/test/group").logStreamName(s));
        }
        // stream a/1: events at T0+0, +2, +4 ... ; a/2 at T0+1, +3, ...; interleaved in time
        put("a/1", 0, 10);
        put("a/2", 1, 10);
        put("b/1", 100, 3);
    }

    static void put(String stream, long offset, int n) {
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(InputLogEvent.builder().timestamp(T0 + offset + 2L * i).message(stream + " event " + i
                    + (i % 3 == 0 ? " ERROR" : " info")).build());
        }
        logs.putLogEvents(r -> r.logGroupName("/test/group").logStreamName(stream).logEvents(events));
    }

    @AfterAll
    static void tearDown() {
        logs.close();
    }

    @Test
    void getLogEventsFromHeadWithForwardTokens() {
        List<String> all = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 10; page++) {
            String t = token;
            GetLogEventsResponse r = logs.getLogEvents(b -> b.logGroupName("/test/group").logStreamName("a/1")
                    .startFromHead(true).limit(4).nextToken(t));
            r.events().forEach(e -> all.add(e.message()));
            if (r.nextForwardToken().equals(token)) {
                break; // AWS hands back the same token at the end of the stream
            }
            token = r.nextForwardToken();
        }
        assertThat(all).hasSize(10).startsWith("a/1 event 0 ERROR").endsWith("a/1 event 9 ERROR");
    }

    @Test
    void getLogEventsFromTheTailAndBackwards() {
        GetLogEventsResponse tail = logs.getLogEvents(b -> b.logGroupName("/test/group").logStreamName("a/1").limit(3));
        assertThat(tail.events()).extracting(OutputLogEvent::message)
                .containsExactly("a/1 event 7 info", "a/1 event 8 info", "a/1 event 9 ERROR");
        GetLogEventsResponse before = logs.getLogEvents(b -> b.logGroupName("/test/group").logStreamName("a/1")
                .limit(3).nextToken(tail.nextBackwardToken()));
        assertThat(before.events()).extracting(OutputLogEvent::message)
                .containsExactly("a/1 event 4 info", "a/1 event 5 info", "a/1 event 6 ERROR");
        // new events appear behind the last forward token
        String forward = tail.nextForwardToken();
        logs.putLogEvents(r -> r.logGroupName("/test/group").logStreamName("b/1")
                .logEvents(InputLogEvent.builder().timestamp(T0 + 500).message("late").build()));
        GetLogEventsResponse b1 = logs.getLogEvents(b -> b.logGroupName("/test/group").logStreamName("a/1")
                .nextToken(forward));
        assertThat(b1.events()).isEmpty();
    }

    @Test
    void getLogEventsByTimeRange() {
        GetLogEventsResponse r = logs.getLogEvents(b -> b.logGroupName("/test/group").logStreamName("a/2")
                .startFromHead(true).startTime(T0 + 5).endTime(T0 + 10));
        assertThat(r.events()).extracting(OutputLogEvent::timestamp).containsExactly(T0 + 5, T0 + 7, T0 + 9);
    }

    @Test
    void filterLogEventsMergesStreamsByTimeAndPages() {
        List<FilteredLogEvent> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            FilterLogEventsResponse r = logs.filterLogEvents(b -> b.logGroupName("/test/group")
                    .logStreamNamePrefix("a/").limit(6).nextToken(t));
            all.addAll(r.events());
            token = r.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(4);
        assertThat(all).hasSize(20);
        assertThat(all).extracting(FilteredLogEvent::timestamp).isSorted();
        assertThat(all.get(0).logStreamName()).isEqualTo("a/1");
        assertThat(all.get(1).logStreamName()).isEqualTo("a/2");
        assertThat(all).extracting(FilteredLogEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void filterLogEventsByStreamStartTimeAndPattern() {
        FilterLogEventsResponse r = logs.filterLogEvents(b -> b.logGroupName("/test/group")
                .logStreamNames("a/2", "b/1").startTime(T0 + 100).filterPattern("ERROR"));
        assertThat(r.events()).extracting(FilteredLogEvent::message).containsExactly("b/1 event 0 ERROR");
        FilterLogEventsResponse quoted = logs.filterLogEvents(b -> b.logGroupName("/test/group")
                .filterPattern("\"event 9\""));
        assertThat(quoted.events()).extracting(FilteredLogEvent::logStreamName).containsExactly("a/1", "a/2");
        assertThat(quoted.searchedLogStreams()).hasSize(3);
    }

    @Test
    void describeLogStreamsByPrefixAndLastEventTime() {
        List<LogStream> byPrefix = logs.describeLogStreams(b -> b.logGroupName("/test/group").logStreamNamePrefix("a/"))
                .logStreams();
        assertThat(byPrefix).extracting(LogStream::logStreamName).containsExactly("a/1", "a/2");
        assertThat(byPrefix.get(0).firstEventTimestamp()).isEqualTo(T0);
        assertThat(byPrefix.get(0).lastEventTimestamp()).isEqualTo(T0 + 18);
        List<LogStream> newest = logs.describeLogStreams(b -> b.logGroupName("/test/group")
                .orderBy(OrderBy.LAST_EVENT_TIME).descending(true).limit(1)).logStreams();
        assertThat(newest).extracting(LogStream::logStreamName).containsExactly("b/1");
        var paged = logs.describeLogStreamsPaginator(b -> b.logGroupName("/test/group").limit(1));
        assertThat(paged.logStreams().stream().map(LogStream::logStreamName)).containsExactly("a/1", "a/2", "b/1");
    }
}
