package dev.testpulse.analysis.alerts;

import java.time.Instant;

/**
 * A rule as the API and the store see it. Scope: project, suite glob (null: the project as a whole; {@code *}: each
 * suite), test glob (test-level kinds: critical_failed, flaky_detected), branch (null: all). Thresholds depend on the
 * kind; durations are like windows ({@code 5m}). {@code brokenAt}/{@code brokenReason}: set when evaluating the rule
 * threw; a broken rule is skipped until it is changed.
 */
public record AlertRule(String id, String project, String name, String kind, String suiteGlob, String testGlob,
        String branch, String window, Double below, Double recoverAbove, Double dropPp, Double recoverPp, Long minSamples,
        Double confidence, Double failedPct, Integer forEvaluations, String forDuration, String keepFiringFor,
        String severity, String topic, Boolean builtin, Instant createdAt, Instant updatedAt, Instant brokenAt,
        String brokenReason) {

    public AlertKind alertKind() {
        return AlertKind.parse(kind).orElseThrow();
    }
}
