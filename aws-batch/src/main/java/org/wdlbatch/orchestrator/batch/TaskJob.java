package org.wdlbatch.orchestrator.batch;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.wdlbatch.engine.backend.TaskAttempt;
import org.wdlbatch.engine.backend.TaskExit;

/** One task attempt as a Batch job: a single job, or one child of an {@link ArrayJob}. */
final class TaskJob {

    final TaskAttempt attempt;
    final Consumer<TaskExit> onExit;
    final JobShape shape;
    /** Batch job id once submitted; {@code <parent>:<index>} for array children. */
    volatile String jobId;
    volatile ArrayJob array;
    volatile int index = -1;
    volatile boolean terminateRequested;
    volatile boolean logStreamNoted;
    /** Array child: the poller has handed its end to the backend (so a later listing does not describe it again). */
    volatile boolean endReported;
    /** AWS Batch's status of a single job in the last DescribeJobs answer; null before the first. */
    volatile String status;
    /** Last seen STARTING or RUNNING (these are terminated first: queued jobs cost nothing yet). */
    volatile boolean running;
    /** Resume: submitted by an earlier orchestrator of the run and re-attached by this one. */
    volatile boolean adopted;
    private final AtomicBoolean ended = new AtomicBoolean();

    TaskJob(TaskAttempt attempt, Consumer<TaskExit> onExit, JobShape shape) {
        this.attempt = attempt;
        this.onExit = onExit;
        this.shape = shape;
    }

    boolean ended() {
        return ended.get();
    }

    /** True for the one caller that ends this job. */
    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }
}
