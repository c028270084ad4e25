package dev.testpulse.analysis.alerts.rules;

/**
 * A rule as the API takes it (POST, PUT {@code /api/v1/rules}): everything optional on the wire, checked and
 * completed with defaults by {@link RuleValidator}. Durations are like windows ({@code 5m}); {@code enabled} false
 * keeps a rule (a default one, say) without evaluating it; {@code early} true lets a rate_below or infra_incident rule
 * also judge each run while it runs; {@code per} ({@code test} or {@code suite}) says what a duration_regression rule
 * judges; {@code quarantine} holds an auto_quarantine rule's parameters.
 */
public record RuleRequest(String project, String name, String kind, String suiteGlob, String testGlob, String branch,
        String window, Double below, Double recoverAbove, Double dropPp, Double recoverPp, Long minSamples,
        Double confidence, Double failedPct, Integer forEvaluations, String forDuration, String keepFiringFor,
        String severity, String topic, Boolean enabled, Boolean early, String per, QuarantineParameters quarantine) {
}
