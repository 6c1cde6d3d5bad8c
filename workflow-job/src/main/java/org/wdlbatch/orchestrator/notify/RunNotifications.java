package org.wdlbatch.orchestrator.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The notifications of one run: one when its run directory exists ({@link #started}), one when it ends
 * ({@link #ended}). Nothing is sent for a run refused before it started (bad WDL or inputs: exit 2 with the error
 * on stderr), and nothing twice.
 */
public final class RunNotifications implements AutoCloseable {

    private final RunNotifier notifier;
    private final String jobId;
    private final boolean insideBatch;
    private Instant startedAt;
    private volatile boolean interrupted;
    private boolean endSent;

    /**
     * @param notifier where to send, or null for no notifications
     * @param jobId the workflow job's id ({@code AWS_BATCH_JOB_ID}), or null outside Batch
     */
    public RunNotifications(RunNotifier notifier, String jobId) {
        this.notifier = notifier;
        this.jobId = jobId == null || jobId.isEmpty() ? null : jobId;
        this.insideBatch = this.jobId != null;
    }

    public static RunNotifications none() {
        return new RunNotifications(null, null);
    }

    /** The run directory exists: the run has started (or resumed). */
    public synchronized void started(Path runDir) {
        if (notifier == null || startedAt != null) {
            return;
        }
        startedAt = Instant.now();
        notifier.send(new RunNotice(RunNotice.STARTED, name(runDir), RunNotice.STARTED, runDir.toString(), null, 0,
                null, null, null, null, jobId));
    }

    /**
     * A signal stops the run: inside Batch that is TerminateJob or the end of the Fargate task (STOPPED), outside
     * it Ctrl-C or a kill (INTERRUPTED).
     */
    public void interrupted() {
        interrupted = true;
    }

    /** What the run's error.json says, read before an upload's delete-after can remove it. */
    public record Failure(String call, String message, String errorLine) {
        static final Failure NONE = new Failure(null, null, null);
    }

    /** The failure of a run directory (its error.json and the failed call's last stderr line). */
    public Failure failureOf(Path runDir) {
        if (notifier == null || runDir == null) {
            return Failure.NONE;
        }
        Path error = runDir.resolve("error.json");
        if (!Files.isRegularFile(error)) {
            return Failure.NONE;
        }
        try {
            JsonNode e = new ObjectMapper().readTree(error.toFile());
            String stderr = e.path("stderr_file").asText(null);
            return new Failure(e.path("call").asText(null), e.path("message").asText(null),
                    stderr == null ? null : lastLine(Path.of(stderr)));
        } catch (IOException | RuntimeException ex) {
            return new Failure(null, "error.json unreadable: " + ex.getMessage(), null);
        }
    }

    /**
     * The run ended.
     *
     * @param s3Folder where it was uploaded, or null
     */
    public synchronized void ended(Path runDir, boolean succeeded, int exitStatus, Failure failure, String s3Folder) {
        failure = failure == null ? Failure.NONE : failure;
        if (notifier == null || runDir == null || endSent) {
            return;
        }
        endSent = true;
        if (startedAt == null) {
            started(runDir); // one start message for every end message
        }
        RunNotice.Status status = succeeded ? RunNotice.Status.SUCCEEDED
                : interrupted ? (insideBatch ? RunNotice.Status.STOPPED : RunNotice.Status.INTERRUPTED)
                : RunNotice.Status.FAILED;
        long seconds = Duration.between(startedAt, Instant.now()).toSeconds();
        Failure f = succeeded ? Failure.NONE : failure;
        notifier.send(new RunNotice(RunNotice.ENDED, name(runDir), status.name(), runDir.toString(), s3Folder,
                seconds, f.call(), f.message(), f.errorLine(), exitStatus, jobId));
    }

    private static String name(Path runDir) {
        return runDir.getFileName().toString();
    }

    /** The last non-blank line of a file (its last 64 KiB read), at most 1,000 characters; null when none. */
    static String lastLine(Path file) {
        try {
            List<String> lines = org.wdlbatch.engine.rundir.FileTail.read(file, 65536).lines().toList();
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i).strip();
                if (!l.isEmpty()) {
                    return l.length() <= 1000 ? l : l.substring(0, 1000);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no stderr file (the call never started): no error line
        }
        return null;
    }

    @Override
    public void close() {
        if (notifier != null) {
            notifier.close();
        }
    }
}
