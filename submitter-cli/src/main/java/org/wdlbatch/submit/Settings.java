package org.wdlbatch.submit;

import java.util.List;

/**
 * Everything the workflow job is launched with, resolved (options, then {@code WDLBATCH__*} variables, then the
 * workflow queue's tags, then defaults) and checked. {@code provenance} says where each value came from, so the
 * submitter can tell the user exactly what it submitted.
 */
record Settings(
        String workflowQueue,
        String taskQueue,
        String taskQueueFallback,
        String gpuTaskQueue,
        boolean efs,
        String fsap,
        String fileSystemId,
        String mount,
        String workflowRole,
        String taskJobRole,
        String cpu,
        int memoryGiB,
        String image,
        boolean passEnv,
        boolean publicIp,
        String dir,
        String s3upload,
        String deleteAfter,
        List<String> provenance) {}
