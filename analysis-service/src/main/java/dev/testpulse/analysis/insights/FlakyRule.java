package dev.testpulse.analysis.insights;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rule for flakiness: on one commit (or, when the commit is unknown, one run) a test both passed and failed or
 * errored — across retries within a run, attempts or runs — or its tool marked it flaky there. Surefire's
 * flakyFailure arrives as both: a failed try and a passing retry, marked. A CTRF report often gives only the final
 * pass with {@code flaky: true}: the mark alone is enough, the failed tries need not be in the report. Skipped
 * executions never count as seen.
 */
public final class FlakyRule {

    private FlakyRule() {
    }

    /** What one test did on one commit; {@code marked} when its tool called any of those executions flaky. */
    public record CommitExecutions(String suite, String testKey, String className, String name, String commit,
            boolean passed, boolean failed, boolean marked, Instant last, List<String> branches) {
        boolean flaky() {
            return passed && failed || marked;
        }
    }

    /** The flaky tests among these, each with its flake rate; the most recent flake first. */
    public static List<FlakyTest> flakyTests(List<CommitExecutions> executions) {
        Map<String, List<CommitExecutions>> byTest = new LinkedHashMap<>();
        executions.forEach(e -> byTest.computeIfAbsent(e.suite() + "\u0000" + e.testKey(), k -> new ArrayList<>()).add(e));
        List<FlakyTest> flaky = new ArrayList<>();
        for (List<CommitExecutions> commits : byTest.values()) {
            List<CommitExecutions> flakyCommits = commits.stream().filter(CommitExecutions::flaky).toList();
            if (flakyCommits.isEmpty()) {
                continue;
            }
            CommitExecutions any = commits.get(0);
            TreeSet<String> branches = new TreeSet<>();
            flakyCommits.forEach(c -> branches.addAll(c.branches()));
            Instant lastFlake = flakyCommits.stream().map(CommitExecutions::last).max(Comparator.naturalOrder()).orElseThrow();
            flaky.add(new FlakyTest(any.suite(), any.className(), any.name(), flakyCommits.size(), commits.size(),
                    Projection.round1(100.0 * flakyCommits.size() / commits.size()), lastFlake, List.copyOf(branches)));
        }
        // ties broken down to the suite and class: the order must not depend on the order PostgreSQL grouped the rows in
        flaky.sort(Comparator.comparing(FlakyTest::lastFlake, Comparator.reverseOrder()).thenComparing(FlakyTest::name)
                .thenComparing(FlakyTest::suite).thenComparing(FlakyTest::className, Comparator.nullsFirst(Comparator.naturalOrder())));
        return flaky;
    }
}
