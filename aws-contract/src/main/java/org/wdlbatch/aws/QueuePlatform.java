package org.wdlbatch.aws;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which platform a job queue runs, from the types of its compute environments. A job definition registered for
 * EC2 never starts on a Fargate queue and a Fargate one never on an EC2 queue (AWS Batch leaves such a job in
 * RUNNABLE, or fails it with a MISCONFIGURATION reason): both sides check the queue before submitting.
 * Compute environment types: https://docs.aws.amazon.com/batch/latest/APIReference/API_ComputeResource.html
 * (EC2, SPOT, FARGATE, FARGATE_SPOT); an unmanaged compute environment has no compute resources and runs EC2
 * instances.
 */
public final class QueuePlatform {

    /** The {@code platformCapabilities} of a job definition. */
    public enum Platform { EC2, FARGATE }

    private QueuePlatform() {}

    /** The platform a compute environment of this type runs; null (unmanaged) is EC2. */
    public static Platform of(String computeEnvironmentType) {
        if (computeEnvironmentType == null) {
            return Platform.EC2;
        }
        return computeEnvironmentType.toUpperCase(Locale.ROOT).startsWith("FARGATE") ? Platform.FARGATE : Platform.EC2;
    }

    /**
     * The first compute environment of the queue that cannot run {@code wanted} jobs, as "NAME (TYPE)", or empty
     * when all can.
     *
     * @param computeEnvironmentTypes compute environment name → its type (null for unmanaged), in queue order
     */
    public static Optional<String> mismatch(Map<String, String> computeEnvironmentTypes, Platform wanted) {
        for (Map.Entry<String, String> e : computeEnvironmentTypes.entrySet()) {
            if (of(e.getValue()) != wanted) {
                return Optional.of(e.getKey() + " (" + (e.getValue() == null ? "UNMANAGED" : e.getValue()) + ")");
            }
        }
        return Optional.empty();
    }
}
