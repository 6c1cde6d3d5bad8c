package org.wdlbatch.submit;

import java.io.PrintStream;
import java.util.List;
import org.wdlbatch.aws.AwsNames;
import org.wdlbatch.submit.check.FailureAdvice;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;

/**
 * {@code --wait} and {@code --follow}: polls the workflow job with DescribeJobs until it ends; with follow, prints
 * its log (on stderr) as it comes, a call's routine lines as one line per state change ({@link FollowLines}), up to the orchestrator's end-of-log marker, waiting a short grace period for the
 * last lines after the job ended. Returns the workflow job's exit status. A job that AWS Batch cannot start
 * (image not found, EFS not mountable, stuck RUNNABLE) is reported with its reason and the likely fix; a failed
 * run with its reason and where its error.json is.
 */
final class JobWatcher {

    /**
     * How long to poll, how long to wait for the end-of-log marker after the job ended, and how long a RUNNABLE
     * job may wait for capacity before the watcher says why it may be stuck ([aws] runnable_timeout).
     */
    record Timing(long pollMillis, long graceMillis, long runnableNoticeMillis) {
        static final Timing DEFAULT = new Timing(1000, 5000, 1_800_000);

        Timing(long pollMillis, long graceMillis) {
            this(pollMillis, graceMillis, DEFAULT_RUNNABLE_NOTICE_MILLIS);
        }

        /** The default timing with {@code WDLBATCH__AWS__RUNNABLE_TIMEOUT} (seconds) when set. */
        static Timing fromEnvironment(java.util.Map<String, String> env) {
            String v = env.get(ConfigKeys.variableOf("aws.runnable_timeout"));
            try {
                long seconds = v == null || v.isBlank() ? 0 : Long.parseLong(v.trim());
                return seconds > 0 ? new Timing(DEFAULT.pollMillis, DEFAULT.graceMillis, seconds * 1000) : DEFAULT;
            } catch (NumberFormatException e) {
                return DEFAULT; // ConfigKeys reports the bad value
            }
        }
    }

    /** [aws] runnable_timeout of config/default.cfg. */
    static final long DEFAULT_RUNNABLE_NOTICE_MILLIS = 1_800_000;

    /** Consecutive failed polls before giving up (with back-off, several minutes). */
    static final int MAX_POLL_FAILURES = 12;

    private final AwsClients aws;
    private final PrintStream err;
    private final Timing timing;
    private volatile String status = "SUBMITTED";
    private final WorkflowFailureNotes notes = new WorkflowFailureNotes();
    private final FollowLines view = new FollowLines();
    private String s3upload;
    private long runnableSince;
    private boolean runnableNoticed;

    JobWatcher(AwsClients aws, PrintStream err, Timing timing) {
        this.aws = aws;
        this.err = err;
        this.timing = timing;
    }

    /** Where the run uploads its results (error.json among them), for the failure note; null: no upload. */
    JobWatcher uploadsTo(String s3upload) {
        this.s3upload = s3upload;
        return this;
    }

    /** The last status seen; the Ctrl-C handler says whether the job still runs. */
    String lastStatus() {
        return status;
    }

    int watch(String jobId, boolean follow) throws InterruptedException {
        BatchClient batch = aws.batch();
        LogFollower log = null;
        boolean sawEnd = false;
        String lastStatus = null;
        JobDetail job;
        int failures = 0;
        while (true) {
            try {
                job = describe(batch, jobId);
                failures = 0;
            } catch (SdkException e) {
                // a long wait (a nightly run) outlives network blips: report, back off, give up only when it lasts
                if (++failures > MAX_POLL_FAILURES) {
                    throw e;
                }
                err.println("submit_awsbatch: cannot reach AWS Batch (" + e.getMessage() + "); retrying");
                Thread.sleep(Math.min(30_000, timing.pollMillis() * (1L << Math.min(failures, 5))));
                continue;
            }
            status = job.statusAsString();
            if (!status.equals(lastStatus)) {
                err.println("submit_awsbatch: " + job.jobName() + " " + status);
                lastStatus = status;
            }
            noticeRunnable(job);
            String stream = job.container() == null ? null : job.container().logStreamName();
            if (log == null && stream != null) {
                err.println("submit_awsbatch: log: group " + AwsNames.BATCH_LOG_GROUP + ", stream " + stream);
                log = new LogFollower(aws.logs(), AwsNames.BATCH_LOG_GROUP, stream);
            }
            if (follow && log != null) {
                // lines after the marker are still shown: the orchestrator's stdout (its result JSON) and stderr
                // are separate pipes, so a last stdout line may reach the log just after the marker
                sawEnd |= print(log);
            }
            if (isTerminal(job.status())) {
                break;
            }
            Thread.sleep(timing.pollMillis());
        }
        if (follow && log != null && sawEnd) {
            print(log); // what came with the job's exit
        } else if (follow && log != null) {
            // the last lines of a finished job may still be on their way to CloudWatch
            long deadline = System.currentTimeMillis() + timing.graceMillis();
            while (!sawEnd && System.currentTimeMillis() < deadline) {
                Thread.sleep(Math.min(timing.pollMillis(), 500));
                sawEnd = print(log);
            }
            if (!sawEnd) {
                err.println("submit_awsbatch: the end of the workflow log did not arrive; more may appear in log"
                        + " stream " + log.stream() + " of " + AwsNames.BATCH_LOG_GROUP);
            }
        }
        if (!follow && log != null && job.status() == JobStatus.FAILED) {
            readNotes(log); // --wait printed no log: find the failure's lines in it
        }
        return finish(job);
    }

