package dev.testpulse.analysis.insights;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.summary.ProjectSummary;
import dev.testpulse.analysis.summary.ProjectSummary.SuiteSummary;
import dev.testpulse.analysis.summary.Summaries;
import dev.testpulse.analysis.goals.Coverage;
import dev.testpulse.analysis.goals.GoalStore;
import dev.testpulse.analysis.goals.Standing;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.windows.Window;
import dev.testpulse.analysis.windows.WindowedCounts;
import dev.testpulse.analysis.windows.WindowedCounts.TestId;

/** Assembles the report from the summary and the insights, all over the same window, branch and moment. */
@ApplicationScoped
public class ReportBuilder {

    private final Summaries summaries;
    private final FailureGroups groups;
    private final FlakyTests flaky;
    private final CriticalTests critical;
    private final ProjectSettingsStore settings;
    private final GoalStore goals;
    private final WindowedCounts windowed;

    public ReportBuilder(Summaries summaries, FailureGroups groups, FlakyTests flaky, CriticalTests critical,
            ProjectSettingsStore settings, GoalStore goals, WindowedCounts windowed) {
        this.goals = goals;
        this.windowed = windowed;
        this.summaries = summaries;
        this.groups = groups;
        this.flaky = flaky;
        this.critical = critical;
        this.settings = settings;
    }

    public Report build(String project, String branch, Window window) throws SQLException {
        Instant now = Instant.now();
        ProjectSummary summary = summaries.summary(project, branch, window, now);
        Counts counts = counts(summary.overall().rate());
        List<FailureGroup> failureGroups = groups.groups(project, null, branch, window, now, counts);
        TargetPlan plan = summary.overall().target() == null ? null
                : TargetPlan.of(counts, summary.overall().target().rate(), failureGroups);
        return new Report(project, window.label(), branch, now, summary.overall(),
                coverage(project, branch, window, now, summary.overall()), worstFirst(summary.suites()), failureGroups,
                critical.find(project, branch, window, now, settings.get(project).criticalTests()),
                flaky.find(project, null, branch, window, now), plan, summary.muted());
    }

    private Coverage coverage(String project, String branch, Window window, Instant now, Standing overall)
            throws SQLException {
        if (overall.baseline() == null) {
            return null;
        }
        Set<TestId> baselineTests = goals.baselineTests(project, GoalStore.PROJECT);
        Set<TestId> measured = baselineTests.isEmpty() ? Set.of() : windowed.measuredTests(project, null, branch, window, now);
        return Coverage.of(overall.baseline(), baselineTests, measured, overall.rate().executed());
    }

    /** Lowest rate first, then most failures and errors; suites where nothing was executed last, then by name. */
    static List<SuiteSummary> worstFirst(List<SuiteSummary> suites) {
        Comparator<SuiteSummary> byRate = Comparator.comparing(s -> s.standing().rate().successRate(),
                Comparator.nullsLast(Comparator.naturalOrder()));
        return suites.stream().sorted(byRate
                .thenComparing(s -> s.standing().rate().failed() + s.standing().rate().error(), Comparator.reverseOrder())
                .thenComparing(SuiteSummary::suite)).toList();
    }

    static Counts counts(Rate rate) {
        return new Counts(rate.passed(), rate.failed(), rate.error(), rate.skipped());
    }
}
