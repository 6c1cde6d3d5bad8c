package org.wdlbatch.emulator;

import java.util.Map;
import java.util.Set;
import org.wdlbatch.emulator.batch.JobScheduler;
import org.wdlbatch.emulator.batch.ListJobsLag;
import org.wdlbatch.emulator.http.Throttling;

/** Faults a test switches on and off while the emulator runs. */
public final class EmulatorFaults {

    private final Throttling throttling;
    private final Set<String> missingImages;
    private final JobScheduler scheduler;
    private final Map<String, Integer> memoryNeeds;

    private final ListJobsLag listJobsLag;

    EmulatorFaults(Throttling throttling, Set<String> missingImages, JobScheduler scheduler,
            Map<String, Integer> memoryNeeds, ListJobsLag listJobsLag) {
        this.listJobsLag = listJobsLag;
        this.memoryNeeds = memoryNeeds;
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

    /** Lifts every rate limit and the random refusals. */
    public EmulatorFaults noThrottling() {
        throttling.clear();
        return this;
    }

    /**
     * Refuses {@code fraction} (0 to below 1) of all requests, every service, as throttled (Batch: HTTP 429
     * TooManyRequestsException), chosen by a generator seeded with {@code seed}; 0 lifts it.
     */
    public EmulatorFaults randomThrottling(double fraction, long seed) {
        throttling.randomlyRefuse(fraction, seed);
        return this;
    }

    /** Requests refused by {@link #randomThrottling} so far. */
    public long randomlyThrottled() {
        return throttling.randomlyRefused();
    }

    /**
     * The next {@code answers} ListJobs answers for an array job's children each leave out one child (see
     * {@link ListJobsLag}); 0 lifts it.
     */
    public EmulatorFaults laggingListJobs(int answers) {
        listJobsLag.omitOneChild(answers);
        return this;
    }

    /** Children left out of ListJobs answers by {@link #laggingListJobs} so far. */
    public int listJobsOmitted() {
        return listJobsLag.omitted();
    }

    /** Jobs with this image fail to start with CannotPullContainerError. */
    public EmulatorFaults missingImage(String image) {
        missingImages.add(image);
        return this;
    }

    /**
     * Jobs with this image that are given less than {@code mib} MiB of memory are killed as out of memory: exit
     * status 137, container reason {@code OutOfMemoryError: Container killed due to memory usage} (they do not
     * get to run their command). 0 lifts it.
     */
    public EmulatorFaults outOfMemoryBelow(String image, int mib) {
        if (mib <= 0) {
            memoryNeeds.remove(image);
        } else {
            memoryNeeds.put(image, mib);
        }
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
