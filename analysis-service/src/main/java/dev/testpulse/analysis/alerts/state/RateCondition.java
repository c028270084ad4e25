package dev.testpulse.analysis.alerts.state;

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
}
