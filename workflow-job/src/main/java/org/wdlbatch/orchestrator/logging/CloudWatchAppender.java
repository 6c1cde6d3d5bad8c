package org.wdlbatch.orchestrator.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * Sends log events to one CloudWatch Logs stream: events queue up and a background thread sends them with
 * PutLogEvents in batches (at most every second, within the API's 10,000 events / 1 MiB per call); {@link #flush}
 * sends everything queued before it returns, and {@link #stop} flushes. The group and stream are created when
 * missing. The SDK's own log events are not sent (that could loop).
 *
 * <p>CloudWatch Logs rejects a batch whose events are not in chronological order, or that spans more than 24 hours
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html). Events are stamped
 * when they are logged but reach the queue in whatever order their threads get there, so each batch is sorted by
 * timestamp (stably: equal stamps keep their queue order) and cut where it would span more than 24 hours. Events
 * CloudWatch still rejects (too old, too new) are reported as a logback warning rather than dropped silently.
 */
public final class CloudWatchAppender extends AppenderBase<ILoggingEvent> {

    private static final int MAX_EVENTS = 10_000;
    private static final int MAX_BYTES = 1_048_576;
    private static final int EVENT_OVERHEAD = 26;
    private static final int MAX_MESSAGE_BYTES = 256 * 1024 - EVENT_OVERHEAD;
    private static final long MAX_SPAN_MILLIS = 24L * 3600 * 1000;

    private final CloudWatchLogsClient logs;
    private final String group;
    private final String stream;
    private final PatternLayout layout = new PatternLayout();
    private final LinkedBlockingQueue<InputLogEvent> queue = new LinkedBlockingQueue<>();
    private final Object sending = new Object();
    private Thread sender;
    private volatile boolean running;

    public CloudWatchAppender(CloudWatchLogsClient logs, String group, String stream, String pattern) {
        this.logs = logs;
        this.group = group;
        this.stream = stream;
        layout.setPattern(pattern);
    }

    public String group() {
        return group;
    }

    public String stream() {
        return stream;
    }

    @Override
    public void start() {
        layout.setContext(getContext());
        layout.start();
        try {
            logs.createLogGroup(b -> b.logGroupName(group));
        } catch (ResourceAlreadyExistsException e) {
            // normal: the group is shared by runs
        }
        try {
            logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
        } catch (ResourceAlreadyExistsException e) {
            // a configured stream name used again: append to it
        }
        running = true;
        sender = new Thread(this::sendLoop, "cloudwatch-logs");
        sender.setDaemon(true);
        sender.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLoggerName().startsWith("software.amazon")) {
            return;
        }
        send(event.getTimeStamp(), layout.doLayout(event));
    }

    /** Queues one line as it is (e.g. the end-of-log marker). */
    public void send(long timestampMillis, String message) {
        String m = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        if (m.isEmpty()) {
            return;
        }
        if (m.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            m = m.substring(0, MAX_MESSAGE_BYTES / 4) + " [...]";
        }
        queue.add(InputLogEvent.builder().timestamp(timestampMillis).message(m).build());
    }

    /** Sends everything queued so far; returns when it is in CloudWatch (or sending failed). */
    public void flush() {
        synchronized (sending) {
            List<InputLogEvent> all = new ArrayList<>();
            queue.drainTo(all);
            for (List<InputLogEvent> batch : batches(all)) {
                put(batch);
            }
        }
    }

    /**
     * The events as PutLogEvents batches: in chronological order (a stable sort), each within 10,000 events,
     * 1 MiB and 24 hours.
     */
    static List<List<InputLogEvent>> batches(List<InputLogEvent> events) {
        List<InputLogEvent> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparingLong(InputLogEvent::timestamp));
        List<List<InputLogEvent>> out = new ArrayList<>();
        List<InputLogEvent> batch = new ArrayList<>();
        int bytes = 0;
        for (InputLogEvent e : sorted) {
            int size = e.message().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD;
            if (!batch.isEmpty() && (batch.size() == MAX_EVENTS || bytes + size > MAX_BYTES
                    || e.timestamp() - batch.get(0).timestamp() > MAX_SPAN_MILLIS)) {
                out.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(e);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            out.add(batch);
        }
        return out;
    }

    private void put(List<InputLogEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            PutLogEventsResponse r = logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream)
                    .logEvents(batch));
            RejectedLogEventsInfo rejected = r.rejectedLogEventsInfo();
            if (rejected != null) {
                addWarn("PutLogEvents to " + group + " / " + stream + ": CloudWatch Logs rejected some of "
                        + batch.size() + " events (" + rejected + ")");
            }
        } catch (SdkException ex) {
            addError("PutLogEvents to " + group + " / " + stream + " failed; " + batch.size() + " events lost", ex);
        }
    }

    /** Wakes the sender early at {@link #stop}. Never an interrupt: that would abort a PutLogEvents in flight. */
    private final Object wake = new Object();

    private void sendLoop() {
        while (running) {
            try {
                synchronized (wake) {
                    wake.wait(1000);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                flush();
            }
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        // waits for a send in flight (flush is synchronized), then sends what is left: nothing is cut off
        flush();
        super.stop();
    }
}