    /**
     * A job that stays RUNNABLE: at once when AWS Batch says it is blocked (statusReason MISCONFIGURATION:... or
     * CAPACITY:..., https://docs.aws.amazon.com/batch/latest/userguide/job_stuck_in_runnable.html), else once after
     * the RUNNABLE limit, with the reason and the likely fix.
     */
    private void noticeRunnable(JobDetail job) {
        if (job.status() != JobStatus.RUNNABLE) {
            runnableSince = 0;
            return;
        }
        long now = System.currentTimeMillis();
        if (runnableSince == 0) {
            runnableSince = now;
        }
        String reason = job.statusReason() == null ? "" : job.statusReason();
        boolean blocked = reason.startsWith("MISCONFIGURATION:") || reason.startsWith("CAPACITY:");
        if (!runnableNoticed && (blocked || now - runnableSince >= timing.runnableNoticeMillis())) {
            runnableNoticed = true;
            err.println("submit_awsbatch: " + job.jobName() + " is RUNNABLE for " + (now - runnableSince) / 1000
                    + " s, not started: " + (reason.isEmpty() ? "AWS Batch gives no reason" : reason));
            err.println("submit_awsbatch: likely fix: " + FailureAdvice.forRunnable(reason));
        }
    }

    private void readNotes(LogFollower log) {
        try {
            log.newMessages().forEach(notes::accept);
        } catch (SdkException e) {
            // the failure note is a courtesy: the status line above says what AWS Batch knows
        }
    }

    /** Prints new log lines but the end-of-log marker; true when the marker came. */
    private boolean print(LogFollower log) {
        List<String> lines;
        try {
            lines = log.newMessages();
        } catch (SdkException e) {
            err.println("submit_awsbatch: cannot read the log (" + e.getMessage() + "); retrying");
            return false;
        }
        boolean marker = false;
        for (String line : lines) {
            notes.accept(line);
            if (line.startsWith(AwsNames.END_OF_LOG_MARKER)) {
                marker = true;
            } else {
                String shown = view.view(line);
                if (shown != null) {
                    err.println(shown);
                }
            }
        }
        err.flush();
        return marker;
    }

    private int finish(JobDetail job) {
        Integer exit = job.container() == null ? null : job.container().exitCode();
        String reason = job.statusReason() == null ? "" : job.statusReason();
        String containerReason = job.container() == null || job.container().reason() == null ? ""
                : job.container().reason();
        StringBuilder line = new StringBuilder(job.statusAsString()).append('\t').append(job.jobId());
        if (exit != null) {
            line.append("\texit status ").append(exit);
        }
        if (!reason.isEmpty() && !reason.equals("Essential container in task exited")) {
            line.append('\t').append(reason);
        }
        if (!containerReason.isEmpty()) {
            line.append('\t').append(containerReason);
        }
        err.println(line);
        if (job.status() == JobStatus.SUCCEEDED) {
            return 0;
        }
        String fix = FailureAdvice.forReason(reason, containerReason);
        if (fix != null) {
            err.println("submit_awsbatch: the workflow job did not start: " + (containerReason.isEmpty() ? reason
                    : containerReason));
            err.println("submit_awsbatch: likely fix: " + fix);
        }
        if (notes.reason() != null) {
            err.println("submit_awsbatch: the workflow failed: " + notes.reason());
        }
        if (notes.errorJson() != null) {
            String uploaded = notes.uploadedErrorJson(s3upload);
            err.println("submit_awsbatch: error.json: " + notes.errorJson() + " (on the shared file system)"
                    + (uploaded == null ? "" : " and " + uploaded));
        }
        if (reason.contains("Container Overrides length must be at most")) {
            err.println(SubmitMain.TOO_LARGE_ADVICE);
            return SubmitMain.EXIT_TOO_LARGE;
        }
        if (exit != null && exit != 0) {
            return exit;
        }
        // failed before the workflow ran (image not found, no capacity, terminated while starting): no exit status
        return 1;
    }

    private static JobDetail describe(BatchClient batch, String jobId) {
        var jobs = batch.describeJobs(b -> b.jobs(jobId)).jobs();
        if (jobs.isEmpty()) {
            throw new IllegalStateException("job " + jobId + " is no longer known to AWS Batch");
        }
        return jobs.get(0);
    }

    static boolean isTerminal(JobStatus s) {
        return s == JobStatus.SUCCEEDED || s == JobStatus.FAILED;
    }
}
