package dev.testpulse.analysis.rates;

/**
 * The 95% Wilson score interval of a proportion: honest for small samples and rates near 0 or 1, where the normal
 * approximation claims certainty it does not have.
 */
public record WilsonInterval(double lower, double upper) {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    /** The interval for {@code successes} out of {@code trials}; null when there were no trials. */
    public static WilsonInterval of(long successes, long trials) {
        return of(successes, trials, Z95);
    }

    public static WilsonInterval of(long successes, long trials, double z) {
        if (trials <= 0) {
            return null;
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = p + z2 / (2 * n);
        double margin = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double denominator = 1 + z2 / n;
        return new WilsonInterval(Math.max(0, (centre - margin) / denominator), Math.min(1, (centre + margin) / denominator));
    }
}
