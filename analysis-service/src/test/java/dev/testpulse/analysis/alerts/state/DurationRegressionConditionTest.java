package dev.testpulse.analysis.alerts.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DurationRegressionConditionTest {

    private final DurationRegressionCondition condition = DurationRegressionCondition.of(0);

    private static long[] steady(int count, long ms) {
        return LongStream.generate(() -> ms).limit(count).toArray();
    }

    private static long[] concat(long[] a, long[] b) {
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void holdsUntilTheBaselineHasItsMinimum() {
        // 7 recent + 9 baseline: one short of the default minimum of 10
        assertThat(condition.judge(concat(steady(9, 100), steady(7, 300))).signal()).isEqualTo(Signal.HOLD);
        assertThat(condition.judge(concat(steady(10, 100), steady(7, 300))).signal()).isEqualTo(Signal.BREACH);
        assertThat(DurationRegressionCondition.of(20).judge(concat(steady(19, 100), steady(7, 300))).signal()).isEqualTo(Signal.HOLD);
    }

    @Test
    void aStepBeyondTheSpreadBreachesAndAReturnClears() {
        long[] before = {98, 102, 100, 97, 105, 99, 101, 103, 100, 96, 104, 100, 99, 101, 102, 98, 100, 103, 97, 100};
        DurationRegressionCondition.Verdict slow = condition.judge(concat(before, steady(7, 300)));
        assertThat(slow.signal()).isEqualTo(Signal.BREACH);
        assertThat(slow.recentMedian()).isEqualTo(300);
        assertThat(slow.baselineMedian()).isEqualTo(100);
        assertThat(condition.judge(concat(concat(before, steady(3, 300)), steady(4, 101))).signal()).isEqualTo(Signal.CLEAR);
    }

    @Test
    void outliersAndSmallOrNoisyChangesDoNotBreach() {
        long[] base = steady(30, 100);
        // three slow outliers among seven: the median stays
        assertThat(condition.judge(concat(base, new long[] {100, 900, 100, 900, 100, 900, 100})).signal()).isEqualTo(Signal.CLEAR);
        // 1.4 times: below the minimum ratio
        assertThat(condition.judge(concat(base, steady(7, 140))).signal()).isNotEqualTo(Signal.BREACH);
        // 2 ms to 10 ms: five times, but below 50 ms absolute
        assertThat(condition.judge(concat(steady(30, 2), steady(7, 10))).signal()).isNotEqualTo(Signal.BREACH);
        // a test that swings between 50 and 400 ms: 300 ms is within its normal spread
        long[] noisy = LongStream.range(0, 30).map(i -> i % 3 == 0 ? 50 : i % 3 == 1 ? 150 : 400).toArray();
        assertThat(condition.judge(concat(noisy, steady(7, 300))).signal()).isNotEqualTo(Signal.BREACH);
    }
}
