package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * How one task attempt is submitted: queue, job definition contents, per-job overrides and tags. Attempts with
 * equal {@link #groupKey()} (same call of a scatter, same definition, queue and resources) can share an array job.
 *
 * @param containerProperties what the job definition holds (shared by every shape with the same image)
 * @param digest {@link JobDefinitions#digest} of {@code containerProperties}
 * @param vcpus vCPUs override
 * @param memoryMiB memory override in MiB (after {@code memory_delta} and memory retries)
 * @param gpus GPUs override, 0 for none
 * @param taskEnv whether the task has an {@code env} file to source
 * @param callBase the call's directory name without scatter indexes, e.g. {@code call-align}
 * @param retryAttempts Batch's retryStrategy attempts, null for none
 * @param evaluateOnExit the retryStrategy's conditions (the task's {@code awsBatchEvaluateOnExit} or
 *     {@link EvaluateOnExit#defaults}), null when Batch does not retry
 */
record JobShape(
        String queue,
        ObjectNode containerProperties,
        String digest,
        String vcpus,
        int memoryMiB,
        int gpus,
        boolean taskEnv,
        String callBase,
        Map<String, String> tags,
        Integer retryAttempts,
        ArrayNode evaluateOnExit) {

    String groupKey() {
        return digest + "|" + queue + "|" + vcpus + "|" + memoryMiB + "|" + gpus
                + "|" + taskEnv + "|" + callBase + "|" + retryAttempts + "|" + evaluateOnExit + "|" + tags;
    }
}
