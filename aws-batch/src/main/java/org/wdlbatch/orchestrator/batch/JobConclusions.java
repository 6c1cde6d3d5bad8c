package org.wdlbatch.orchestrator.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wdlbatch.engine.backend.TaskAttempt;
import org.wdlbatch.engine.backend.TaskExit;
import org.wdlbatch.engine.report.AttemptRecord;
import org.wdlbatch.taskruntime.WrapperScript;

/**
 * What an ended task job means for its attempt: the {@link TaskExit} with its details for error.json and the report
 * (job id, status reason, log stream, queue, Batch's timestamps), {@code awsBatchJobDetail.<id>.json} for a failed
 * job, or, for a job adopted on resume that the dead orchestrator's stop ended, that the attempt runs again. The
 * backend acts on the answer ({@link AwsBatchBackend#ended}).
 */
final class JobConclusions {

    private static final Logger LOG = LoggerFactory.getLogger(JobConclusions.class);

    /** What the backend does with an ended job. */
    sealed interface Conclusion {}

    /** Report this exit to the engine. */
    record Exit(TaskExit exit) implements Conclusion {}

    /** Submit the attempt again, as a new job: its end was the earlier orchestrator's stop, not the task's. */
    record SubmitAgain() implements Conclusion {}

    private final JobExits exits;
    private final BatchMetrics metrics;

    JobConclusions(JobExits exits, BatchMetrics metrics) {
        this.exits = exits;
        this.metrics = metrics;
    }

    Conclusion of(TaskJob job, JobEnd e) {
        TaskAttempt a = job.attempt;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("jobId", e.jobId());
        if (e.statusReason() != null) {
            details.put("statusReason", e.statusReason());
        }
        if (e.logStreamName() != null) {
            details.put("logStreamName", e.logStreamName());
            noteLogStream(job, e.jobId(), e.logStreamName());
        }
        details.put("jobQueue", job.shape.queue());
        timestamps(e, details);
        if (job.terminateRequested) {
            return new Exit(TaskExit.terminated().withDetails(details));
        }
        if (job.adopted && !e.succeeded() && stoppedByTheOrchestratorThatDied(e, JobExits.readRc(a.directory()))) {
            // the earlier orchestrator's stop, not the task's failure: the resumed run needs the attempt to run
            a.note().accept("AWS Batch job " + e.jobId() + " was stopped with the run before the resume ("
                    + e.statusReason() + "): submitting attempt " + a.number() + " again");
            return new SubmitAgain();
        }
        if (!e.succeeded()) {
            writeDetail(job, e);
        }
        if (e.spotReclaim()) {
            metrics.spotReclaimed();
        }
        TaskExit exit = exits.of(e, a.directory(), details);
        // a succeeded job's exit carries no details for error.json; the report still wants its job and times
        return new Exit(exit.details().isEmpty() ? exit.withDetails(details) : exit);
    }

    /** Names the job's CloudWatch log stream in the attempt's log, once (from DescribeJobs or from its end). */
    static void noteLogStream(TaskJob job, String jobId, String stream) {
        if (!job.logStreamNoted) {
            job.logStreamNoted = true;
            job.attempt.note().accept("AWS Batch job " + jobId + " log: CloudWatch group /aws/batch/job, stream "
                    + stream);
        }
    }

    /** Batch's timestamps of the job, for the run's report ({@code AttemptRecord}). */
    private static void timestamps(JobEnd e, Map<String, String> details) {
        if (e.createdAt() != null) {
            details.put(AttemptRecord.CREATED_AT, e.createdAt().toString());
        }
        if (e.startedAt() != null) {
            details.put(AttemptRecord.STARTED_AT, e.startedAt().toString());
        }
        if (e.stoppedAt() != null) {
            details.put(AttemptRecord.STOPPED_AT, e.stoppedAt().toString());
        }
    }

    /** Terminated by wdlbatch's own stop, or started after it and exited without running its command. */
    private static boolean stoppedByTheOrchestratorThatDied(JobEnd e, Integer rc) {
        return Terminator.REASON.equals(e.statusReason())
                || rc == null && e.exitCode() != null && e.exitCode() == WrapperScript.RUN_STOPPED;
    }

    /** The job's final description, once, for failed and retried jobs: {@code awsBatchJobDetail.<id>.json}. */
    private static void writeDetail(TaskJob job, JobEnd e) {
        if (e.detail() == null) {
            return;
        }
        Path file = job.attempt.taskDir().resolve("awsBatchJobDetail." + e.jobId().replace(':', '_') + ".json");
        try {
            Files.writeString(file, SdkJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(e.detail()));
        } catch (IOException ex) {
            LOG.warn("cannot write {}: {}", file, ex.toString());
        }
    }
}
