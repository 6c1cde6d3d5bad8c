package org.wdlbatch.submit;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Reads one CloudWatch log stream from its start, a page at a time, with GetLogEvents and its forward token: each
 * event comes exactly once, and an unchanged token means "nothing more yet". (FilterLogEvents would do too, but its
 * quota is 5 requests/s per account and region, shared by every user and tool: no poller should spend it.) A
 * stream that does not exist yet (the job has just started) reads as empty.
 */
final class LogFollower {

    private final CloudWatchLogsClient logs;
    private final String group;
    private final String stream;
    private String token;

    LogFollower(CloudWatchLogsClient logs, String group, String stream) {
        this.logs = logs;
        this.group = group;
        this.stream = stream;
    }

    String stream() {
        return stream;
    }

    /** Every event written since the last call, in order. */
    List<String> newMessages() {
        List<String> out = new ArrayList<>();
        for (int page = 0; page < 100; page++) {
            GetLogEventsResponse r;
            try {
                r = logs.getLogEvents(b -> b.logGroupName(group).logStreamName(stream).startFromHead(true)
                        .nextToken(token));
            } catch (ResourceNotFoundException e) {
                return out; // the stream is created with the container's first line
            }
            for (OutputLogEvent e : r.events()) {
                out.add(e.message());
            }
            String next = r.nextForwardToken();
            boolean end = next == null || next.equals(token) || r.events().isEmpty();
            if (next != null) {
                token = next;
            }
            if (end) {
                break;
            }
        }
        return out;
    }
}
