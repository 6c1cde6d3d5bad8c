package org.wdlbatch.orchestrator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wdlbatch.engine.config.Config;
import org.wdlbatch.engine.config.ConfigException;

/**
 * The {@code [aws]} and {@code [file_io]} settings the aws-batch backend runs with, read and checked once.
 * Everything here is documented in {@code config/default.cfg}.
 */
public record BatchSettings(
        String taskQueue,
        String taskQueueFallback,
        String gpuTaskQueue,
        String fsap,
        String fs,
        boolean efs,
        Path root,
        String defaultImage,
        int memoryDeltaMiB,
        int gpuValue,
        ObjectNode containerProperties,
        int jobTimeoutSeconds,
        Map<String, String> tags,
        String shareIdentifier,
        Integer schedulingPriority,
        String taskJobRole,
        String repositoryCredentials,
        double describePeriodSeconds,
        double apiRate,
        int retryAttempts,
        double retryWaitSeconds,
        double memoryRetryMultiplier,
        List<String> memoryRetryErrorKeys,
        boolean arrayJobs,
        long arrayWindowMillis,
        boolean containerSync,
        long runnableTimeoutSeconds,
        boolean allowPrivileged,
        int dockerVolumeGiB) {

    public static BatchSettings from(Config c) {
        try {
            JsonNode props = c.json("aws", "container_properties");
            if (!props.isNull() && !props.isObject()) {
                throw new BatchConfigException("[aws] container_properties must be a JSON object such as "
                        + "{\"privileged\": true}");
            }
            JsonNode tagsJson = c.json("aws", "tags");
            Map<String, String> tags = new LinkedHashMap<>();
            if (tagsJson.isObject()) {
                tagsJson.fields().forEachRemaining(e -> {
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        throw new BatchConfigException("[aws] tags: tag \"" + e.getKey() + "\" must have a string"
                                + " value, not " + e.getValue());
                    }
                    tags.put(e.getKey(), e.getValue().asText());
                });
            } else if (!tagsJson.isNull()) {
                throw new BatchConfigException("[aws] tags must be a JSON object such as {\"project\": \"x\"}");
            }
            String prio = c.optionalString("aws", "scheduling_priority");
            int timeout = c.integer("aws", "job_timeout");
            if (timeout != 0 && timeout < 60) {
                throw new BatchConfigException("[aws] job_timeout = " + timeout + ": AWS Batch needs at least 60"
                        + " seconds; set 0 for no timeout or a value of 60 or more");
            }
            int attempts = c.integer("aws", "retry_attempts");
            if (attempts < 1 || attempts > 10) {
                throw new BatchConfigException("[aws] retry_attempts = " + attempts + ": must be 1 to 10");
            }
            int gpuValue = c.integer("aws", "gpu_value");
            if (gpuValue < 0) {
                throw new BatchConfigException("[aws] gpu_value = " + gpuValue + ": must be 0 (no GPU) or more GPUs"
                        + " for tasks with gpu: true");
            }
            double retryWait = c.decimal("aws", "retry_wait");
            if (retryWait < 0) {
                throw new BatchConfigException("[aws] retry_wait = " + retryWait + ": must be 0 or more seconds");
            }
            double memoryRetry = c.decimal("aws", "memory_retry_multiplier");
            if (!(memoryRetry >= 1)) {
                throw new BatchConfigException("[aws] memory_retry_multiplier = " + memoryRetry + ": must be 1 (no"
                        + " more memory after an out-of-memory exit) or more, e.g. 2.0");
            }
            double rate = c.decimal("aws", "api_rate");
            if (rate <= 0) {
                throw new BatchConfigException("[aws] api_rate must be above 0 (requests a second)");
            }
            Path root = Path.of(c.string("file_io", "root").strip());
            TaskContainerProperties.check(props.isObject() ? (ObjectNode) props : null, root);
            TaskTags.check(tags);
            return new BatchSettings(
                    strip(c.optionalString("aws", "task_queue")),
                    strip(c.optionalString("aws", "task_queue_fallback")),
                    strip(c.optionalString("aws", "gpu_task_queue")),
                    strip(c.optionalString("aws", "fsap")),
                    strip(c.optionalString("aws", "fs")),
                    c.bool("aws", "efs"),
                    root,
                    c.string("aws", "default_image").strip(),
                    c.integer("aws", "memory_delta"),
                    gpuValue,
                    props.isObject() ? (ObjectNode) props : null,
                    timeout,
                    tags,
                    strip(c.optionalString("aws", "share_identifier")),
                    prio == null ? null : Integer.valueOf(prio.strip()),
                    strip(c.optionalString("aws", "task_job_role")),
                    strip(c.optionalString("aws", "repository_credentials")),
                    c.decimal("aws", "describe_period"),
                    rate,
                    attempts,
                    retryWait,
                    memoryRetry,
                    c.stringList("aws", "memory_retry_error_keys"),
                    c.bool("aws", "array_jobs"),
                    c.longValue("aws", "array_window_ms"),
                    c.bool("aws", "container_sync"),
                    runnableTimeout(c),
                    c.bool("aws", "allow_privileged"),
                    dockerVolume(c));
        } catch (ConfigException | NumberFormatException e) {
            throw new BatchConfigException(e.getMessage());
        }
    }

    public BatchSettings withQueueAndFs(String queue, String fileSystem, String accessPoint) {
        return new BatchSettings(queue, taskQueueFallback, gpuTaskQueue, accessPoint, fileSystem, efs, root, defaultImage,
                memoryDeltaMiB, gpuValue, containerProperties, jobTimeoutSeconds, tags, shareIdentifier,
                schedulingPriority, taskJobRole, repositoryCredentials, describePeriodSeconds, apiRate, retryAttempts,
                retryWaitSeconds, memoryRetryMultiplier, memoryRetryErrorKeys, arrayJobs, arrayWindowMillis,
                containerSync, runnableTimeoutSeconds, allowPrivileged, dockerVolumeGiB);
    }

    /** {@code [aws] docker_volume_gib}: GiB of the task instances' Docker volume, 0 or empty when unknown. */
    private static int dockerVolume(Config c) {
        String v = strip(c.optionalString("aws", "docker_volume_gib"));
        int gib;
        try {
            gib = v == null ? 0 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            gib = -1;
        }
        if (gib < 0) {
            throw new BatchConfigException("[aws] docker_volume_gib = " + v + ": must be the GiB of the task"
                    + " instances' Docker volume (the CDK stack's dockerVolumeGiB), or empty when unknown");
        }
        return gib;
    }

    /** {@code [aws] runnable_timeout}: seconds, 0 (never) or more. */
    private static long runnableTimeout(Config c) {
        long v = c.longValue("aws", "runnable_timeout");
        if (v < 0) {
            throw new BatchConfigException("[aws] runnable_timeout = " + v + ": must be 0 (wait for ever) or more"
                    + " seconds");
        }
        return v;
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
