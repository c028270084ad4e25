package dev.testpulse.analysis.insights;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.testpulse.analysis.goals.Baseline;
import dev.testpulse.analysis.goals.Comparison;
import dev.testpulse.analysis.goals.Coverage;
import dev.testpulse.analysis.goals.Standing;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.rates.WilsonInterval;
import dev.testpulse.analysis.summary.ProjectSummary.SuiteSummary;
import dev.testpulse.analysis.summary.ProjectSummary;

/**
 * Renders a {@link Report} as Markdown a team lead can paste into a pull request; every number has one decimal. Text
 * that comes from users (project, suite, test names, messages, branches) only ever appears inside a code span, so a
 * test name cannot carry HTML, a link, emphasis or a line break into the pasted report.
 */
public final class ReportMarkdown {

    static final int SUITES_SHOWN = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ReportMarkdown() {
    }

    public static String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Test report: ").append(code(report.project())).append("\n\n");
        md.append("Window ").append(report.window()).append(", ")
                .append(report.branch() == null ? "all branches" : "branch " + code(report.branch()))
                .append(", generated ").append(TIME.format(report.generatedAt())).append(".\n\n");
        overall(md, report.overall());
        muted(md, report.muted());
        coverage(md, report.coverage());
        suites(md, report.suites());
        groups(md, report.failureGroups());
        critical(md, report.criticalTests());
        flaky(md, report.flakyTests());
        target(md, report);
        return md.toString();
    }

    /** Muted failures are in the rate above; said here so a quarantine never makes the number silently better. */
    private static void muted(StringBuilder md, ProjectSummary.MutedFailures muted) {
        if (muted == null || muted.failures() == 0) {
            return;
        }
        md.append("**").append(muted.failures()).append(muted.failures() == 1 ? " failure" : " failures")
                .append(" muted** (the tests ran muted, so the build ignored them; counted in the rate above). Without them: ")
                .append(pct(muted.successRateWithoutPct())).append(".\n\n");
    }

    private static void overall(StringBuilder md, Standing overall) {
        Rate rate = overall.rate();
        md.append("**Success rate: ").append(pct(rate.successRatePct())).append("** (").append(rate.passed())
                .append(" passed of ").append(rate.executed()).append(" executed; ").append(rate.failed()).append(" failed, ")
                .append(rate.error()).append(" errors, ").append(rate.skipped()).append(" skipped)");
        if (rate.interval() != null) {
            md.append(", 95% interval ").append(pct(rate.interval().lower() * 100)).append("–").append(pct(rate.interval().upper() * 100));
        }
        md.append(".\n\n");
        StringBuilder goals = new StringBuilder();
        if (overall.baseline() != null) {
            goals.append("Baseline ").append(baseline(overall.baseline())).append(": **").append(pp(overall.deltaPp())).append("**");
            Comparison comparison = overall.comparison();
            if (comparison != null) {
                goals.append(" (95% interval ").append(pp(comparison.lowerPp())).append(" to ").append(pp(comparison.upperPp()))
                        .append(comparison.baselineExact() ? ", the baseline taken as exact" : "").append("): ")
                        .append(comparison.verdict());
            }
            goals.append(". ");
        }
        if (overall.target() != null) {
            goals.append("Target ").append(pct(overall.target().rate() * 100)).append(": **").append(pct(overall.attainmentPct()))
                    .append(" attained**.");
        }
        if (!goals.isEmpty()) {
            md.append(goals.toString().strip()).append("\n\n");
        }
    }

    private static String baseline(Baseline baseline) {
        StringBuilder text = new StringBuilder(pct(baseline.rate() * 100));
        if (baseline.counts() != null) {
            text.append(String.format(Locale.US, " (%,d of %,d", baseline.counts().passed(), baseline.counts().executed()));
            if (baseline.interval() != null) {
                text.append(", 95% interval ").append(pct(baseline.interval().lower() * 100)).append("–")
                        .append(pct(baseline.interval().upper() * 100));
            }
            text.append(')');
        }
        return text.toString();
    }

    private static void coverage(StringBuilder md, Coverage coverage) {
        if (coverage == null) {
            return;
        }
        md.append("Coverage: ").append(coverage.summary()).append('.');
        if (!coverage.suitesNotRun().isEmpty()) {
            md.append(" Suites not run: ").append(String.join(", ", coverage.suitesNotRun().stream().map(ReportMarkdown::cell).toList())).append('.');
        }
        md.append("\n\n");
        if (coverage.sampleTooSmall()) {
            md.append("> **The sample is too small to support this comparison**: fewer than ").append(Coverage.MIN_EXECUTED)
                    .append(" executions, or less than ").append(pct(Coverage.MIN_COVERAGE_PCT))
                    .append(" of the baseline's tests measured.\n\n");
        }
    }

    /** Worst first as the report orders them; more than {@value #SUITES_SHOWN} suites: the worst shown, all behind a fold. */
    private static void suites(StringBuilder md, List<SuiteSummary> suites) {
        md.append("## Suites, worst first\n\n");
        if (suites.size() <= SUITES_SHOWN) {
            suiteTable(md, suites);
            return;
        }
        md.append("The ").append(SUITES_SHOWN).append(" worst of ").append(suites.size()).append(":\n\n");
        suiteTable(md, suites.subList(0, SUITES_SHOWN));
        md.append("<details>\n<summary>All ").append(suites.size()).append(" suites</summary>\n\n");
        suiteTable(md, suites);
        md.append("</details>\n\n");
    }

    private static void suiteTable(StringBuilder md, List<SuiteSummary> suites) {
        md.append("| Suite | Passed | Failed | Errors | Skipped | Executed | Rate | vs baseline |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SuiteSummary suite : suites) {
            Rate rate = suite.standing().rate();
            Comparison comparison = suite.standing().comparison();
            md.append("| ").append(cell(suite.suite())).append(" | ").append(rate.passed()).append(" | ").append(rate.failed())
                    .append(" | ").append(rate.error()).append(" | ").append(rate.skipped()).append(" | ").append(rate.executed())
                    .append(" | ").append(pct(rate.successRatePct())).append(" | ").append(pp(suite.standing().deltaPp()))
                    .append(comparison == null ? "" : " (" + pp(comparison.lowerPp()) + " to " + pp(comparison.upperPp()) + ")")
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void groups(StringBuilder md, List<FailureGroup> groups) {
        md.append("## Failure groups, most costly first\n\n");
        if (groups.isEmpty()) {
            md.append("No failures.\n\n");
            return;
        }
        md.append("| # | Cause | Failures | Tests | Suites | Last seen | If fixed |\n|---:|---|---:|---:|---|---|---:|\n");
        for (int i = 0; i < groups.size(); i++) {
            FailureGroup group = groups.get(i);
            md.append("| ").append(i + 1).append(" | ").append(code(cause(group))).append(" | ").append(group.failures())
                    .append(" | ").append(group.testsHit()).append(" | ").append(cells(group.suites()))
                    .append(" | ").append(TIME.format(group.lastSeen())).append(" | ").append(pct(group.projectedRatePct()))
                    .append(" (").append(pp(group.gainPp())).append(interval(group.projectedInterval())).append(") |\n");
        }
        md.append('\n');
    }

    private static void critical(StringBuilder md, List<CriticalTest> tests) {
        md.append("## Critical tests\n\n");
        if (tests.isEmpty()) {
            md.append("None ran in this window.\n\n");
            return;
        }
        md.append("| Test | Suite | Last status | Failures | Last failure |\n|---|---|---|---:|---|\n");
        for (CriticalTest test : tests) {
            md.append("| ").append(code(name(test.className(), test.name()))).append(" | ").append(cell(test.suite()))
                    .append(" | ").append(test.healthy() ? test.lastStatus() : "**" + test.lastStatus() + "**").append(" | ")
                    .append(test.failures()).append(" of ").append(test.executions()).append(" | ")
                    .append(test.lastFailureMessage() == null ? "" : cell(test.lastFailureMessage())).append(" |\n");
        }
        md.append('\n');
    }

    private static void flaky(StringBuilder md, List<FlakyTest> tests) {
        md.append("## Flaky tests\n\n");
        if (tests.isEmpty()) {
            md.append("None.\n\n");
            return;
        }
        md.append("| Test | Suite | Flake rate | Flaky commits | Last flake | Branches |\n|---|---|---:|---:|---|---|\n");
        for (FlakyTest test : tests) {
            md.append("| ").append(code(name(test.className(), test.name()))).append(" | ").append(cell(test.suite()))
                    .append(" | ").append(pct(test.flakeRatePct())).append(" | ").append(test.flakyCommits()).append(" of ")
                    .append(test.commitsSeen()).append(" | ").append(TIME.format(test.lastFlake())).append(" | ")
                    .append(cells(test.branches())).append(" |\n");
        }
        md.append('\n');
    }

    private static void target(StringBuilder md, Report report) {
        TargetPlan plan = report.toTarget();
        md.append("## To reach the target\n\n");
        if (plan == null) {
            md.append("No target is set (`PUT /api/v1/projects/").append(inCode(report.project())).append("/target`).\n");
            return;
        }
        if (plan.reached()) {
            md.append("The target of ").append(pct(plan.targetPct())).append(" is reached.\n");
            return;
        }
        md.append("Reaching ").append(pct(plan.targetPct())).append(" takes ").append(plan.passesNeeded())
                .append(" more passing test").append(plan.passesNeeded() == 1 ? "" : "s").append(" of ")
                .append(report.overall().rate().executed()).append(" executed. ");
        if (!plan.groupsReachingAlone().isEmpty()) {
            md.append("Fixing any one of failure group").append(plan.groupsReachingAlone().size() == 1 ? " " : "s ")
                    .append(indexes(report.failureGroups(), plan.groupsReachingAlone())).append(" would get there. ");
        } else if (plan.costliestGroupsNeeded() != null) {
            md.append("Fixing the ").append(plan.costliestGroupsNeeded()).append(" costliest failure groups together would reach ")
                    .append(pct(plan.ratePctWithThoseFixed())).append(". ");
        } else {
            md.append("Fixing every failure group would still fall short. ");
        }
        md.setLength(md.length() - 1);
        md.append('\n');
    }

    private static String indexes(List<FailureGroup> groups, List<String> signatures) {
        List<String> numbers = signatures.stream().map(s -> {
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).signature().equals(s)) {
                    return String.valueOf(i + 1);
                }
            }
            return "?";
        }).toList();
        return String.join(", ", numbers);
    }

    private static String cause(FailureGroup group) {
        String type = group.type() == null || group.type().isEmpty() ? "" : group.type();
        String message = group.message() == null || group.message().isEmpty() ? "" : group.message();
        return type.isEmpty() ? (message.isEmpty() ? "(no message)" : message) : message.isEmpty() ? type : type + ": " + message;
    }

    private static String name(String className, String name) {
        return className == null ? name : className + "." + name;
    }

    private static String interval(WilsonInterval interval) {
        return interval == null ? "" : "; 95% " + pct(interval.lower() * 100) + "–" + pct(interval.upper() * 100);
    }

    public static String pct(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.1f%%", value);
    }

    static String pp(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%+.1f pp", value);
    }

    /** User text as a code span: no markup survives in it; a backtick becomes ', a pipe is escaped for tables. */
    public static String code(String text) {
        return text == null || text.isEmpty() ? "" : "`" + inCode(text) + "`";
    }

    private static String inCode(String text) {
        StringBuilder safe = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '`' -> safe.append('\'');
                case '|' -> safe.append("\\|");
                default -> safe.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return safe.toString();
    }

    private static String cell(String text) {
        return code(text);
    }

    private static String cells(List<String> texts) {
        return String.join(", ", texts.stream().map(ReportMarkdown::code).toList());
    }
}
