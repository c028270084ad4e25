package dev.testpulse.analysis.rates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateTest {

    @ParameterizedTest(name = "{0}p {1}f {2}e {3}s -> {4}%")
    @CsvSource(nullValues = "null", value = {
            "25, 14, 0, 0, 64.1",
            "15, 10, 0, 0, 60.0",
            "10, 4, 0, 0, 71.4",
            "10, 0, 0, 90, 100.0",
            "1, 1, 1, 0, 33.3",
            "0, 0, 0, 5, null",
            "0, 0, 0, 0, null"})
    void ratesPassedOverExecutedNeverCountingSkipped(long passed, long failed, long error, long skipped, Double pct) {
        Rate rate = Rate.of(new Counts(passed, failed, error, skipped));
        assertThat(rate.successRatePct()).isEqualTo(pct);
        assertThat(rate.executed()).isEqualTo(passed + failed + error);
        assertThat(rate.total()).isEqualTo(passed + failed + error + skipped);
        assertThat(rate.interval() == null).isEqualTo(pct == null);
    }
}
