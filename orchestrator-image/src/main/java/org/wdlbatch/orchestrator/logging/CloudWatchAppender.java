package org.wdlbatch.orchestrator.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;

/**
 * Sends log events to one CloudWatch Logs stream: events queue up and a background thread sends them with
 * PutLogEvents in batches (at most every second, within the API's 10,000 events / 1 MiB per call); {@link #flush}
 * sends everything queued before it returns, and {@link #stop} flushes. The group and stream are created when
 * missing. The SDK's own log events are not sent (that could loop).
 */
public final class CloudWatchAppender extends AppenderBase<ILoggingEvent> {

    private static final int MAX_EVENTS = 10_000;
    private static final int MAX_BYTES = 1_048_576;
    private static final int EVENT_OVERHEAD = 26;
    private static final int MAX_MESSAGE_BYTES = 256 * 1024 - EVENT_OVERHEAD;

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
            List<InputLogEvent> batch = new ArrayList<>();
            int bytes = 0;
            InputLogEvent e;
            while ((e = queue.peek()) != null) {
                int size = e.message().getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD;
                if (batch.size() == MAX_EVENTS || bytes + size > MAX_BYTES) {
                    put(batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.add(queue.poll());
                bytes += size;
            }
            put(batch);
        }
    }

    private void put(List<InputLogEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(batch));
        } catch (SdkException ex) {
            addError("PutLogEvents to " + group + " / " + stream + " failed; " + batch.size() + " events lost", ex);
        }
    }

    private void sendLoop() {
        while (running) {
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        running = false;
        if (sender != null) {
            sender.interrupt();
        }
        flush();
        super.stop();
    }
}
