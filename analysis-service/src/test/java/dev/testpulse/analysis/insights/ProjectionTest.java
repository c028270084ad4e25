package dev.testpulse.analysis.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.analysis.rates.Counts;

class ProjectionTest {

    @ParameterizedTest(name = "{0}/{1} with {2} fixed -> {3}% (+{4} pp)")
    @CsvSource(nullValues = "null", value = {
            "13, 21, 3, 76.2, 14.3",
            "13, 21, 2, 71.4, 9.5",
            "13, 21, 1, 66.7, 4.8",
            "13, 21, 0, 61.9, 0.0",
            "0, 5, 5, 100.0, 100.0",
            "0, 0, 0, null, null"})
    void projectsTheRateIfAGroupWereFixed(long passed, long executed, long fixed, Double ratePct, Double gainPp) {
        Counts counts = new Counts(passed, executed - passed, 0, 7);
        assertThat(Projection.ratePctIfFixed(counts, fixed)).isEqualTo(ratePct);
        assertThat(Projection.gainPp(counts, fixed)).isEqualTo(gainPp);
    }

    @ParameterizedTest(name = "{0}/{1} to {2} needs {3} more passes")
    @CsvSource({
            "13, 21, 0.70, 2",
            "14, 20, 0.70, 0",
            "13, 20, 0.70, 1",
            "0, 10, 1.00, 10",
            "99, 100, 0.99, 0",
            "98, 100, 0.99, 1",
            "5, 7, 0.7142857, 0",
            "0, 0, 0.90, 0"})
    void countsThePassesATargetStillNeeds(long passed, long executed, double target, long needed) {
        assertThat(Projection.passesToReach(new Counts(passed, executed - passed, 0, 0), target)).isEqualTo(needed);
    }

    @ParameterizedTest(name = "target {0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "0.70 | false | 2 | g1,g2,g3 | 1 | 76.2",
            "0.80 | false | 4 | ''       | 2 | 85.7",
            "0.99 | false | 8 | ''       | 4 | 100.0",
            "0.60 | true  | 0 | ''       | null | null"})
    void plansWhichGroupsReachTheTarget(double target, boolean reached, long needed, String alone, Integer together, Double ratePct) {
        List<FailureGroup> byCost = List.of(group("g1", 3), group("g2", 2), group("g3", 2), group("g4", 1));
        TargetPlan plan = TargetPlan.of(new Counts(13, 5, 3, 2), target, byCost);
        assertThat(plan.reached()).isEqualTo(reached);
        assertThat(plan.passesNeeded()).isEqualTo(needed);
        assertThat(plan.groupsReachingAlone()).isEqualTo(alone.isEmpty() ? List.of() : List.of(alone.split(",")));
        assertThat(plan.costliestGroupsNeeded()).isEqualTo(together);
        assertThat(plan.ratePctWithThoseFixed()).isEqualTo(ratePct);
    }

    private static FailureGroup group(String signature, long failures) {
        return new FailureGroup(signature, "E", "m", failures, 1, List.of("s"), Instant.EPOCH, Instant.EPOCH, "m", "t", null, null, null);
    }
}
