package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * How a job ended, from DescribeJobs (with the full description for failed jobs) or, when DescribeJobs left a
 * listed array child out, from its ListJobs summary.
 */
record JobEnd(String jobId, boolean succeeded, String statusReason, Integer exitCode, String containerReason,
        String logStreamName, String jobQueue, JsonNode detail) {

    static JobEnd of(JobDetail d) {
        var c = d.container();
        boolean succeeded = "SUCCEEDED".equals(d.statusAsString());
        // the full record is kept for failed jobs only: no JSON tree for each of 10,000 children that succeeded
        return new JobEnd(d.jobId(), succeeded, d.statusReason(),
                c == null ? null : c.exitCode(), c == null ? null : c.reason(), c == null ? null : c.logStreamName(),
                d.jobQueue(), succeeded ? null : SdkJson.toJson(d));
    }

    static JobEnd of(JobSummary s) {
        var c = s.container();
        return new JobEnd(s.jobId(), "SUCCEEDED".equals(s.statusAsString()), s.statusReason(),
                c == null ? null : c.exitCode(), c == null ? null : c.reason(), null, null, null);
    }

    boolean spotReclaim() {
        return statusReason != null && statusReason.startsWith("Host EC2");
    }
}
