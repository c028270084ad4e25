package dev.testpulse.analysis.alerts.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateConditionTest {

    @ParameterizedTest(name = "[{index}] {0}/{1}, below {2}, recover_above {3}, min_samples {4}, confidence {5} -> {6}")
    @CsvSource(textBlock = """
            # Point estimate, band [0.90, 0.95]
            80,  100, 0.90, 0.95, 0,  , BREACH
            92,  100, 0.90, 0.95, 0,  , HOLD
            99,  100, 0.90, 0.95, 0,  , CLEAR
            # Exactly at the thresholds: at below is not a breach, at recover_above is not yet a clear
            90,  100, 0.90, 0.95, 0,  , HOLD
            95,  100, 0.90, 0.95, 0,  , HOLD
            89,  100, 0.90, 0.95, 0,  , BREACH
            96,  100, 0.90, 0.95, 0,  , CLEAR
            # No band: at the threshold counts as recovered, so nothing can hold forever
            90,  100, 0.90, 0.90, 0,  , CLEAR
            89,  100, 0.90, 0.90, 0,  , BREACH
            # Extremes
            0,   10,  0.00, 0.00, 0,  , CLEAR
            10,  10,  1.00, 1.00, 0,  , CLEAR
            9,   10,  1.00, 1.00, 0,  , BREACH
            # min_samples: too few trials neither breach nor clear
            0,   9,   0.90, 0.95, 10, , HOLD
            9,   9,   0.90, 0.95, 10, , HOLD
            0,   10,  0.90, 0.95, 10, , BREACH
            10,  10,  0.90, 0.95, 10, , CLEAR
            # No trials at all say nothing, even without min_samples
            0,   0,   0.90, 0.95, 0,  , HOLD
            # Confidence: small samples cannot breach or clear on luck. 2/3 and 8/10 are below 0.9, but their
            # 95% Wilson upper bounds (0.9385, 0.9433) are not
            2,   3,   0.90, 0.95, 0,  ,     BREACH
            2,   3,   0.90, 0.95, 0,  0.95, HOLD
            8,   10,  0.90, 0.95, 0,  ,     BREACH
            8,   10,  0.90, 0.95, 0,  0.95, HOLD
            # ...whereas three failures in three is evidence enough: the upper bound of 0/3 is 0.5615
            0,   3,   0.90, 0.95, 0,  0.95, BREACH
            3,   3,   0.50, 0.50, 0,  0.95, HOLD
            0,   30,  0.90, 0.95, 0,  0.95, BREACH
            700, 1000, 0.80, 0.90, 0, 0.95, BREACH
            990, 1000, 0.90, 0.95, 0, 0.95, CLEAR
            # ...and a point estimate just inside the band is HOLD with or without it
            85,  100, 0.80, 0.90, 0,  0.95, HOLD
            # Higher confidence is more cautious: 20/30 (upper 0.789 at 90%, 0.839 at 99%) against 0.82
            20,  30,  0.82, 0.90, 0,  0.90, BREACH
            20,  30,  0.82, 0.90, 0,  0.99, HOLD
            # Both gates at once: enough evidence, but not enough samples
            0,   30,  0.90, 0.95, 50, 0.95, HOLD
            """)
    void classifiesARate(long successes, long trials, double below, double recoverAbove, long minSamples,
                         Double confidence, Signal expected) {
        RateCondition condition = new RateCondition(below, recoverAbove, minSamples, confidence);
        assertThat(condition.evaluate(successes, trials)).isEqualTo(expected);
    }

    /**
     * The 95% Wilson bounds, seen through the thresholds they are compared with. Reference values: Newcombe (1998),
     * Statistics in Medicine 17:857-872, table I (81/263 -> [0.2553, 0.3662], 15/148 -> [0.0624, 0.1605],
     * 0/20 -> [0, 0.1611], 1/29 -> [0.0061, 0.1718]).
     */
    @ParameterizedTest(name = "[{index}] {0}/{1}: upper bound {2}, lower bound {3}")
    @CsvSource(textBlock = """
            81, 263, 0.3662, 0.2553
            15, 148, 0.1605, 0.0624
            0,  20,  0.1611, 0.0000
            1,  29,  0.1718, 0.0061
            """)
    void comparesTheWilsonBoundsAtNinetyFivePercent(long successes, long trials, double upper, double lower) {
        double slack = 0.00006;
        assertThat(ninetyFive(upper + slack, 1).evaluate(successes, trials)).isEqualTo(Signal.BREACH);
        assertThat(ninetyFive(upper - slack, 1).evaluate(successes, trials)).isEqualTo(Signal.HOLD);
        if (lower > 0) {
            assertThat(ninetyFive(0, lower - slack).evaluate(successes, trials)).isEqualTo(Signal.CLEAR);
        }
        assertThat(ninetyFive(0, lower + slack).evaluate(successes, trials)).isEqualTo(Signal.HOLD);
    }

    @ParameterizedTest(name = "[{index}] confidence {0} -> z {1}")
    @CsvSource({"0.80, 1.2815516", "0.90, 1.6448536", "0.95, 1.9599640", "0.99, 2.5758293", "0.999, 3.2905267",
            "0.9999, 3.8905919"})
    void derivesTwoSidedZFromTheConfidence(double confidence, double z) {
        assertThat(RateCondition.twoSidedZ(confidence)).isCloseTo(z, within(1e-6));
    }

    @ParameterizedTest(name = "[{index}] below {0}, recover_above {1}, min_samples {2}, confidence {3} -> {4}")
    @CsvSource(textBlock = """
            -0.1, 0.5,  0,  ,     below
            1.1,  1.1,  0,  ,     below
            NaN,  0.5,  0,  ,     below
            0.9,  0.8,  0,  ,     recover_above
            0.9,  1.01, 0,  ,     recover_above
            0.9,  NaN,  0,  ,     recover_above
            0.9,  0.95, -1, ,     min_samples
            0.9,  0.95, 0,  0.5,  confidence
            0.9,  0.95, 0,  1.0,  confidence
            0.9,  0.95, 0,  0.3,  confidence
            0.9,  0.95, 0,  NaN,  confidence
            """)
    void rejectsInvalidThresholdsNamingTheField(double below, double recoverAbove, long minSamples,
                                                 Double confidence, String field) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RateCondition(below, recoverAbove, minSamples, confidence))
                .withMessageStartingWith(field + " ");
    }

    @ParameterizedTest(name = "[{index}] {0}/{1}")
    @CsvSource({"-1, 10", "11, 10", "0, -1"})
    void rejectsImpossibleCounts(long successes, long trials) {
        RateCondition condition = new RateCondition(0.9, 0.95, 0, null);
        assertThatIllegalArgumentException().isThrownBy(() -> condition.evaluate(successes, trials));
    }

    @ParameterizedTest(name = "[{index}] baseline {0} - {1}pp / {2}pp -> below {3}, recover_above {4}")
    @CsvSource(textBlock = """
            0.95, 5,   2,   0.90, 0.93
            0.95, 5,   5,   0.90, 0.90
            0.80, 0,   0,   0.80, 0.80
            0.95, 10,  0.5, 0.85, 0.945
            0.03, 5,   1,   0.00, 0.02
            0.03, 5,   4,   0.00, 0.00
            1.00, 100, 50,  0.00, 0.50
            """)
    void derivesThresholdsFromABaseline(double baseline, double dropPp, double recoverPp, double below,
                                        double recoverAbove) {
        RateCondition condition = RateCondition.dropFromBaseline(baseline, dropPp, recoverPp, 20, 0.95);
        assertThat(condition).isEqualTo(new RateCondition(below, recoverAbove, 20, 0.95));
    }

    @ParameterizedTest(name = "[{index}] baseline {0} - {1}pp / {2}pp -> {3}")
    @CsvSource(textBlock = """
            1.2,  5,  2,  baseline
            -0.1, 5,  2,  baseline
            0.95, -1, 0,  drop_pp
            0.95, 5,  6,  recover_pp
            0.95, 5,  -1, recover_pp
            """)
    void rejectsInvalidBaselineDrops(double baseline, double dropPp, double recoverPp, String field) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RateCondition.dropFromBaseline(baseline, dropPp, recoverPp, 0, null))
                .withMessageStartingWith(field + " ");
    }

    private static RateCondition ninetyFive(double below, double recoverAbove) {
        return new RateCondition(below, Math.max(below, recoverAbove), 0, 0.95);
    }
}
