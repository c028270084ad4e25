package dev.testpulse.analysis.insights;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.api.ProjectSummary;
import dev.testpulse.analysis.api.Summaries;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.windows.Window;

/** Assembles the report from the summary and the insights, all over the same window, branch and moment. */
@ApplicationScoped
public class ReportBuilder {

    private final Summaries summaries;
    private final FailureGroups groups;
    private final FlakyTests flaky;
    private final CriticalTests critical;
    private final ProjectSettingsStore settings;

    public ReportBuilder(Summaries summaries, FailureGroups groups, FlakyTests flaky, CriticalTests critical,
            ProjectSettingsStore settings) {
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
        return new Report(project, window.label(), branch, now, summary.overall(), summary.suites(), failureGroups,
                critical.find(project, branch, window, now, settings.get(project).criticalTests()),
                flaky.find(project, null, branch, window, now), plan);
    }

    static Counts counts(Rate rate) {
        return new Counts(rate.passed(), rate.failed(), rate.error(), rate.skipped());
    }
}
