package dev.testpulse.analysis.alerts.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.analysis.alerts.state.RateCondition;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.rates.Counts;

class BaselineDropConfidenceTest {

    /**
     * A baseline of 485/1,116 (43.5%). With counts and a confidence, the drop must hold for the Newcombe interval of
     * the difference; a bare baseline of the same rate only weighs the current Wilson interval, so it fires sooner.
     */
    @ParameterizedTest(name = "{0}/{1}, drop {2} pp, confidence {3}: with counts {4}, bare {5}")
    @CsvSource(nullValues = "null", textBlock = """
            10,  39, 0,  0.95, BREACH, BREACH
            14,  39, 0,  0.95, HOLD,   HOLD
            400, 1116, 0, 0.95, BREACH, BREACH
            446, 1116, 0, 0.95, HOLD,   BREACH
            420, 1116, 0, null, BREACH, BREACH
            420, 1116, 5, 0.95, HOLD,   HOLD
            485, 1116, 0, 0.95, HOLD,   HOLD
            600, 1116, 0, 0.95, CLEAR,  CLEAR
            """)
    void requiresTheDifferenceIntervalToExcludeTheDrop(long passed, long executed, double dropPp, Double confidence,
            Signal withCounts, Signal bare) {
        double rate = 485.0 / 1116;
        RateCondition counted = RateCondition.dropFromBaseline(rate, new Counts(485, 631, 0, 0), dropPp, 0, 0, confidence);
        RateCondition exact = RateCondition.dropFromBaseline(rate, dropPp, 0, 0, confidence);

        assertThat(counted.evaluate(passed, executed)).isEqualTo(withCounts);
        assertThat(exact.evaluate(passed, executed)).isEqualTo(bare);
    }
}
