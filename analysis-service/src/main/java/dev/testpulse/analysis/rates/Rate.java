package dev.testpulse.analysis.rates;

/**
 * A success rate as the API shows it: always with its counts and its 95% Wilson interval, never a bare percentage.
 * {@code successRate} is null when nothing was executed (all skipped or no data).
 */
public record Rate(long passed, long failed, long error, long skipped, long executed, long total,
        Double successRate, Double successRatePct, WilsonInterval interval) {

    public static Rate of(Counts counts) {
        long executed = counts.executed();
        Double rate = executed == 0 ? null : (double) counts.passed() / executed;
        Double pct = rate == null ? null : Math.round(rate * 1000) / 10.0;
        return new Rate(counts.passed(), counts.failed(), counts.error(), counts.skipped(), executed, counts.total(),
                rate, pct, WilsonInterval.of(counts.passed(), executed));
    }
}
