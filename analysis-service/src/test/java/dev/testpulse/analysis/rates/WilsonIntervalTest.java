package dev.testpulse.analysis.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WilsonIntervalTest {

    /** Reference values: Newcombe (1998), Statistics in Medicine 17:857-872, table I (score method, no correction). */
    @ParameterizedTest(name = "{0}/{1} -> [{2}, {3}]")
    @CsvSource({
            "81, 263, 0.2553, 0.3662",
            "15, 148, 0.0624, 0.1605",
            "0, 20, 0.0000, 0.1611",
            "1, 29, 0.0061, 0.1718"})
    void matchesPublishedReferenceValues(long successes, long trials, double lower, double upper) {
        WilsonInterval interval = WilsonInterval.of(successes, trials);
        assertThat(interval.lower()).isCloseTo(lower, within(0.00005));
        assertThat(interval.upper()).isCloseTo(upper, within(0.00005));
    }

    @ParameterizedTest(name = "{0}/{1} stays within [0, 1] and holds the estimate")
    @CsvSource({"0, 1", "1, 1", "25, 39", "999, 1000", "1, 1000000"})
    void containsTheEstimateAndStaysInRange(long successes, long trials) {
        WilsonInterval interval = WilsonInterval.of(successes, trials);
        double estimate = (double) successes / trials;
        assertThat(interval.lower()).isBetween(0.0, estimate);
        assertThat(interval.upper()).isBetween(estimate, 1.0);
    }

    @Test
    void hasNoIntervalWithoutTrials() {
        assertThat(WilsonInterval.of(0, 0)).isNull();
    }

    @Test
    void narrowsAsSamplesGrow() {
        WilsonInterval small = WilsonInterval.of(5, 10);
        WilsonInterval large = WilsonInterval.of(500, 1000);
        assertThat(large.upper() - large.lower()).isLessThan((small.upper() - small.lower()) / 5);
    }
}
