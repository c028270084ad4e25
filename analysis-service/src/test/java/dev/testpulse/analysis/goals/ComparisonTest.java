package dev.testpulse.analysis.goals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;

class ComparisonTest {

    /** The seed first: 25/39 against 485/1,116 is more than noise, the same rate on a tenth of the tests is not. */
    @ParameterizedTest(name = "{0}/{1} vs {2}/{3} -> {4} pp [{5}, {6}] {7}")
    @CsvSource(textBlock = """
            25,   39,  485, 1116,  20.6,   4.7,  34.1, improved
            26,   60,  485, 1116,  -0.1, -12.2,  12.8, not distinguishable from the baseline at 95%
            400, 1116, 485, 1116,  -7.6, -11.6,  -3.6, worse
            56,   70,   48,   80,  20.0,   5.2,  33.4, improved
            0,    10,    0,   10,   0.0, -27.8,  27.8, not distinguishable from the baseline at 95%
            """)
    void givesTheDifferenceItsNewcombeIntervalAndAVerdict(long passed, long executed, long basePassed, long baseExecuted,
            double deltaPp, double lowerPp, double upperPp, String verdict) {
        Baseline baseline = new Baseline((double) basePassed / baseExecuted,
                new Counts(basePassed, baseExecuted - basePassed, 0, 0), Baseline.COUNTS, null, null, Instant.EPOCH);

        Comparison comparison = Comparison.of(Rate.of(new Counts(passed, executed - passed, 0, 2)), baseline);

        assertThat(comparison).isEqualTo(new Comparison(deltaPp, lowerPp, upperPp, verdict, false));
    }

    /** Without counts the baseline is taken as exact: only the current rate's Wilson interval remains. */
    @ParameterizedTest(name = "{0}/{1} vs bare {2} -> [{3}, {4}] {5}")
    @CsvSource(textBlock = """
            25, 39, 0.435,   4.9, 33.8, improved
            20, 39, 0.435,  -7.3, 22.6, not distinguishable from the baseline at 95%
            """)
    void takesABareRateAsExact(long passed, long executed, double rate, double lowerPp, double upperPp, String verdict) {
        Baseline baseline = new Baseline(rate, null, Baseline.EXPLICIT, null, null, Instant.EPOCH);

        Comparison comparison = Comparison.of(Rate.of(new Counts(passed, executed - passed, 0, 0)), baseline);

        assertThat(comparison.lowerPp()).isEqualTo(lowerPp);
        assertThat(comparison.upperPp()).isEqualTo(upperPp);
        assertThat(comparison.verdict()).isEqualTo(verdict);
        assertThat(comparison.baselineExact()).isTrue();
        assertThat(baseline.interval()).isNull();
    }

    @Test
    void hasNothingToSayWithoutACurrentRateOrABaseline() {
        Baseline baseline = new Baseline(0.5, new Counts(5, 5, 0, 0), Baseline.COUNTS, null, null, Instant.EPOCH);

        assertThat(Comparison.of(Rate.of(new Counts(0, 0, 0, 4)), baseline)).isNull();
        assertThat(Comparison.of(Rate.of(new Counts(3, 1, 0, 0)), null)).isNull();
        assertThat(baseline.interval()).isNotNull();
    }
}
