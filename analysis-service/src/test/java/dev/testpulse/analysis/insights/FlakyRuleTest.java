package dev.testpulse.analysis.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.analysis.insights.FlakyRule.CommitExecutions;

class FlakyRuleTest {

    /**
     * Each row: one test's executions folded per commit as {@code commit:passed/failed/marked}, e.g. {@code c1:PF}
     * (both on c1), {@code c2:P}, {@code c3:F}, {@code c4:PM} (passed, the tool marked it flaky); and the expected
     * flaky commits, commits seen and flake rate (or none).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            passed and failed on one commit (reruns)    | c1:PF             | 1 | 1 | 100.0
            surefire flakyFailure on one of two commits | c1:PF c2:P        | 1 | 2 | 50.0
            failed then passed on different commits     | c1:F c2:P         | none | none | none
            always failing is broken, not flaky         | c1:F c2:F c3:F    | none | none | none
            always passing                              | c1:P c2:P         | none | none | none
            two flaky commits of four                   | c1:PF c2:P c3:PF c4:F | 2 | 4 | 50.0
            one flaky commit of three                   | c1:P c2:PF c3:P   | 1 | 3 | 33.3
            CTRF flaky pass without its tries           | c1:PM             | 1 | 1 | 100.0
            marked flaky on one of two commits          | c1:PM c2:P        | 1 | 2 | 50.0
            marked and also passed and failed           | c1:PFM c2:P c3:P  | 1 | 3 | 33.3
            marked failure with no pass in the report   | c1:FM c2:F        | 1 | 2 | 50.0
            """)
    void judgesFlakinessPerCommit(String what, String commits, Long flakyCommits, Long seen, Double ratePct) {
        List<FlakyTest> flaky = FlakyRule.flakyTests(executions("T#t", commits, 0));
        if (flakyCommits == null) {
            assertThat(flaky).isEmpty();
        } else {
            assertThat(flaky).singleElement().satisfies(test -> {
                assertThat(test.flakyCommits()).isEqualTo(flakyCommits);
                assertThat(test.commitsSeen()).isEqualTo(seen);
                assertThat(test.flakeRatePct()).isEqualTo(ratePct);
            });
        }
    }

    @ParameterizedTest(name = "newest flake first")
    @CsvSource({"T#old, T#new"})
    void listsTheMostRecentFlakeFirst(String older, String newer) {
        List<CommitExecutions> executions = new ArrayList<>(executions(older, "c1:PF", 0));
        executions.addAll(executions(newer, "c1:PF", 60));
        assertThat(FlakyRule.flakyTests(executions)).extracting(FlakyTest::name).containsExactly("new", "old");
    }

    private static List<CommitExecutions> executions(String testKey, String commits, int minute) {
        List<CommitExecutions> executions = new ArrayList<>();
        String name = testKey.substring(testKey.indexOf('#') + 1);
        for (String commit : commits.trim().split("\\s+")) {
            String[] parts = commit.split(":");
            executions.add(new CommitExecutions("s", testKey, "T", name, parts[0], parts[1].contains("P"), parts[1].contains("F"),
                    parts[1].contains("M"), Instant.parse("2026-11-24T10:00:00Z").plusSeconds(60L * minute), List.of("main")));
        }
        return executions;
    }
}
