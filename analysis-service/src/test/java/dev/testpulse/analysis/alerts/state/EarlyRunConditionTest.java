package dev.testpulse.analysis.alerts.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.testpulse.analysis.rates.WilsonInterval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EarlyRunConditionTest {

    @ParameterizedTest(name = "[{index}] below {0}, confidence {1}, min_samples {2} -> {3}")
    @CsvSource(textBlock = """
            0,    0.99, 50, below
            1.01, 0.99, 50, below
            NaN,  0.99, 50, below
            0.9,  0.5,  50, confidence
            0.9,  1,    50, confidence
            0.9,  NaN,  50, confidence
            0.9,  0.99, 0,  min_samples
            0.9,  0.99, -1, min_samples
            """)
    void rejectsInvalidFieldsNamingThem(double below, double confidence, long minSamples, String field) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EarlyRunCondition.of(below, confidence, minSamples))
                .withMessageStartingWith(field + " ");
    }

    @ParameterizedTest
    @CsvSource({"-1", "100", "NaN"})
    void rejectsInvalidFailedPct(double failedPct) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EarlyRunCondition.forIncident(failedPct, 0.99, 50))
                .withMessageStartingWith("failed_pct ");
    }

    @Test
    void rejectsImpossibleCounts() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);
        assertThatIllegalArgumentException().isThrownBy(() -> condition.breachedSoFar(101, 100));
        assertThatIllegalArgumentException().isThrownBy(() -> condition.breachedSoFar(-1, 100));
    }

    @Test
    void nothingFiresBeforeMinSamplesHoweverBad() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);

        assertThat(condition.breachedSoFar(0, 49)).isFalse();
        assertThat(condition.upperBound(0, 49)).isEmpty();
        assertThat(condition.breachedSoFar(0, 50)).isTrue();
    }

    @Test
    void aClearlyBadRunFires() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.999, 50);

        // 60% passing over 200 tests: the corrected bound is still far below 0.9.
        assertThat(condition.breachedSoFar(120, 200)).isTrue();
        assertThat(condition.upperBound(120, 200).getAsDouble()).isLessThan(0.9);
    }

    @Test
    void aClearlyGoodRunNeverFires() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);

        for (long executed = 50; executed <= 100_000; executed += 10) {
            long passed = Math.round(executed * 0.95);
            assertThat(condition.breachedSoFar(passed, executed)).as("%d/%d", passed, executed).isFalse();
        }
    }

    @Test
    void aRunJustBelowTheThresholdDoesNotFireOnAFewSamples() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);

        // 85% is below 0.9, but 50 tests cannot tell it from 0.9 with the corrected z.
        assertThat(condition.breachedSoFar(42, 50)).isFalse();
    }

    @Test
    void incidentFiresOnAConfidentlyHighFailedShare() {
        EarlyRunCondition condition = EarlyRunCondition.forIncident(80, 0.99, 50);

        assertThat(condition.below()).isCloseTo(0.2, within(1e-12));
        assertThat(condition.breachedSoFar(5, 200)).isTrue();
        assertThat(condition.breachedSoFar(50, 200)).isFalse();
    }

    @Test
    void withoutAFinishedRunToSizeItThereIsNoEarlyVerdict() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);

        assertThat(condition.breachedSoFar(0, 500)).isTrue();
        assertThat(condition.breached(0, 500, 0)).isFalse();
    }

    @Test
    void aRunBadSoFarFiresOnlyOnceItCannotEndHealthy() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);

        // Recent runs had at most 1,000 tests, so this one may end at 1,100: healthy means at most 110 failures.
        assertThat(EarlyRunCondition.largestEnd(200, 1000)).isEqualTo(1100);
        assertThat(condition.breachedSoFar(90, 200)).isTrue();
        assertThat(condition.breached(90, 200, 1000)).as("110 failed of 1,100 would still be 90%").isFalse();
        assertThat(EarlyRunCondition.bestFinalRate(90, 200, 1000)).isEqualTo(0.9);
        assertThat(condition.breached(89, 200, 1000)).as("111 failed").isTrue();
    }

    @Test
    void aRunLargerThanItsHistoryKeepsTheSlackAhead() {
        // 2,000 executed where recent runs had 1,000: it may still grow by 100, so 100 more passes are assumed.
        assertThat(EarlyRunCondition.largestEnd(2000, 1000)).isEqualTo(2100);
        assertThat(EarlyRunCondition.bestFinalRate(1700, 2000, 1000)).isEqualTo(1800.0 / 2100);
    }

    @Test
    void theEndCriterionNeedsTheRunSoFarToBeConfidentlyBadToo() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);

        // 49 tests, all failed, of a job that runs 50: it cannot end healthy, but min_samples is not reached.
        assertThat(EarlyRunCondition.bestFinalRate(0, 49, 50)).isLessThan(0.9);
        assertThat(condition.breached(0, 49, 50)).isFalse();
    }

    @Test
    void looksCountDoublingsOfMinSamples() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);

        assertThat(condition.look(49)).isZero();
        assertThat(condition.look(50)).isEqualTo(1);
        assertThat(condition.look(99)).isEqualTo(1);
        assertThat(condition.look(100)).isEqualTo(2);
        assertThat(condition.look(199)).isEqualTo(2);
        assertThat(condition.look(200)).isEqualTo(3);
        assertThat(condition.look(50L * 1024)).isEqualTo(11);
    }

    /**
     * What is tested: z grows strictly with the look index (later looks spend less alpha), it is constant within
     * a look, and every look's z exceeds the uncorrected one-sided z at {@code confidence}, so the corrected bound
     * is never looser than a single fixed look at the same counts.
     */
    @Test
    void laterLooksAreStricterAndEveryLookIsStricterThanAFixedBound() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);
        double fixedZ = InverseNormal.upperTail(0.01);

        double previous = fixedZ;
        for (int look = 1; look <= 20; look++) {
            double z = condition.zForLook(look);
            assertThat(z).as("look %d", look).isGreaterThan(previous);
            previous = z;
        }
        assertThat(condition.z(100)).isEqualTo(condition.z(199));
        for (long executed = 50; executed <= 10_000; executed += 7) {
            long passed = Math.round(executed * 0.88);
            double fixed = WilsonInterval.of(passed, executed, fixedZ).upper();
            assertThat(condition.upperBound(passed, executed).getAsDouble()).isGreaterThan(fixed);
        }
    }

    @Test
    void firstLookZFollowsTheDocumentedFormula() {
        EarlyRunCondition condition = EarlyRunCondition.of(0.9, 0.99, 50);

        // alpha_1 = 0.01·6/π² = 0.0060793; z_1 = √2·Φ⁻¹(1 − alpha_1/2) = √2·2.743475
        assertThat(condition.zForLook(1)).isCloseTo(Math.sqrt(2) * 2.743475, within(1e-5));
    }

    @ParameterizedTest(name = "[{index}] Φ⁻¹({0}) = {1}")
    @CsvSource({
            "0.5,    0",
            "0.975,  1.959964",
            "0.995,  2.575829",
            "0.9995, 3.290527",
            "0.025,  -1.959964",
            "0.01,   -2.326348",
    })
    void inverseNormalMatchesKnownQuantiles(double p, double z) {
        assertThat(InverseNormal.quantile(p)).isCloseTo(z, within(1e-6));
    }

    @ParameterizedTest(name = "[{index}] upper tail {0} -> z {1}")
    @CsvSource({
            "0.025,  1.959964",
            "0.0005, 3.290527",
            "1e-6,   4.753424",
            "1e-9,   5.997807",
    })
    void upperTailMatchesKnownQuantiles(double tail, double z) {
        assertThat(InverseNormal.upperTail(tail)).isCloseTo(z, within(1e-6));
    }
}
