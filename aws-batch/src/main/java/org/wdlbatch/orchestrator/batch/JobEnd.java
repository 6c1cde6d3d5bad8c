package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * How a job ended, from DescribeJobs (with the full description for failed jobs) or, when DescribeJobs left a
 * listed array child out, from its ListJobs summary. Batch's {@code createdAt}, {@code startedAt} and
 * {@code stoppedAt} (epoch milliseconds; startedAt is absent for a job that never ran) go to the run's report.
 */
record JobEnd(String jobId, boolean succeeded, String statusReason, Integer exitCode, String containerReason,
        String logStreamName, String jobQueue, JsonNode detail, Long createdAt, Long startedAt, Long stoppedAt) {

    /** A job end without Batch's timestamps (tests of how ends read). */
    JobEnd(String jobId, boolean succeeded, String statusReason, Integer exitCode, String containerReason,
            String logStreamName, String jobQueue, JsonNode detail) {
        this(jobId, succeeded, statusReason, exitCode, containerReason, logStreamName, jobQueue, detail, null, null,
                null);
    }

    static JobEnd of(JobDetail d) {
        var c = d.container();
        boolean succeeded = "SUCCEEDED".equals(d.statusAsString());
        // the full record is kept for failed jobs only: no JSON tree for each of 10,000 children that succeeded
        return new JobEnd(d.jobId(), succeeded, d.statusReason(),
                c == null ? null : c.exitCode(), c == null ? null : c.reason(), c == null ? null : c.logStreamName(),
                d.jobQueue(), succeeded ? null : SdkJson.toJson(d), d.createdAt(), d.startedAt(), d.stoppedAt());
    }

    static JobEnd of(JobSummary s) {
        var c = s.container();
        return new JobEnd(s.jobId(), "SUCCEEDED".equals(s.statusAsString()), s.statusReason(),
                c == null ? null : c.exitCode(), c == null ? null : c.reason(), null, null, null, s.createdAt(),
                s.startedAt(), s.stoppedAt());
    }

    boolean spotReclaim() {
        return statusReason != null && statusReason.startsWith("Host EC2");
    }
}
