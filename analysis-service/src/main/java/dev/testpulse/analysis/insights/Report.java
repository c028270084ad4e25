package dev.testpulse.analysis.insights;

import java.time.Instant;
import java.util.List;

import dev.testpulse.analysis.summary.ProjectSummary;
import dev.testpulse.analysis.summary.ProjectSummary.SuiteSummary;
import dev.testpulse.analysis.goals.Coverage;
import dev.testpulse.analysis.goals.Standing;

/**
 * The validation report of a project over a window: current rate against baseline and target, per suite, failure
 * groups with their projected impact, critical and flaky tests, and what reaching the target would take.
 * {@code coverage} says how much of the baseline's test set was measured (null without a baseline); suites are
 * listed worst first. {@code muted}: the failures of tests that ran muted, counted in every rate (issue 27).
 */
public record Report(String project, String window, String branch, Instant generatedAt, Standing overall, Coverage coverage,
        List<SuiteSummary> suites, List<FailureGroup> failureGroups, List<CriticalTest> criticalTests,
        List<FlakyTest> flakyTests, TargetPlan toTarget, ProjectSummary.MutedFailures muted) {

    public Report(String project, String window, String branch, Instant generatedAt, Standing overall, Coverage coverage,
            List<SuiteSummary> suites, List<FailureGroup> failureGroups, List<CriticalTest> criticalTests,
            List<FlakyTest> flakyTests, TargetPlan toTarget) {
        this(project, window, branch, generatedAt, overall, coverage, suites, failureGroups, criticalTests, flakyTests, toTarget, null);
    }
}
