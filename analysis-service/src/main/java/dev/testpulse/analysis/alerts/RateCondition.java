package dev.testpulse.analysis.alerts;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.DifferenceInterval;
import dev.testpulse.analysis.rates.WilsonInterval;

/**
 * "Success rate below {@code below}" with hysteresis: it only clears above {@code recoverAbove}, never acts on
 * fewer than {@code minSamples} trials and, with a {@code confidence}, only on what the Wilson interval supports.
 * Relative to a baseline with counts ({@code baseline}), a {@code confidence} also takes the baseline's own
 * uncertainty into account: the Newcombe interval of the difference must lie wholly beyond the drop (with
 * {@code drop_pp} 0: exclude zero).
 */
public record RateCondition(double below, double recoverAbove, long minSamples, Double confidence, Counts baseline) {

    public RateCondition(double below, double recoverAbove, long minSamples, Double confidence) {
        this(below, recoverAbove, minSamples, confidence, null);
    }

    public RateCondition {
        // Negated comparisons so that NaN is rejected too.
        if (!(below >= 0 && below <= 1)) {
            throw new IllegalArgumentException("below must be between 0 and 1, was " + below);
        }
        if (!(recoverAbove >= below && recoverAbove <= 1)) {
            throw new IllegalArgumentException(
                    "recover_above must be between below (" + below + ") and 1, was " + recoverAbove);
        }
        if (minSamples < 0) {
            throw new IllegalArgumentException("min_samples must not be negative, was " + minSamples);
        }
        if (confidence != null && !(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be above 0.5 and below 1, was " + confidence);
        }
    }

    /**
     * A condition relative to a baseline: breach once the rate drops {@code dropPp} percentage points below it,
     * clear once it is back within {@code recoverPp} points. Thresholds are clamped to [0, 1].
     */
    public static RateCondition dropFromBaseline(double baseline, double dropPp, double recoverPp, long minSamples,
                                                 Double confidence) {
        return dropFromBaseline(baseline, null, dropPp, recoverPp, minSamples, confidence);
    }

    /** As above; with the baseline's counts (null when it is a bare rate) a confidence weighs their interval too. */
    public static RateCondition dropFromBaseline(double baseline, Counts counts, double dropPp, double recoverPp,
                                                 long minSamples, Double confidence) {
        if (!(baseline >= 0 && baseline <= 1)) {
            throw new IllegalArgumentException("baseline must be between 0 and 1, was " + baseline);
        }
        if (!(dropPp >= 0)) {
            throw new IllegalArgumentException("drop_pp must not be negative, was " + dropPp);
        }
        if (!(recoverPp >= 0 && recoverPp <= dropPp)) {
            throw new IllegalArgumentException("recover_pp must be between 0 and drop_pp (" + dropPp + "), was " + recoverPp);
        }
        Counts known = counts == null || counts.executed() == 0 ? null : counts;
        return new RateCondition(lessPoints(baseline, dropPp), lessPoints(baseline, recoverPp), minSamples, confidence, known);
    }

    /** What {@code successes} out of {@code trials} say about the condition. */
    public Signal evaluate(long successes, long trials) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + "/" + trials);
        }
        if (trials == 0 || trials < minSamples) {
            return Signal.HOLD;
        }
        if (confidence == null) {
            double rate = (double) successes / trials;
            return classify(rate, rate);
        }
        if (baseline != null) {
            // Shifted by the baseline's rate, the difference's bounds read as rates comparable with the thresholds.
            double rate = (double) baseline.passed() / baseline.executed();
            DifferenceInterval difference = DifferenceInterval.of(successes, trials, baseline.passed(), baseline.executed(),
                    twoSidedZ(confidence));
            return classify(rate + difference.lower(), rate + difference.upper());
        }
        WilsonInterval interval = WilsonInterval.of(successes, trials, twoSidedZ(confidence));
        return classify(interval.lower(), interval.upper());
    }

    /** Breach only if even the optimistic reading is low; clear only if even the pessimistic one has recovered. */
    private Signal classify(double pessimistic, double optimistic) {
        if (optimistic < below) {
            return Signal.BREACH;
        }
        // Without a band, "not below" must count as recovered, or a rate exactly at the threshold would hold forever.
        boolean recovered = recoverAbove == below ? pessimistic >= below : pessimistic > recoverAbove;
        return recovered ? Signal.CLEAR : Signal.HOLD;
    }

    private static double lessPoints(double baseline, double points) {
        double threshold = baseline - points / 100;
        // Round away binary noise so that 0.95 minus 5 points is exactly 0.9, as a user writing it would expect.
        double rounded = Math.round(threshold * 1e12) / 1e12;
        return Math.min(1, Math.max(0, rounded));
    }

    /** z such that a standard normal lies within ±z with probability {@code confidence}. */
    static double twoSidedZ(double confidence) {
        return InverseNormal.quantile(1 - (1 - confidence) / 2);
    }

    /**
     * Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9), ample for
     * deciding whether an interval crosses a threshold.
     */
    private static final class InverseNormal {

        private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01, 1};
        private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                3.754408661907416e+00, 1};
        private static final double P_LOW = 0.02425;

        static double quantile(double p) {
            if (p < P_LOW) {
                double q = Math.sqrt(-2 * Math.log(p));
                return polynomial(C, q) / polynomial(D, q);
            }
            if (p > 1 - P_LOW) {
                double q = Math.sqrt(-2 * Math.log(1 - p));
                return -polynomial(C, q) / polynomial(D, q);
            }
            double q = p - 0.5;
            double r = q * q;
            return polynomial(A, r) * q / polynomial(B, r);
        }

        /** Horner evaluation, highest coefficient first. */
        private static double polynomial(double[] coefficients, double x) {
            double sum = 0;
            for (double coefficient : coefficients) {
                sum = sum * x + coefficient;
            }
            return sum;
        }
    }
}
