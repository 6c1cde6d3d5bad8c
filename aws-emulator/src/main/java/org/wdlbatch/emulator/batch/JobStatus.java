package org.wdlbatch.emulator.batch;

/** AWS Batch job states, in the order a job moves through them. */
public enum JobStatus {
    SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED;

    public boolean done() {
        return this == SUCCEEDED || this == FAILED;
    }

    /** Not yet handed to a container: CancelJob still applies. */
    public boolean queued() {
        return this == SUBMITTED || this == PENDING || this == RUNNABLE;
    }
}
