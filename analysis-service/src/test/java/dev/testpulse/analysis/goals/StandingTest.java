package dev.testpulse.analysis.goals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;

class StandingTest {

    /** The design's own example first: 25/39 = 64.1%, +20.6 pp over a 43.5% baseline, 91.6% of a 70% target. */
    @ParameterizedTest(name = "{0}/{1} vs baseline {2}, target {3} -> {4} pp, {5}%")
    @CsvSource(nullValues = "null", value = {
            "25, 39, 0.435, 0.70, 20.6, 91.6",
            "15, 25, 0.60, 0.60, 0.0, 100.0",
            "10, 14, 0.90, 0.50, -18.6, 142.9",
            "0, 10, 0.25, 0.80, -25.0, 0.0",
            "10, 10, null, 0.95, null, 105.3",
            "7, 10, 0.70, null, 0.0, null",
            "0, 0, 0.50, 0.50, null, null"})
    void comparesWithBaselineInPointsAndTargetAsAttainment(long passed, long executed, Double baseline, Double target,
            Double deltaPp, Double attainmentPct) {
        Rate rate = Rate.of(new Counts(passed, executed - passed, 0, 3));
        Standing standing = Standing.of(rate,
                baseline == null ? null : new Baseline(baseline, null, Baseline.EXPLICIT, null, null, Instant.EPOCH),
                target == null ? null : new Target(target, Instant.EPOCH));
        assertThat(standing.deltaPp()).isEqualTo(deltaPp);
        assertThat(standing.attainmentPct()).isEqualTo(attainmentPct);
    }
}
