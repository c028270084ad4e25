package dev.testpulse.analysis.summary;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.testpulse.analysis.goals.Standing;

/** A project's success rate over a window, overall and per suite, each next to its baseline and target. */
public record ProjectSummary(String project, String window, String branch, Standing overall, List<SuiteSummary> suites) {

    /** One suite's standing. */
    public record SuiteSummary(String suite, @JsonUnwrapped Standing standing) {
    }
}
