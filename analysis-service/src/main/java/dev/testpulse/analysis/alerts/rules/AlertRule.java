package dev.testpulse.analysis.alerts.rules;

import java.time.Duration;

import dev.testpulse.analysis.alerts.state.EarlyRunCondition;
import dev.testpulse.analysis.alerts.state.Timing;

/**
 * A validated rule as evaluation needs it: what it watches ({@link Scope}), over which window, when it breaches
 * ({@link Thresholds}), how long a breach must last and a fire outlive it ({@link Timing}), where its events go, and
 * whether it also judges each run while it runs ({@code early}: {@link EarlyRunCondition}); {@code per}: a duration
 * rule's tests or suites; {@code quarantine}: an auto_quarantine rule's validated parameters (null for other kinds).
 * What the API takes is {@link RuleRequest}, what it shows {@link RuleView}, what the table holds {@link StoredRule}.
 */
public record AlertRule(String id, String project, String name, AlertKind kind, Scope scope, String window,
        Thresholds thresholds, Timing timing, String severity, String topic, boolean early, Per per,
        QuarantineParameters quarantine) {

    /**
     * A one-shot alert (a new failure cause) and an infra incident, whose evidence never clears on its own (the cause
     * is not seen again, the pipeline may never run again), stay firing this long unless the rule says otherwise.
     */
    static final Duration DEFAULT_KEEP_FIRING = Duration.ofHours(1);

    /** What a duration_regression rule judges: each test, or each suite's duration per run (null for other kinds). */
    public enum Per {
        TEST, SUITE
    }

    /** Suite glob (null: the project as a whole; {@code *}: each suite), test glob (test-level kinds), branch (null: all). */
    public record Scope(String suiteGlob, String testGlob, String branch) {
    }

    /** The timing evaluation uses: the rule's own, with {@link #DEFAULT_KEEP_FIRING} where the kind needs one. */
    public Timing evaluationTiming() {
        boolean needsKeep = kind == AlertKind.NEW_FAILURE_GROUP || kind == AlertKind.INFRA_INCIDENT;
        return needsKeep && timing.keepFiringFor().isZero()
                ? new Timing(timing.forEvaluations(), timing.forDuration(), DEFAULT_KEEP_FIRING) : timing;
    }
}
