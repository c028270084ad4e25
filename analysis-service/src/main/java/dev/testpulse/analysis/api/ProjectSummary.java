package dev.testpulse.analysis.api;

import java.util.List;

import dev.testpulse.analysis.rates.Rate;

/** A project's success rate overall and per suite. */
public record ProjectSummary(String project, Rate overall, List<SuiteSummary> suites) {

    /** One suite's rate. */
    public record SuiteSummary(String suite, Rate rate) {
    }
}
