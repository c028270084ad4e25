package dev.testpulse.analysis.alerts.rules;

import java.time.Instant;

/** A rule as the API shows it: its settings with defaults filled in, and its state (enabled, built in, broken). */
public record RuleView(String id, String project, String name, String kind, String suiteGlob, String testGlob, String branch,
        String window, Double below, Double recoverAbove, Double dropPp, Double recoverPp, long minSamples, Double confidence,
        Double failedPct, int forEvaluations, String forDuration, String keepFiringFor, String severity, String topic,
        boolean early, String per, QuarantineParameters quarantine, boolean enabled, boolean builtin, Instant createdAt, Instant updatedAt, Instant brokenAt, String brokenReason) {
}
