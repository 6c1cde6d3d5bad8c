package org.wdlbatch.emulator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.wdlbatch.emulator.world.EmulatorConfig;

/**
 * Whether any compute environment of a job's queue has instances big enough for the job. AWS Batch keeps a job
 * no instance can hold in RUNNABLE and says why in its statusReason
 * (https://docs.aws.amazon.com/batch/latest/userguide/job_stuck_in_runnable.html; the reasons are those of
 * https://docs.aws.amazon.com/batch/latest/APIReference/API_JobStateTimeLimitAction.html).
 */
final class ComputeFit {

    static final String REQUIREMENT_TOO_HIGH = "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource "
            + "requirement (%s) is higher than that can be met by the CE(s) attached to the job queue.";

    private ComputeFit() {}

    /**
     * Whether one of the queue's {@code jobStateTimeLimitActions} cancels this stranded job now: its reason
     * begins the job's statusReason and the job has waited {@code maxTimeSeconds}
     * (https://docs.aws.amazon.com/batch/latest/APIReference/API_JobStateTimeLimitAction.html).
     */
    static boolean timeLimitReached(Job j, EmulatorConfig.Queue q, long now, long millisPerSecond) {
        for (EmulatorConfig.JobStateTimeLimitAction a : q.jobStateTimeLimitActions) {
            if (j.statusReason != null && j.statusReason.startsWith(a.reason)
                    && now - j.blockedSince >= a.maxTimeSeconds * millisPerSecond) {
                return true;
            }
        }
        return false;
    }

    /** Null when some environment of the queue can run the job; otherwise the statusReason it waits with. */
    static String blockedReason(Job j, List<EmulatorConfig.ComputeEnvironment> ces) {
        double gpus = 0;
        double vcpus = j.container.path("vcpus").asDouble(0);
        double memory = j.container.path("memory").asDouble(0);
        for (JsonNode r : j.container.path("resourceRequirements")) {
            double v = r.path("value").asDouble(0);
            switch (r.path("type").asText()) {
                case "GPU" -> gpus = v;
                case "VCPU" -> vcpus = v;
                case "MEMORY" -> memory = v;
                default -> { }
            }
        }
        int maxGpus = 0;
        int maxVcpus = 0;
        int maxMemory = 0;
        for (EmulatorConfig.ComputeEnvironment ce : ces) {
            if (ce.type.startsWith("FARGATE")) {
                // Fargate's largest size (its table is checked at submission), within the environment's maxvCpus
                maxVcpus = Math.max(maxVcpus, Math.min(16, ce.maxvCpus));
                maxMemory = Math.max(maxMemory, 122_880);
            } else {
                maxGpus = Math.max(maxGpus, ce.maxGpusPerInstance);
                maxVcpus = Math.max(maxVcpus, Math.min(ce.maxVcpusPerInstance, ce.maxvCpus));
                maxMemory = Math.max(maxMemory, ce.maxMemoryMiBPerInstance);
            }
        }
        if (gpus > maxGpus) return String.format(REQUIREMENT_TOO_HIGH, "GPU");
        if (vcpus > maxVcpus) return String.format(REQUIREMENT_TOO_HIGH, "VCPU");
        if (memory > maxMemory) return String.format(REQUIREMENT_TOO_HIGH, "MEMORY");
        return null;
    }
}
