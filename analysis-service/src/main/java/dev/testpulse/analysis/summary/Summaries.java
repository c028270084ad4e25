package dev.testpulse.analysis.summary;

import dev.testpulse.analysis.summary.ProjectSummary;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.goals.Baseline;
import dev.testpulse.analysis.goals.GoalStore;
import dev.testpulse.analysis.goals.Standing;
import dev.testpulse.analysis.goals.Target;
import dev.testpulse.analysis.owners.OwnersStore;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.windows.Window;
import dev.testpulse.analysis.windows.WindowedCounts;

/** Builds a project's summary over a window: the one place rates meet their baselines and targets. */
@ApplicationScoped
public class Summaries {

    private final WindowedCounts counts;
    private final GoalStore goals;
    private final OwnersStore owners;

    public Summaries(WindowedCounts counts, GoalStore goals, OwnersStore owners) {
        this.counts = counts;
        this.goals = goals;
        this.owners = owners;
    }

    public ProjectSummary summary(String project, String branch, Window window, Instant now) throws SQLException {
        Map<String, Counts> suites = counts.suites(project, branch, window, now);
        Map<String, Baseline> baselines = goals.baselines(project);
        Map<String, Target> targets = goals.targets(project);
        Counts overall = suites.values().stream().reduce(Counts.ZERO, Counts::plus);
        return new ProjectSummary(project, window.label(), branch,
                Standing.of(Rate.of(overall), baselines.get(GoalStore.PROJECT), targets.get(GoalStore.PROJECT)),
                suites.entrySet().stream().map(suite -> new ProjectSummary.SuiteSummary(suite.getKey(), Standing.of(
                        Rate.of(suite.getValue()), baselines.get(suite.getKey()), targets.get(suite.getKey())))).toList(),
                owners.coverage(project), ProjectSummary.MutedFailures.of(overall, counts.mutedFailures(project, branch, window, now)));
    }
}
