package org.wdlbatch.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wdlbatch.engine.backend.Placement;
import org.wdlbatch.engine.backend.TaskExit;

/** The retry budgets, one owner: what follows each kind of attempt end. */
class AttemptPolicyTest {

    private static final TaskExit RECLAIM = TaskExit.reclaimed("spot instance reclaimed: Host EC2 (instance i-1)"
            + " terminated.");

    private static AttemptPolicy policy(int maxRetries, int preemptible, boolean fallback) {
        return new AttemptPolicy(maxRetries, preemptible, rc -> rc == 0, fallback, 2.0);
    }

    @Test
    void successEndsTheCall() {
        AttemptPolicy p = policy(3, 3, true);
        assertThat(p.decide(TaskExit.exited(0), false)).isEqualTo(new AttemptPolicy.Succeed(0));
        assertThat(p.number()).isEqualTo(1);
    }

    @Test
    void returnCodesDecideWhatSucceeds() {
        AttemptPolicy p = new AttemptPolicy(0, 0, rc -> rc == 0 || rc == 3, false, 2.0);
        assertThat(p.decide(TaskExit.exited(3), false)).isEqualTo(new AttemptPolicy.Succeed(3));
    }

    @Test
    void stderrWrittenUnderFailOnStderrFailsWithoutSpendingAnyBudget() {
        AttemptPolicy p = policy(3, 3, true);
        var fail = (AttemptPolicy.Fail) p.decide(TaskExit.stderrWritten(0, 12), false);
        assertThat(fail.kind()).isEqualTo("CommandFailed");
        assertThat(fail.exitStatus()).isEqualTo(0);
        assertThat(fail.message()).contains("wrote 12 bytes to stderr");
        assertThat(p.number()).isEqualTo(1);
    }

    @Test
    void commandFailuresSpendMaxRetriesThenFail() {
        AttemptPolicy p = policy(2, 0, false);
        var first = (AttemptPolicy.Retry) p.decide(TaskExit.exited(1), false);
        assertThat(first.number()).isEqualTo(2);
        assertThat(first.placement()).isEqualTo(Placement.FIRST);
        assertThat(first.why()).contains("attempt 1 exited with status 1").contains("1 of 2 retries");
        assertThat(p.decide(TaskExit.exited(1), false)).isInstanceOf(AttemptPolicy.Retry.class);
        var fail = (AttemptPolicy.Fail) p.decide(TaskExit.exited(7).withDetails(Map.of("jobId", "j")), false);
        assertThat(fail.kind()).isEqualTo("CommandFailed");
        assertThat(fail.exitStatus()).isEqualTo(7);
        assertThat(fail.message()).isEqualTo("exited with status 7");
        assertThat(fail.details()).containsEntry("jobId", "j");
        assertThat(p.number()).isEqualTo(3);
    }

    @Test
    void reclaimsSpendPreemptibleOnTheSameQueueThenMoveToTheFallbackOnce() {
        AttemptPolicy p = policy(0, 2, true);
        var r1 = (AttemptPolicy.Retry) p.decide(RECLAIM, false);
        assertThat(r1.placement().fallback()).isFalse();
        assertThat(r1.why()).contains("attempt 1 lost").contains("1 of 2 preemptible retries");
        var r2 = (AttemptPolicy.Retry) p.decide(RECLAIM, false);
        assertThat(r2.placement().fallback()).isFalse();
        var r3 = (AttemptPolicy.Retry) p.decide(RECLAIM, false);
        assertThat(r3.number()).isEqualTo(4);
        assertThat(r3.placement().fallback()).isTrue();
        assertThat(r3.why()).contains("moving to the fallback queue");
        // lost on the fallback queue too: nothing left
        var fail = (AttemptPolicy.Fail) p.decide(RECLAIM, false);
        assertThat(fail.kind()).isEqualTo("BackendError");
        assertThat(fail.message()).contains("spot instance reclaimed").contains("on the fallback queue");
    }

