package org.wdlbatch.orchestrator.batch;

import java.util.BitSet;
import java.util.List;

/** An array job of scatter children; child {@code i} runs the task directory on line {@code i} of its manifest. */
final class ArrayJob {

    final String id;
    final List<TaskJob> children;
    /** Children a ListJobs or DescribeJobs answer has named SUCCEEDED / FAILED (by index). */
    final BitSet seenSucceeded = new BitSet();
    final BitSet seenFailed = new BitSet();
    /** Polls since the parent ended while some children were still unaccounted for. */
    int reconcileTries;
    /** The manifest child {@code i} reads its task directory from (line {@code i}); journaled with the id. */
    volatile java.nio.file.Path manifest;
    /** Periods since succeeded children were last listed while news was waiting. */
    int periodsSinceListing;
    volatile boolean terminateSent;
    /** The parent's status summary in the last DescribeJobs answer: children by state (for the status line). */
    volatile java.util.Map<String, Integer> summary = java.util.Map.of();

    ArrayJob(String id, List<TaskJob> children) {
        this.id = id;
        this.children = children;
    }

    boolean allEnded() {
        return children.stream().allMatch(TaskJob::ended);
    }
}
