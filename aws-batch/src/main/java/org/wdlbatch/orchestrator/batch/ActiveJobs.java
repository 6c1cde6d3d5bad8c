package org.wdlbatch.orchestrator.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task jobs the backend answers for, found three ways: by attempt (the engine terminates attempts), by Batch job
 * id (the poller's DescribeJobs answers name single and array jobs), and all of them (states, the stop). A job is in
 * {@link #live} from its start until its exit is reported; a single or array job is {@linkplain #watchSingle
 * watched} from its submission until it ends.
 */
final class ActiveJobs {

    private final Map<String, TaskJob> byAttempt = new ConcurrentHashMap<>();
    private final Map<String, TaskJob> singles = new ConcurrentHashMap<>();
    private final Map<String, ArrayJob> arrays = new ConcurrentHashMap<>();
    private final Set<TaskJob> live = ConcurrentHashMap.newKeySet();

    /** An attempt's job, from its start (or adoption) until its exit is reported. */
    void add(TaskJob job) {
        byAttempt.put(job.attempt.id(), job);
        live.add(job);
    }

    /** The attempt runs again as {@code next}: {@code ended} is no longer live. */
    void replace(TaskJob ended, TaskJob next) {
        live.remove(ended);
        byAttempt.put(next.attempt.id(), next);
        live.add(next);
    }

    /** The attempt's exit is reported: the job is forgotten everywhere. */
    void remove(TaskJob job) {
        live.remove(job);
        byAttempt.remove(job.attempt.id(), job);
        if (job.jobId != null) {
            singles.remove(job.jobId);
        }
    }

    TaskJob ofAttempt(String attemptId) {
        return byAttempt.get(attemptId);
    }

    /** The live jobs (a read-only view: it changes as jobs start and end). */
    Set<TaskJob> live() {
        return Collections.unmodifiableSet(live);
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    /** A single job is submitted (or adopted): the poller describes it from now on. */
    void watchSingle(TaskJob job) {
        singles.put(job.jobId, job);
    }

    /** The single (non-array) task job with this id while it is active, else null. */
    TaskJob single(String jobId) {
        return singles.get(jobId);
    }

    /** The single job ended in Batch: the poller stops describing it. */
    void unwatchSingle(String jobId) {
        singles.remove(jobId);
    }

    List<String> singleIds() {
        return new ArrayList<>(singles.keySet());
    }

    int singleCount() {
        return singles.size();
    }

    /** The single jobs the engine asked to terminate and is waiting on: the poller describes them every period. */
    List<String> terminatingSingleIds() {
        List<String> ids = new ArrayList<>();
        singles.forEach((id, job) -> {
            if (job.terminateRequested) {
                ids.add(id);
            }
        });
        return ids;
    }

    void watchArray(ArrayJob array) {
        arrays.put(array.id, array);
    }

    ArrayJob array(String id) {
        return arrays.get(id);
    }

    void unwatchArray(ArrayJob array) {
        arrays.remove(array.id);
    }

    List<String> arrayIds() {
        return new ArrayList<>(arrays.keySet());
    }

    /** The array jobs being watched, for the stop to terminate their parents. */
    Iterable<ArrayJob> arrays() {
        return arrays.values();
    }
}
