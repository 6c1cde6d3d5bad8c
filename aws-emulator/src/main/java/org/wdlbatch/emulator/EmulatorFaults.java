package org.wdlbatch.emulator;

import java.util.Set;
import org.wdlbatch.emulator.batch.JobScheduler;
import org.wdlbatch.emulator.http.Throttling;

/** Faults a test switches on and off while the emulator runs. */
public final class EmulatorFaults {

    private final Throttling throttling;
    private final Set<String> missingImages;
    private final JobScheduler scheduler;

    EmulatorFaults(Throttling throttling, Set<String> missingImages, JobScheduler scheduler) {
        this.throttling = throttling;
        this.missingImages = missingImages;
        this.scheduler = scheduler;
    }

    /** AWS's default request quotas: ~50/s for all Batch APIs together, 5/s FilterLogEvents, 25/s GetLogEvents. */
    public EmulatorFaults awsThrottling() {
        throttling.applyAwsDefaults();
        return this;
    }

    /** Limits one bucket ({@link Throttling#BATCH}, {@link Throttling#FILTER_LOG_EVENTS}, ...); 0 lifts the limit. */
    public EmulatorFaults throttle(String bucket, double requestsPerSecond) {
        throttling.limit(bucket, requestsPerSecond);
        return this;
    }

    public EmulatorFaults noThrottling() {
        throttling.clear();
        return this;
    }

    /** Jobs with this image fail to start with CannotPullContainerError. */
    public EmulatorFaults missingImage(String image) {
        missingImages.add(image);
        return this;
    }

    /**
     * The spot instance running this job is reclaimed: the attempt is killed and fails with
     * {@code Host EC2 (instance i-...) terminated.}. False when the job is not starting or running.
     */
    public boolean reclaimSpot(String jobId) {
        return scheduler.reclaimSpot(jobId);
    }
}
