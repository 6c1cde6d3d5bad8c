package org.wdlbatch.emulator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * A RUNNABLE job that no compute environment of its queue can ever fit blocks the queue: AWS Batch leaves it
 * RUNNABLE and says why in {@code statusReason} (until a jobStateTimeLimitAction or the user cancels it).
 * The emulator compares the job's vCPUs with the queue's compute environments' {@code maxvCpus}.
 * https://docs.aws.amazon.com/batch/latest/userguide/job_stuck_in_runnable.html
 */
final class ResourceFit {

    static final String JOB_RESOURCE_REQUIREMENT = "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource"
            + " requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.";

    private ResourceFit() {}

    /** Why the job can never start on its queue, or null when some compute environment can fit it. */
    static String blockedReason(Job j, EmulatorConfig config) {
        EmulatorConfig.Queue q = config.queue(j.queueName);
        if (q == null || q.computeEnvironments.isEmpty()) {
            return null;
        }
        double vcpus = vcpus(j.container);
        int max = 0;
        for (String name : q.computeEnvironments) {
            EmulatorConfig.ComputeEnvironment ce = config.computeEnvironment(name);
            if (ce != null) {
                max = Math.max(max, ce.maxvCpus);
            }
        }
        return vcpus > max ? JOB_RESOURCE_REQUIREMENT : null;
    }

    private static double vcpus(JsonNode container) {
        if (container == null) {
            return 0;
        }
        for (JsonNode r : container.path("resourceRequirements")) {
            if ("VCPU".equals(r.path("type").asText())) {
                try {
                    return Double.parseDouble(r.path("value").asText("0"));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return container.path("vcpus").asDouble(0);
    }
}
