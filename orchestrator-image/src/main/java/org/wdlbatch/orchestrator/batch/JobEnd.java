package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * How a job ended, from DescribeJobs (with the full description, kept for failed jobs) or from a ListJobs summary
 * (array children that succeeded).
 */
record JobEnd(String jobId, boolean succeeded, String statusReason, Integer exitCode, String containerReason,
        String logStreamName, String jobQueue, JsonNode detail) {

    static JobEnd of(JobDetail d) {
        var c = d.container();
        return new JobEnd(d.jobId(), "SUCCEEDED".equals(d.statusAsString()), d.statusReason(),
                c == null ? null : c.exitCode(), c == null ? null : c.reason(), c == null ? null : c.logStreamName(),
                d.jobQueue(), SdkJson.toJson(d));
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
