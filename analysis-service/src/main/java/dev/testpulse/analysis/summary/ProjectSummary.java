package dev.testpulse.analysis.summary;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.testpulse.analysis.goals.Standing;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.owners.OwnersStore;

/**
 * A project's success rate over a window, overall and per suite, each next to its baseline and target; and how many
 * of its tests no ownership rule matches ({@code owners.unmatched}, issue 29).
 */
public record ProjectSummary(String project, String window, String branch, Standing overall, List<SuiteSummary> suites,
        OwnersStore.Coverage owners, MutedFailures muted) {

    /**
     * Failures of tests that ran muted (issue 27): counted in every rate above, as they happened; here how many the
     * build ignored, per suite, and the rate they would leave without them, so a quarantine never makes a number
     * silently better.
     */
    public record MutedFailures(long failures, Map<String, Long> suites, Double successRateWithout, Double successRateWithoutPct) {

        public static MutedFailures of(Counts overall, Map<String, Long> suites) {
            long failures = suites.values().stream().mapToLong(Long::longValue).sum();
            long failed = Math.max(0, overall.failed() - failures);
            long error = Math.max(0, overall.error() - Math.max(0, failures - overall.failed()));
            Rate without = Rate.of(new Counts(overall.passed(), failed, error, overall.skipped()));
            return new MutedFailures(failures, suites, without.successRate(), without.successRatePct());
        }
    }

    /** One suite's standing. */
    public record SuiteSummary(String suite, @JsonUnwrapped Standing standing) {
    }
}
