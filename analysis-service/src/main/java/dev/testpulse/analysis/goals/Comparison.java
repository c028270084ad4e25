package dev.testpulse.analysis.goals;

import dev.testpulse.analysis.rates.DifferenceInterval;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.rates.WilsonInterval;

/**
 * A current rate against its baseline: the difference in percentage points with its 95% interval, and what that
 * interval allows one to say in words. With baseline counts the interval is Newcombe's hybrid score interval of the
 * two proportions; a bare-rate baseline is taken as exact (the current Wilson interval minus the baseline), which
 * {@code baselineExact} says.
 */
public record Comparison(double deltaPp, double lowerPp, double upperPp, String verdict, boolean baselineExact) {

    public static final String IMPROVED = "improved";
    public static final String WORSE = "worse";
    public static final String NOT_DISTINGUISHABLE = "not distinguishable from the baseline at 95%";

    /** The comparison, or null when nothing was executed now or the baseline has counts with nothing executed. */
    public static Comparison of(Rate current, Baseline baseline) {
        if (current.successRate() == null || baseline == null) {
            return null;
        }
        if (baseline.counts() == null) {
            WilsonInterval interval = current.interval();
            return of(current.successRate() - baseline.rate(), interval.lower() - baseline.rate(),
                    interval.upper() - baseline.rate(), true);
        }
        DifferenceInterval difference = DifferenceInterval.of(current.passed(), current.executed(),
                baseline.counts().passed(), baseline.counts().executed());
        return difference == null ? null : of(difference.difference(), difference.lower(), difference.upper(), false);
    }

    private static Comparison of(double difference, double lower, double upper, boolean exact) {
        String verdict = lower > 0 ? IMPROVED : upper < 0 ? WORSE : NOT_DISTINGUISHABLE;
        return new Comparison(Standing.round1(difference * 100), Standing.round1(lower * 100), Standing.round1(upper * 100),
                verdict, exact);
    }
}
