package dev.testpulse.analysis.summary;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.testpulse.analysis.goals.Standing;
import dev.testpulse.analysis.owners.OwnersStore;

/**
 * A project's success rate over a window, overall and per suite, each next to its baseline and target; and how many
 * of its tests no ownership rule matches ({@code owners.unmatched}, issue 29).
 */
public record ProjectSummary(String project, String window, String branch, Standing overall, List<SuiteSummary> suites,
        OwnersStore.Coverage owners) {

    /** One suite's standing. */
    public record SuiteSummary(String suite, @JsonUnwrapped Standing standing) {
    }
}
