package dev.testpulse.analysis.verdict;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.WilsonInterval;

/** A run's verdict: each failure classified, the gate on the classes asked for, the run's rate against the default branch's. */
public record Verdict(String project, String pipeline, String runId, int attempt,
        @Schema(description = "null: all jobs of the run together") String job,
        @Schema(enumeration = {"running", "finished"}) String state, String defaultBranch, Gate gate, ClassCounts counts,
        Rates rate, @Schema(description = "new failures first") List<Failure> failures) {

    /** {@code failing}: how many failures are of a class in {@code failOn}; the gate passes when none. */
    public record Gate(boolean passed, List<String> failOn, long failing) {
    }

    public record ClassCounts(@JsonProperty("new") long newFailures, long failingOnDefaultBranch, long knownFlaky, long quarantined,
            long infra) {

        static ClassCounts of(List<Failure> failures) {
            long[] n = new long[VerdictClass.values().length];
            failures.forEach(failure -> n[failure.verdict().ordinal()]++);
            return new ClassCounts(n[VerdictClass.NEW.ordinal()], n[VerdictClass.FAILING_ON_DEFAULT_BRANCH.ordinal()],
                    n[VerdictClass.KNOWN_FLAKY.ordinal()], n[VerdictClass.QUARANTINED.ordinal()], n[VerdictClass.INFRA.ordinal()]);
        }
    }

    /** {@code defaultBranch} null when the default branch ran nothing in the lookback. */
    public record Rates(RunRate run, RunRate defaultBranch) {
    }

    /** Passed of total (every try, skipped ones left out), with the 95% Wilson interval; nulls when total is 0. */
    public record RunRate(long passed, long total, Double rate, Double low, Double high) {

        public static RunRate of(Counts counts) {
            long total = counts.executed();
            WilsonInterval interval = WilsonInterval.of(counts.passed(), total);
            return new RunRate(counts.passed(), total, total == 0 ? null : (double) counts.passed() / total,
                    interval == null ? null : interval.lower(), interval == null ? null : interval.upper());
        }
    }

    /**
     * @param message the failure's message, cut to a bounded length
     * @param history the relative URL of the test's history API
     */
    public record Failure(String suite, @JsonProperty("class") String className, String name, VerdictClass verdict, String message,
            String history,
            @Schema(description = "by verdict: failing_on_default_branch (and new, when the branch ran the test) the branch's "
                    + "record; known_flaky the flaky evidence; quarantined the test's state; infra the run's collapse",
                    oneOf = {Evidence.DefaultBranch.class, Evidence.Flaky.class, Evidence.Quarantine.class, Evidence.Infra.class})
            Evidence evidence) {
    }
}
