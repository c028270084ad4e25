package dev.testpulse.analysis.alerts.rules;

/**
 * When a rule's condition breaches, one record per kind holding only that kind's numbers (validated: see
 * {@link RuleValidator}). {@code minSamples} every kind keeps (a rule shows it, 0 where the kind ignores it);
 * {@code confidence} null means the condition's default. The API and the table hold the flat, nullable form:
 * {@link ThresholdColumns}.
 */
public sealed interface Thresholds
        permits Thresholds.RateBelow, Thresholds.BaselineDrop, Thresholds.InfraIncident, Thresholds.DurationRegression,
        Thresholds.None {

    /** Executed tests (or, for duration_regression, baseline executions) below which the condition holds its verdict. */
    long minSamples();

    /** The flat form the API shows and the table stores. */
    ThresholdColumns columns();

    /** rate_below: breaches below {@code below}, recovers above {@code recoverAbove} (hysteresis). */
    record RateBelow(double below, double recoverAbove, long minSamples, Double confidence) implements Thresholds {
        @Override
        public ThresholdColumns columns() {
            return new ThresholdColumns(below, recoverAbove, null, null, minSamples, confidence, null);
        }
    }

    /** baseline_drop: breaches {@code dropPp} points under the baseline, recovers within {@code recoverPp}. */
    record BaselineDrop(double dropPp, double recoverPp, long minSamples, Double confidence) implements Thresholds {
        @Override
        public ThresholdColumns columns() {
            return new ThresholdColumns(null, null, dropPp, recoverPp, minSamples, confidence, null);
        }
    }

    /** infra_incident: a run with more than {@code failedPct} percent of its tests failed. */
    record InfraIncident(double failedPct, long minSamples, Double confidence) implements Thresholds {
        @Override
        public ThresholdColumns columns() {
            return new ThresholdColumns(null, null, null, null, minSamples, confidence, failedPct);
        }
    }

    /** duration_regression: the statistics are fixed, only the baseline executions it needs are the rule's. */
    record DurationRegression(long minSamples) implements Thresholds {
        @Override
        public ThresholdColumns columns() {
            return ThresholdColumns.only(minSamples);
        }
    }

    /** critical_failed, new_failure_group, flaky_detected, auto_quarantine: judged on what a batch brings, no threshold. */
    record None(long minSamples) implements Thresholds {
        @Override
        public ThresholdColumns columns() {
            return ThresholdColumns.only(minSamples);
        }
    }
}
