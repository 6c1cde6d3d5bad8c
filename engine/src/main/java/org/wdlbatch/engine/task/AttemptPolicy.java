package org.wdlbatch.engine.task;

import java.util.Map;
import java.util.function.IntPredicate;
import org.wdlbatch.engine.backend.Placement;
import org.wdlbatch.engine.backend.TaskExit;

/**
 * The one owner of a call's retry budgets: after each attempt it decides, from what the backend reported
 * ({@link TaskExit.Kind}), whether the call succeeded, runs again (and where, how big), or failed. Backends never
 * count or retry on their own; AWS Batch's own retryStrategy (inside one job) is the only retry below this one, and
 * the task wrapper keeps its attempts apart ({@code batch-attempt-<k>/}).
 * <ul>
 *   <li>{@code maxRetries}: command failures (an exit status outside returnCodes), out-of-memory exits included;
 *   <li>{@code preemptible}: infrastructure losses (spot reclaim, host lost), retried where the call ran;
 *   <li>the fallback move: the next loss after {@code preemptible} is spent moves the call to the backend's
 *       fallback capacity when it has one (once: a loss there fails the call);
 *   <li>memory: an out-of-memory exit makes every later attempt ask for {@code memoryRetryMultiplier} times the
 *       memory of the one before.
 * </ul>
 * Success is an exit status in the task's returnCodes (or Cromwell's {@code continueOnReturnCode}); with
 * {@code failOnStderr: true}, a successful exit that wrote to stderr ({@link TaskExit.Kind#STDERR_WRITTEN}) fails
 * the call without a retry, as in Cromwell.
 * Budgets are separate: a spot reclaim never spends a {@code maxRetries} retry, nor a command failure a
 * {@code preemptible} one. Not thread-safe: one call's attempts end one after another.
 */
public final class AttemptPolicy {

    /** What follows an attempt. */
    public sealed interface Decision {}

    /** The attempt succeeded with this exit status. */
    public record Succeed(int exitCode) implements Decision {}

    /** Run attempt {@code number} on {@code placement}; {@code why} says so in task.log. */
    public record Retry(int number, Placement placement, String why) implements Decision {}

    /**
     * The call failed.
     *
     * @param kind {@code CommandFailed}, {@code BackendError} or {@code Terminated} (as in error.json)
     * @param exitStatus the command's exit status when it ran to one
     */
    public record Fail(String kind, String message, Integer exitStatus, Map<String, String> details)
            implements Decision {}

    private final int maxRetries;
    private final int preemptible;
    private final IntPredicate succeeded;
    private final boolean fallbackAvailable;
    private final double memoryRetryMultiplier;

    private int number = 1;
    private Placement placement = Placement.FIRST;
    private int commandRetries;
    private int infrastructureRetries;

    /**
     * @param succeeded whether an exit status counts as success (the task's returnCodes)
     * @param fallbackAvailable the backend has fallback capacity ({@code TaskBackend.hasFallback})
     * @param memoryRetryMultiplier {@code [aws] memory_retry_multiplier}
     */
    public AttemptPolicy(int maxRetries, int preemptible, IntPredicate succeeded, boolean fallbackAvailable,
            double memoryRetryMultiplier) {
        this.maxRetries = Math.max(0, maxRetries);
        this.preemptible = Math.max(0, preemptible);
        this.succeeded = succeeded;
        this.fallbackAvailable = fallbackAvailable;
        this.memoryRetryMultiplier = memoryRetryMultiplier;
    }

    /**
     * Resume: the next attempt is number {@code first} (an earlier orchestrator ran those before it); the budgets are
     * not charged for them, as nothing records which budget paid for each.
     */
    public void resumeAt(int first) {
        if (first < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, not " + first);
        }
        number = first;
    }

    /** The number of the attempt to run now (1 first). */
    public int number() {
        return number;
    }

    /** Where the attempt to run now goes. */
    public Placement placement() {
        return placement;
    }

    /**
     * Decides what follows the current attempt's end and, for a retry, moves on to the next attempt.
     *
     * @param terminateRequested the call was asked to stop (whatever the attempt reported, it ends there)
     */
    public Decision decide(TaskExit exit, boolean terminateRequested) {
        if (terminateRequested || exit.kind() == TaskExit.Kind.TERMINATED) {
            return new Fail("Terminated", "terminated", null, exit.details());
        }
        return switch (exit.kind()) {
            case EXITED, OUT_OF_MEMORY -> afterExit(exit);
            case RECLAIMED -> afterLoss(exit);
            case FAILED_TO_START -> new Fail("BackendError", exit.reason(), null, exit.details());
            // the command's own doing, and it would do it again: neither maxRetries nor preemptible pays for it
            case STDERR_WRITTEN -> new Fail("CommandFailed", exit.reason(), exit.exitCode(), exit.details());
            case TERMINATED -> throw new IllegalStateException("handled above");
        };
    }

    private Decision afterExit(TaskExit exit) {
        int rc = exit.exitCode();
        if (succeeded.test(rc)) {
            return new Succeed(rc);
        }
        boolean oom = exit.kind() == TaskExit.Kind.OUT_OF_MEMORY;
        String what = oom ? "ran out of memory (exit " + rc + ")" : "exited with status " + rc;
        if (commandRetries >= maxRetries) {
            return new Fail("CommandFailed", what, rc, exit.details());
        }
        commandRetries++;
        Placement next = oom ? placement.withMoreMemory(memoryRetryMultiplier) : placement;
        String why = "attempt " + number + " " + what + "; retrying (" + commandRetries + " of " + maxRetries
                + " retries)" + (oom ? " with " + next.memoryFactor() + "x the memory" : "");
        return retry(next, why);
    }

    private Decision afterLoss(TaskExit exit) {
        String what = "attempt " + number + " lost: " + exit.reason();
        if (infrastructureRetries < preemptible) {
            infrastructureRetries++;
            return retry(placement, what + "; retrying (" + infrastructureRetries + " of " + preemptible
                    + " preemptible retries)");
        }
        if (fallbackAvailable && !placement.fallback()) {
            return retry(placement.onFallback(), what + "; " + preemptible + " preemptible retries spent, moving to"
                    + " the fallback queue");
        }
        String spent = placement.fallback() ? "on the fallback queue"
                : preemptible + " preemptible retries spent" + (fallbackAvailable ? "" : ", no fallback queue");
        return new Fail("BackendError", exit.reason() + " (" + spent + ")", null, exit.details());
    }

    private Retry retry(Placement next, String why) {
        number++;
        placement = next;
        return new Retry(number, next, why);
    }
}
