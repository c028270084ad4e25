package dev.testpulse.analysis.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.summary.ProjectSummary.SuiteSummary;
import dev.testpulse.analysis.goals.Standing;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;

class SuiteOrderTest {

    @Test
    void listsTheLowestRateFirstThenTheMostFailuresThenSuitesWithoutARate() {
        List<SuiteSummary> suites = List.of(suite("fine", 9, 1), suite("skipped-only", 0, 0), suite("half-small", 1, 1),
                suite("half-big", 10, 10), suite("broken", 0, 3), suite("also-fine", 9, 1));

        assertThat(ReportBuilder.worstFirst(suites)).extracting(SuiteSummary::suite)
                .containsExactly("broken", "half-big", "half-small", "also-fine", "fine", "skipped-only");
    }

    private static SuiteSummary suite(String name, long passed, long failed) {
        return new SuiteSummary(name, Standing.of(Rate.of(new Counts(passed, failed, 0, 1)), null, null));
    }
}
