package org.wdlbatch.engine.progress;

/**
 * What a backend that runs tasks elsewhere knows about the calls it was given, by the states of its own service
 * (AWS Batch's job states: https://docs.aws.amazon.com/batch/latest/userguide/job_states.html). The engine knows a
 * call was handed to the backend; only the backend knows whether its job is still waiting for capacity or runs.
 *
 * @param unsubmitted handed to the backend but not submitted yet (waiting for the request rate, or a retry wait)
 * @param submitted SUBMITTED: accepted, not yet evaluated by the scheduler
 * @param pending PENDING: waiting for a dependency
 * @param runnable RUNNABLE: waiting for capacity
 * @param starting STARTING: placed on an instance, the container starts
 * @param running RUNNING
 * @param reservedVcpus vCPUs of the jobs starting or running (what the compute environment holds for them)
 * @param reservedMemoryMiB memory of the jobs starting or running
 * @param spotReclaims attempts ended because their spot instance was reclaimed
 * @param throttled requests the service throttled (each was retried)
 */
public record BackendStates(int unsubmitted, int submitted, int pending, int runnable, int starting, int running,
        double reservedVcpus, long reservedMemoryMiB, int spotReclaims, long throttled) {

    /** Calls the backend holds in any state. */
    public int active() {
        return unsubmitted + submitted + pending + runnable + starting + running;
    }
}