    @Test
    void withoutAFallbackASpentPreemptibleBudgetFailsTheCall() {
        AttemptPolicy p = policy(5, 1, false);
        assertThat(p.decide(RECLAIM, false)).isInstanceOf(AttemptPolicy.Retry.class);
        var fail = (AttemptPolicy.Fail) p.decide(RECLAIM, false);
        assertThat(fail.message()).contains("1 preemptible retries spent, no fallback queue");
    }

    @Test
    void budgetsAreSeparateAReclaimNeverSpendsARetryNorAFailureAPreemptible() {
        AttemptPolicy p = policy(1, 1, false);
        assertThat(p.decide(RECLAIM, false)).isInstanceOf(AttemptPolicy.Retry.class);
        assertThat(p.decide(TaskExit.exited(1), false)).isInstanceOf(AttemptPolicy.Retry.class);
        assertThat(p.number()).isEqualTo(3);
        assertThat(p.decide(TaskExit.exited(1), false)).isInstanceOf(AttemptPolicy.Fail.class);

        AttemptPolicy q = policy(1, 1, false);
        assertThat(q.decide(TaskExit.exited(1), false)).isInstanceOf(AttemptPolicy.Retry.class);
        assertThat(q.decide(RECLAIM, false)).isInstanceOf(AttemptPolicy.Retry.class);
        assertThat(q.decide(TaskExit.exited(0), false)).isInstanceOf(AttemptPolicy.Succeed.class);
    }

    @Test
    void outOfMemoryRetriesOnMaxRetriesWithMoreMemoryEachTimeAndKeepsTheFallback() {
        AttemptPolicy p = policy(2, 0, true);
        var moved = (AttemptPolicy.Retry) p.decide(RECLAIM, false);
        assertThat(moved.placement()).isEqualTo(new Placement(true, 1.0));
        var r1 = (AttemptPolicy.Retry) p.decide(TaskExit.outOfMemory(137, "OutOfMemoryError"), false);
        assertThat(r1.placement()).isEqualTo(new Placement(true, 2.0));
        assertThat(r1.why()).contains("ran out of memory (exit 137)").contains("2.0x the memory");
        var r2 = (AttemptPolicy.Retry) p.decide(TaskExit.outOfMemory(137, null), false);
        assertThat(r2.placement().memoryFactor()).isEqualTo(4.0);
        // an ordinary failure after that keeps the memory it has
        AttemptPolicy q = policy(2, 0, false);
        q.decide(TaskExit.outOfMemory(137, null), false);
        assertThat(((AttemptPolicy.Retry) q.decide(TaskExit.exited(1), false)).placement().memoryFactor())
                .isEqualTo(2.0);
        var fail = (AttemptPolicy.Fail) p.decide(TaskExit.outOfMemory(137, null), false);
        assertThat(fail.kind()).isEqualTo("CommandFailed");
        assertThat(fail.message()).contains("ran out of memory");
    }

    @Test
    void terminationEndsTheCallWhateverTheAttemptReported() {
        assertThat(((AttemptPolicy.Fail) policy(3, 3, true).decide(TaskExit.terminated(), false)).kind())
                .isEqualTo("Terminated");
        assertThat(((AttemptPolicy.Fail) policy(3, 3, true).decide(TaskExit.exited(1), true)).kind())
                .isEqualTo("Terminated");
        assertThat(((AttemptPolicy.Fail) policy(3, 3, true).decide(RECLAIM, true)).kind()).isEqualTo("Terminated");
    }

    @Test
    void anAttemptThatNeverStartedFailsWithoutRetry() {
        var fail = (AttemptPolicy.Fail) policy(3, 3, true).decide(
                TaskExit.failedToRun("CannotPullContainerError: no such image"), false);
        assertThat(fail.kind()).isEqualTo("BackendError");
        assertThat(fail.message()).contains("CannotPullContainerError");
    }
}
