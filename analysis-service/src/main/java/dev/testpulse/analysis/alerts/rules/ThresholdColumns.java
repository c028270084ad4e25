package dev.testpulse.analysis.alerts.rules;

/**
 * {@link Thresholds} as the rules API and {@code alert_rules} hold them: one nullable field per number of any kind,
 * null where the rule's kind has none. Mapped here, at the edge, in both directions.
 */
public record ThresholdColumns(Double below, Double recoverAbove, Double dropPp, Double recoverPp, long minSamples,
        Double confidence, Double failedPct) {

    static ThresholdColumns only(long minSamples) {
        return new ThresholdColumns(null, null, null, null, minSamples, null, null);
    }

    /** The thresholds of a rule of {@code kind}; the fields the kind needs are set (validated or stored validated). */
    public Thresholds thresholds(AlertKind kind) {
        return switch (kind) {
            case RATE_BELOW -> new Thresholds.RateBelow(below, recoverAbove, minSamples, confidence);
            case BASELINE_DROP -> new Thresholds.BaselineDrop(dropPp, recoverPp, minSamples, confidence);
            case INFRA_INCIDENT -> new Thresholds.InfraIncident(failedPct, minSamples, confidence);
            case DURATION_REGRESSION -> new Thresholds.DurationRegression(minSamples);
            case CRITICAL_FAILED, NEW_FAILURE_GROUP, FLAKY_DETECTED, AUTO_QUARANTINE -> new Thresholds.None(minSamples);
        };
    }
}
