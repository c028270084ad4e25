package dev.testpulse.analysis.verdict;

import java.time.Instant;
import java.util.List;

/** Why a failure got its class; each class has its own shape (the answer's {@code evidence}). */
public sealed interface Evidence {

    /**
     * The test on the default branch over the lookback, this run left out: its rate with the 95% Wilson interval, its
     * last result, and since when it fails there (the first failure after its last pass; null when it does not fail).
     */
    record DefaultBranch(String branch, long passed, long executed, Double rate, Double low, Double high, String lastStatus,
            Instant since) implements Evidence {
    }

    /** The flaky evidence of the test (same commit passed and failed, retries, the tool's mark) over the lookback. */
    record Flaky(long flakyCommits, long commitsSeen, Double flakeRatePct, Instant lastFlake, List<String> branches,
            boolean markedInRun) implements Evidence {
    }

    /** The test ran muted; its quarantine as it stands now (state null when it was released since). */
    record Quarantine(String state, String reason, String by, Instant since, Instant until) implements Evidence {
    }

    /**
     * The run collapsed: more than the project's infra_incident rule allows failed. {@code incident} names the alert
     * series the rule keeps for the pipeline ({@code <rule id>/<pipeline>}).
     */
    record Infra(String incident, String rule, double failedPct, double thresholdPct, long executed) implements Evidence {
    }
}
