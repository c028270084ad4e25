package dev.testpulse.analysis.goals;

import dev.testpulse.analysis.rates.Rate;

/**
 * A current rate next to its baseline and target: the difference in percentage points, its interval and verdict, and
 * how much of the target is reached (current / target), rounded to one decimal. Null wherever a side is missing.
 */
public record Standing(Rate rate, Baseline baseline, Double deltaPp, Comparison comparison, Target target,
        Double attainmentPct) {

    public static Standing of(Rate rate, Baseline baseline, Target target) {
        Double current = rate.successRate();
        Double delta = current == null || baseline == null ? null : round1((current - baseline.rate()) * 100);
        Double attainment = current == null || target == null || target.rate() == 0 ? null : round1(current / target.rate() * 100);
        return new Standing(rate, baseline, delta, Comparison.of(rate, baseline), target, attainment);
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
