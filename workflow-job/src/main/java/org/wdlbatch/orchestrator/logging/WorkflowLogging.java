package org.wdlbatch.orchestrator.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.run.LogFormat;
import org.wdlbatch.orchestrator.batch.AwsClients;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * Where the workflow log goes besides {@code workflow.log}, and how it ends:
 * <ul>
 *   <li>inside AWS Batch ({@code AWS_BATCH_JOB_ID} set): to stderr, which is the container log, INFO and up in the
 *       {@code workflow.log} format;</li>
 *   <li>elsewhere with {@code [aws] log_group} set (SageMaker Studio, a laptop): also to that CloudWatch Logs
 *       group, stream {@code [aws] log_stream} or a generated name;</li>
 * </ul>
 * {@link #endOfLog} writes the last line, {@code AwsNames.END_OF_LOG_MARKER} and the exit status, after everything
 * else has been sent.
 */
public final class WorkflowLogging implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("wdlbatch");

    private final boolean insideBatch;
    private final CloudWatchAppender cloudWatch;
    private final PrintStream stderr;

    private WorkflowLogging(boolean insideBatch, CloudWatchAppender cloudWatch, PrintStream stderr) {
        this.insideBatch = insideBatch;
        this.cloudWatch = cloudWatch;
        this.stderr = stderr;
    }

    /** Nothing beyond the console and workflow.log (laptop runs without a log group). */
    public static WorkflowLogging none() {
        return new WorkflowLogging(false, null, System.err);
    }

    /** Inside Batch: the console appender (stderr) takes INFO and up in the workflow.log format (JSON lines with {@code json}). */
    public static WorkflowLogging insideBatch(boolean json) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = lc.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender("console") instanceof ConsoleAppender<ILoggingEvent> console) {
            console.stop();
            console.setEncoder(LogFormat.encoder(lc, json));
            console.clearAllFilters();
            console.addFilter(threshold("INFO"));
            console.start();
        }
        root.setLevel(Level.INFO);
        return new WorkflowLogging(true, null, System.err);
    }

    /**
     * Adds a CloudWatch Logs appender (group and stream created when missing). The client honours
     * {@code AWS_ENDPOINT_URL} like every client here.
     */
    public static WorkflowLogging cloudWatch(String group, String stream) {
        try {
            return cloudWatch(AwsClients.standard().logs(), group, stream);
        } catch (SdkException e) {
            // the run matters more than its remote log: say so on the console and in workflow.log, and go on
            LOG.warn("[aws] log_group = {}: cannot log to CloudWatch Logs ({}); the workflow log stays in"
                    + " workflow.log", group, e.getMessage());
            return none();
        }
    }

    public static WorkflowLogging cloudWatch(CloudWatchLogsClient client, String group, String stream) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        String s = stream == null || stream.isBlank() ? defaultStream() : stream;
        CloudWatchAppender app = new CloudWatchAppender(client, group, s, LogFormat.PATTERN);
        app.setContext(lc);
        app.setName("cloudwatch");
        app.addFilter(threshold("INFO"));
        app.start();
        ch.qos.logback.classic.Logger root = lc.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getLevel() == null || root.getLevel().isGreaterOrEqual(Level.WARN)) {
            root.setLevel(Level.INFO);
        }
        root.addAppender(app);
        LOG.info("workflow log also goes to CloudWatch Logs group {}, stream {}", group, s);
        return new WorkflowLogging(false, app, System.err);
    }

    public boolean insideBatchJob() {
        return insideBatch;
    }

    /** Sends what is queued (CloudWatch); the console writes through. */
    public void flush() {
        if (cloudWatch != null) {
            cloudWatch.flush();
        }
    }

    /**
     * The last line of the log: the end-of-log marker and the exit status. Written where a reader waits for it:
     * the container log inside Batch, the CloudWatch stream when there is one; nowhere on a plain laptop run.
     */
    public void endOfLog(int exitStatus) {
        String line = org.wdlbatch.aws.AwsNames.END_OF_LOG_MARKER + " " + exitStatus;
        if (cloudWatch != null) {
            cloudWatch.send(System.currentTimeMillis(), line);
            cloudWatch.flush();
        }
        if (insideBatch) {
            System.out.flush();
            stderr.println(line);
            stderr.flush();
        }
    }

    @Override
    public void close() {
        if (cloudWatch != null) {
            LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
            lc.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(cloudWatch);
            cloudWatch.stop();
        }
    }

    static String defaultStream() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return "wdlbatch/" + host.replaceAll("[:*]", "_") + "/"
                + DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").format(LocalDateTime.now()) + "-"
                + ProcessHandle.current().pid();
    }

    private static ThresholdFilter threshold(String level) {
        ThresholdFilter f = new ThresholdFilter();
        f.setLevel(level);
        f.start();
        return f;
    }
}
