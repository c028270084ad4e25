package dev.testpulse.analysis.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.summary.ProjectSummary.SuiteSummary;
import dev.testpulse.analysis.goals.Baseline;
import dev.testpulse.analysis.goals.Coverage;
import dev.testpulse.analysis.goals.Standing;
import dev.testpulse.analysis.goals.Target;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.windows.WindowedCounts.TestId;

class ReportMarkdownTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void saysWhatTheTargetNeedsAndNamesTheGroupsThatWouldGetThere() {
        Counts counts = new Counts(25, 14, 0, 2);
        List<FailureGroup> groups = List.of(new FailureGroup("g1", "TimeoutException", "no message within <n> ms", 7, 3,
                List.of("websocket"), AT, AT, "no message within 30000 ms", "WsTest.reconnect", 82.1, 17.9,
                Projection.intervalIfFixed(counts, 7)));
        String markdown = ReportMarkdown.render(report(counts, new Baseline(0.435, null, Baseline.EXPLICIT, null, null, AT),
                new Target(0.7, AT), groups, TargetPlan.of(counts, 0.7, groups)));
        assertThat(markdown)
                .contains("**Success rate: 64.1%** (25 passed of 39 executed; 14 failed, 0 errors, 2 skipped), 95% interval ")
                .contains("Baseline 43.5%: **+20.6 pp** (95% interval +4.9 pp to +33.8 pp, the baseline taken as exact): improved. "
                        + "Target 70.0%: **91.6% attained**.")
                .contains("| `websocket` | 25 | 14 | 0 | 2 | 39 | 64.1% | – |")
                .contains("| 1 | `TimeoutException: no message within <n> ms` | 7 | 3 | `websocket` | 2026-11-24 10:00 UTC | 82.1% (+17.9 pp; 95% 67.3%–91.0%) |")
                .contains("Reaching 70.0% takes 3 more passing tests of 39 executed. Fixing any one of failure group 1 would get there.");
    }

    @Test
    void saysSoWhenThereIsNoTargetNoFailureAndNoFlakyTest() {
        String markdown = ReportMarkdown.render(report(new Counts(10, 0, 0, 0), null, null, List.of(), null));
        assertThat(markdown).contains("**Success rate: 100.0%**").contains("No failures.").contains("## Flaky tests\n\nNone.")
                .contains("No target is set (`PUT /api/v1/projects/p/target`).").doesNotContain("Baseline")
                .doesNotContain("\n\n\n");
    }

    @Test
    void saysWhenTheTargetIsReached() {
        Counts counts = new Counts(19, 1, 0, 0);
        String markdown = ReportMarkdown.render(report(counts, null, new Target(0.9, AT), List.of(), TargetPlan.of(counts, 0.9, List.of())));
        assertThat(markdown).contains("The target of 90.0% is reached.").contains("Target 90.0%: **105.6% attained**.");
    }

    @Test
    void keepsTableCellsIntactWhateverTheMessageHolds() {
        Counts counts = new Counts(1, 1, 0, 0);
        List<FailureGroup> groups = List.of(new FailureGroup("g", "E", "a | b `c`", 1, 1, List.of("s|t"), AT, AT, "x", "t", 100.0, 50.0, null));
        assertThat(ReportMarkdown.render(report(counts, null, null, groups, null))).contains("`E: a \\| b 'c'`").contains("| `s\\|t` |");
    }

    @Test
    void carriesNoMarkupLinkOrLineBreakFromUserText() {
        Counts counts = new Counts(1, 1, 0, 0);
        String hostile = "<img src=x onerror=alert(1)> [click](https://evil.example) **bold**\r\n# heading | `tick`";
        List<FailureGroup> groups = List.of(new FailureGroup("g", "E", hostile, 1, 1, List.of(hostile), AT, AT, "x", "t", 100.0, 50.0, null));
        Standing overall = Standing.of(Rate.of(counts), null, null);
        Report report = new Report("p", "runs:20", "main\n<b>", AT, overall, null,
                List.of(new SuiteSummary(hostile, Standing.of(Rate.of(counts), null, null))), groups, List.of(), List.of(), null);

        String markdown = ReportMarkdown.render(report);

        String inSpan = "`<img src=x onerror=alert(1)> [click](https://evil.example) **bold**  # heading \\| 'tick'`";
        assertThat(markdown).contains("| " + inSpan + " | 1 |").contains("| `E: " + inSpan.substring(1)).contains("branch `main <b>`")
                .doesNotContain("\r").doesNotContain("\n# heading");
        // every line of a table row still is one row: as many cell separators as the header
        markdown.lines().filter(line -> line.startsWith("| ")).forEach(line ->
                assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count()).isIn(8L, 9L));
    }

    /** The seed: a snapshot of 1,116 tests at 43.5%, then a window of 39 of them. */
    @Test
    void saysHowMuchOfTheBaselineWasMeasuredAndWhetherTheDifferenceIsMoreThanNoise() {
        Counts counts = new Counts(25, 14, 0, 0);
        Baseline baseline = new Baseline(485.0 / 1116, new Counts(485, 631, 0, 0), Baseline.SNAPSHOT, "7d", "main", AT);
        Set<TestId> baselineTests = new HashSet<>();
        for (int i = 0; i < 1116; i++) {
            baselineTests.add(new TestId(i < 39 ? "websocket" : "suite-" + (i % 3), "T#t" + i));
        }
        Set<TestId> measured = baselineTests.stream().filter(t -> t.suite().equals("websocket")).collect(Collectors.toSet());
        Standing overall = Standing.of(Rate.of(counts), baseline, null);
        Report report = new Report("p", "7d", null, AT, overall, Coverage.of(baseline, baselineTests, measured, 39),
                List.of(new SuiteSummary("websocket", overall)), List.of(), List.of(), List.of(), null);

        assertThat(ReportMarkdown.render(report))
                .contains("Baseline 43.5% (485 of 1,116, 95% interval 40.6%–46.4%): **+20.6 pp** (95% interval +4.7 pp to +34.1 pp): improved.")
                .contains("Coverage: 39 of 1,116 baseline tests measured (3.5%); 1,077 not run. Suites not run: `suite-0`, `suite-1`, `suite-2`.")
                .contains("> **The sample is too small to support this comparison**");
    }

    @Test
    void foldsTheFullSuiteListAwayWhenThereAreMoreThanTwenty() {
        List<SuiteSummary> suites = IntStream.range(0, 25).mapToObj(i -> new SuiteSummary("s" + i,
                Standing.of(Rate.of(new Counts(i, 25 - i, 0, 0)), null, null))).toList();
        Report report = new Report("p", "7d", null, AT, Standing.of(Rate.of(new Counts(300, 325, 0, 0)), null, null), null,
                suites, List.of(), List.of(), List.of(), null);

        String markdown = ReportMarkdown.render(report);

        assertThat(markdown).contains("The 20 worst of 25:").contains("<details>\n<summary>All 25 suites</summary>")
                .contains("| `s24` | 24 |");
        assertThat(markdown.indexOf("| `s24` |")).isGreaterThan(markdown.indexOf("<details>"));
        assertThat(markdown.indexOf("| `s19` |")).isLessThan(markdown.indexOf("<details>"));
    }

    @Test
    void saysWhenSuitesFitWithoutAFold() {
        assertThat(ReportMarkdown.render(report(new Counts(1, 0, 0, 0), null, null, List.of(), null))).doesNotContain("<details>");
    }

    private static Report report(Counts counts, Baseline baseline, Target target, List<FailureGroup> groups, TargetPlan plan) {
        Standing overall = Standing.of(Rate.of(counts), baseline, target);
        return new Report("p", "runs:20", null, AT, overall, Coverage.of(baseline, Set.of(), Set.of(), counts.executed()),
                List.of(new SuiteSummary("websocket", Standing.of(Rate.of(counts), null, null))), groups, List.of(), List.of(), plan);
    }
}
