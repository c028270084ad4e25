package dev.testpulse.analysis.insights;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.WilsonInterval;

/** The arithmetic of "what if": a rate with some failures turned into passes, and the passes a target still needs. */
public final class Projection {

    private Projection() {
    }

    /** The success rate in percent, one decimal, if {@code fixed} failures had passed; null when nothing executed. */
    public static Double ratePctIfFixed(Counts counts, long fixed) {
        return counts.executed() == 0 ? null : round1(100.0 * (counts.passed() + fixed) / counts.executed());
    }

    /** Percentage points gained by fixing {@code fixed} failures, one decimal; null when nothing executed. */
    public static Double gainPp(Counts counts, long fixed) {
        return counts.executed() == 0 ? null : round1(100.0 * fixed / counts.executed());
    }

    /** The 95% Wilson interval of the rate if {@code fixed} failures had passed; null when nothing executed. */
    public static WilsonInterval intervalIfFixed(Counts counts, long fixed) {
        return WilsonInterval.of(counts.passed() + fixed, counts.executed());
    }

    /**
     * How many more executions must pass to reach {@code target} (0..1) with the same number executed: the smallest k
     * with (passed + k) / executed >= target; 0 when it is reached already.
     */
    public static long passesToReach(Counts counts, double target) {
        // The epsilon keeps floating-point noise (0.7 * 10 = 7.000000000000001) from asking for one pass too many.
        long needed = (long) Math.ceil(target * counts.executed() - 1e-9) - counts.passed();
        return Math.max(0, needed);
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
