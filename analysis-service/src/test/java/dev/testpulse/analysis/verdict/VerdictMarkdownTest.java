package dev.testpulse.analysis.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.rates.Counts;

class VerdictMarkdownTest {

    @Test
    void aLongListIsCutWithinTheLimitAndCountsWhatItLeftOut() {
        List<Verdict.Failure> failures = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            failures.add(failure("new-" + i, VerdictClass.NEW, "x".repeat(300)));
        }
        for (int i = 0; i < 3000; i++) {
            failures.add(failure("flaky-" + i, VerdictClass.KNOWN_FLAKY, "y".repeat(300)));
        }
        String markdown = VerdictMarkdown.render(verdict(failures), "https://analysis.example.com", 60_000);

        assertThat(markdown.length()).isLessThanOrEqualTo(60_000);
        int listed = markdown.split("\n- ", -1).length - 1;
        assertThat(listed).isBetween(50, 3000);
        assertThat(markdown).contains("#### New failures (3000)")
                .contains("… and " + (6000 - listed) + " more failures not shown here: the JSON verdict lists all of them.");
        // the others did not fit at all: no details block opened and left unclosed
        assertThat(markdown).doesNotContain("<details>");
    }

    @Test
    void userTextCannotBreakOutOfItsCodeSpan() {
        String markdown = VerdictMarkdown.render(verdict(List.of(failure("a`b</details><script>", VerdictClass.NEW,
                "boom ` [link](javascript:x) | cell\nnext line"))), "https://analysis.example.com", 60_000);
        assertThat(markdown).contains("`T.a'b</details><script>`").contains("`boom ' [link](javascript:x) \\| cell next line`");
    }

    @Test
    void aShortVerdictIsWhole() {
        String markdown = VerdictMarkdown.render(verdict(List.of(failure("a", VerdictClass.NEW, "m"),
                failure("b", VerdictClass.QUARANTINED, null))), "https://analysis.example.com", 60_000);
        assertThat(markdown).doesNotContain("more failure").contains("<details><summary>Other failures (1): 1 quarantined</summary>")
                .contains("[history](https://analysis.example.com/api/v1/projects/p/tests/history?suite=s&class=T&name=a)")
                .endsWith("</details>\n");
    }

    private static Verdict verdict(List<Verdict.Failure> failures) {
        long fresh = failures.stream().filter(f -> f.verdict() == VerdictClass.NEW).count();
        return new Verdict("p", "ci", "42", 1, null, "finished", "main", new Verdict.Gate(fresh == 0, List.of("new"), fresh),
                Verdict.ClassCounts.of(failures), new Verdict.Rates(Verdict.RunRate.of(new Counts(90, 10, 0, 0)), null), failures);
    }

    private static Verdict.Failure failure(String name, VerdictClass verdict, String message) {
        Evidence evidence = verdict == VerdictClass.KNOWN_FLAKY ? new Evidence.Flaky(2, 10, 20.0, Instant.parse("2026-12-01T10:00:00Z"),
                List.of("main"), false) : null;
        return new Verdict.Failure("s", "T", name, verdict, message,
                Verdicts.historyUrl("p", new FailingTest("s", "T", name, message, false, false)), evidence);
    }
}
