package dev.testpulse.analysis.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.api.ProjectSummary.SuiteSummary;
import dev.testpulse.analysis.goals.Baseline;
import dev.testpulse.analysis.goals.Standing;
import dev.testpulse.analysis.goals.Target;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;

class ReportMarkdownTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void saysWhatTheTargetNeedsAndNamesTheGroupsThatWouldGetThere() {
        Counts counts = new Counts(25, 14, 0, 2);
        List<FailureGroup> groups = List.of(new FailureGroup("g1", "TimeoutException", "no message within <n> ms", 7, 3,
                List.of("websocket"), AT, AT, "no message within 30000 ms", "WsTest.reconnect", 82.1, 17.9));
        String markdown = ReportMarkdown.render(report(counts, new Baseline(0.435, null, Baseline.EXPLICIT, null, null, AT),
                new Target(0.7, AT), groups, TargetPlan.of(counts, 0.7, groups)));
        assertThat(markdown)
                .contains("**Success rate: 64.1%** (25 passed of 39 executed; 14 failed, 0 errors, 2 skipped), 95% interval ")
                .contains("Baseline 43.5%: **+20.6 pp**. Target 70.0%: **91.6% attained**.")
                .contains("| `websocket` | 25 | 14 | 0 | 2 | 39 | 64.1% | – |")
                .contains("| 1 | `TimeoutException: no message within <n> ms` | 7 | 3 | `websocket` | 2026-11-24 10:00 UTC | 82.1% (+17.9 pp) |")
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
        List<FailureGroup> groups = List.of(new FailureGroup("g", "E", "a | b `c`", 1, 1, List.of("s|t"), AT, AT, "x", "t", 100.0, 50.0));
        assertThat(ReportMarkdown.render(report(counts, null, null, groups, null))).contains("`E: a \\| b 'c'`").contains("| `s\\|t` |");
    }

    @Test
    void carriesNoMarkupLinkOrLineBreakFromUserText() {
        Counts counts = new Counts(1, 1, 0, 0);
        String hostile = "<img src=x onerror=alert(1)> [click](https://evil.example) **bold**\r\n# heading | `tick`";
        List<FailureGroup> groups = List.of(new FailureGroup("g", "E", hostile, 1, 1, List.of(hostile), AT, AT, "x", "t", 100.0, 50.0));
        Standing overall = Standing.of(Rate.of(counts), null, null);
        Report report = new Report("p", "runs:20", "main\n<b>", AT, overall,
                List.of(new SuiteSummary(hostile, Standing.of(Rate.of(counts), null, null))), groups, List.of(), List.of(), null);

        String markdown = ReportMarkdown.render(report);

        String inSpan = "`<img src=x onerror=alert(1)> [click](https://evil.example) **bold**  # heading \\| 'tick'`";
        assertThat(markdown).contains("| " + inSpan + " | 1 |").contains("| `E: " + inSpan.substring(1)).contains("branch `main <b>`")
                .doesNotContain("\r").doesNotContain("\n# heading");
        // every line of a table row still is one row: as many cell separators as the header
        markdown.lines().filter(line -> line.startsWith("| ")).forEach(line ->
                assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count()).isIn(8L, 9L));
    }

    private static Report report(Counts counts, Baseline baseline, Target target, List<FailureGroup> groups, TargetPlan plan) {
        Standing overall = Standing.of(Rate.of(counts), baseline, target);
        return new Report("p", "runs:20", null, AT, overall,
                List.of(new SuiteSummary("websocket", Standing.of(Rate.of(counts), null, null))), groups, List.of(), List.of(), plan);
    }
}
