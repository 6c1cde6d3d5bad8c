package org.wdlbatch.orchestrator.batch;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.wdlbatch.engine.progress.BackendStates;

/**
 * Counts the backend's live task jobs by AWS Batch's job states for the status line
 * (https://docs.aws.amazon.com/batch/latest/userguide/job_states.html): a single job by the status its last
 * DescribeJobs answer gave ({@link TaskJob#status}), an array job's children by the parent's status summary (the
 * poller describes parents, not each child). Jobs starting or running reserve their vCPUs and memory.
 */
final class JobStates {

    private JobStates() {}

    static BackendStates of(Collection<TaskJob> live, BatchMetrics metrics) {
        int unsubmitted = 0;
        int[] byState = new int[5];
        double vcpus = 0;
        long memory = 0;
        Set<ArrayJob> arrays = new HashSet<>();
        for (TaskJob j : live) {
            if (j.ended()) {
                continue;
            }
            if (j.jobId == null) {
                unsubmitted++;
            } else if (j.array != null) {
                arrays.add(j.array);
            } else {
                int s = index(j.status == null ? "SUBMITTED" : j.status);
                if (s >= 0) {
                    byState[s]++;
                    if (s >= 3) {
                        vcpus += vcpus(j.shape);
                        memory += j.shape.memoryMiB();
                    }
                }
            }
        }
        for (ArrayJob a : arrays) {
            Map<String, Integer> summary = a.summary;
            int named = summary.values().stream().mapToInt(Integer::intValue).sum();
            // children the summary does not count yet were just submitted
            byState[0] += Math.max(0, a.children.size() - named);
            JobShape shape = a.children.get(0).shape;
            for (Map.Entry<String, Integer> e : summary.entrySet()) {
                int s = index(e.getKey());
                if (s >= 0) {
                    byState[s] += e.getValue();
                    if (s >= 3) {
                        vcpus += vcpus(shape) * e.getValue();
                        memory += (long) shape.memoryMiB() * e.getValue();
                    }
                }
            }
        }
        return new BackendStates(unsubmitted, byState[0], byState[1], byState[2], byState[3], byState[4], vcpus,
                memory, (int) metrics.spotReclaims(), metrics.throttledRequests());
    }

    /** SUBMITTED 0, PENDING 1, RUNNABLE 2, STARTING 3, RUNNING 4; -1 for the ended states. */
    private static int index(String status) {
        return switch (status) {
            case "SUBMITTED" -> 0;
            case "PENDING" -> 1;
            case "RUNNABLE" -> 2;
            case "STARTING" -> 3;
            case "RUNNING" -> 4;
            default -> -1;
        };
    }

    private static double vcpus(JobShape shape) {
        try {
            return Double.parseDouble(shape.vcpus());
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }
}
