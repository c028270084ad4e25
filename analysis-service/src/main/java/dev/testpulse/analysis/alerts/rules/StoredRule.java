package dev.testpulse.analysis.alerts.rules;

import java.time.Instant;
import java.util.Locale;

import dev.testpulse.analysis.alerts.state.Timing;

/**
 * A row of {@code alert_rules}: the rule, and what the store keeps about it. {@code followsTarget}: a default
 * "below target" rule whose threshold moves with the target until someone edits it. {@code brokenAt}: evaluating it
 * threw; it is skipped until it is changed.
 */
public record StoredRule(AlertRule rule, boolean builtin, boolean enabled, boolean followsTarget, Instant createdAt,
        Instant updatedAt, Instant brokenAt, String brokenReason) {

    /** Evaluated: enabled and not broken. */
    public boolean active() {
        return enabled && brokenAt == null;
    }

    public String project() {
        return rule.project();
    }

    public RuleView view() {
        AlertRule.Scope scope = rule.scope();
        ThresholdColumns t = rule.thresholds().columns();
        Timing timing = rule.timing();
        return new RuleView(rule.id(), rule.project(), rule.name(), rule.kind().wire(), scope.suiteGlob(), scope.testGlob(),
                scope.branch(), rule.window(), t.below(), t.recoverAbove(), t.dropPp(), t.recoverPp(), t.minSamples(),
                t.confidence(), t.failedPct(), timing.forEvaluations(), seconds(timing.forDuration()),
                seconds(timing.keepFiringFor()), rule.severity(), rule.topic(), rule.early(),
                rule.per() == null ? null : rule.per().name().toLowerCase(Locale.ROOT), rule.quarantine(), enabled, builtin, createdAt, updatedAt,
                brokenAt, brokenReason);
    }

    private static String seconds(java.time.Duration duration) {
        return duration.isZero() ? null : duration.toSeconds() + "s";
    }
}
