package dev.testpulse.analysis.rates;

/**
 * The 95% interval for the difference of two independent proportions, p1 - p2, by Newcombe's hybrid score method
 * (method 10 of Newcombe 1998, "Interval estimation for the difference between independent proportions: comparison of
 * eleven methods", Statistics in Medicine 17:873-890): each proportion's Wilson interval, combined in quadrature. It
 * inherits Wilson's honesty at small samples and at rates near 0 or 1, and needs no iteration.
 */
public record DifferenceInterval(double difference, double lower, double upper) {

    /** The interval for s1/n1 - s2/n2; null when either side had no trials. */
    public static DifferenceInterval of(long s1, long n1, long s2, long n2) {
        return of(s1, n1, s2, n2, WilsonInterval.Z95);
    }

    public static DifferenceInterval of(long s1, long n1, long s2, long n2, double z) {
        if (n1 <= 0 || n2 <= 0) {
            return null;
        }
        double p1 = (double) s1 / n1;
        double p2 = (double) s2 / n2;
        WilsonInterval w1 = WilsonInterval.of(s1, n1, z);
        WilsonInterval w2 = WilsonInterval.of(s2, n2, z);
        double difference = p1 - p2;
        double lower = difference - Math.hypot(p1 - w1.lower(), w2.upper() - p2);
        double upper = difference + Math.hypot(w1.upper() - p1, p2 - w2.lower());
        return new DifferenceInterval(difference, Math.max(-1, lower), Math.min(1, upper));
    }

    /** Whether the interval lies wholly above zero: the first proportion is higher beyond what noise explains. */
    public boolean above() {
        return lower > 0;
    }

    /** Whether the interval lies wholly below zero. */
    public boolean below() {
        return upper < 0;
    }
}
