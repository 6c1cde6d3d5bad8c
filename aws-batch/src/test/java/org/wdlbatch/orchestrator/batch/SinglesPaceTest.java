package org.wdlbatch.orchestrator.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The singles' sweep period: describe_period up to one call a sweep, then at most max(1, N/1000) calls a second. */
class SinglesPaceTest {

    private final SinglesPace pace = new SinglesPace(1.0);

    @Test
    void aSweepOfOneCallKeepsDescribePeriod() {
        assertThat(pace.periodSeconds(1)).isEqualTo(1.0);
        assertThat(pace.periodSeconds(100)).isEqualTo(1.0);
        assertThat(new SinglesPace(0.05).periodSeconds(100)).as("never shortened nor stretched").isEqualTo(0.05);
        assertThat(new SinglesPace(30).periodSeconds(5_000)).as("never shorter than describe_period").isEqualTo(30);
    }

    @Test
    void largerSweepsAreStretchedToTheRate() {
        assertThat(pace.periodSeconds(101)).isEqualTo(2.0);
        assertThat(pace.periodSeconds(300)).isEqualTo(3.0);
        assertThat(pace.periodSeconds(1_000)).isEqualTo(10.0);
        assertThat(pace.periodSeconds(10_000)).isEqualTo(10.0);
        assertThat(pace.periodSeconds(100_000)).isEqualTo(10.0);
    }

    @Test
    void callsPerSecondStayWithinTheGoal() {
        for (int n = 101; n <= 200_000; n += 97) {
            double rate = SinglesPace.callsPerSweep(n) / pace.periodSeconds(n);
            assertThat(rate).as("calls a second for %d singles", n)
                    .isLessThanOrEqualTo(Math.max(1.0, n / 1000.0) + 1e-9);
        }
        assertThat(SinglesPace.callsPerSweep(1_000) / pace.periodSeconds(1_000)).isCloseTo(1.0, within(1e-9));
    }
}
