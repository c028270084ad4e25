package dev.testpulse.analysis.alerts.state;

import dev.testpulse.analysis.rates.WilsonInterval;
import java.util.OptionalDouble;

/**
 * Whether a run that is still running is already confidently below {@code below}: at least {@code minSamples}
 * executed and the upper Wilson bound of the pass rate so far below the threshold.
 *
 * <p>The check is repeated after every batch a reporter sends, so a fixed bound at {@code confidence} would be
 * crossed by chance far more often than {@code 1 - confidence} over a run. Two corrections keep the total false
 * alarm probability of a run whose tests pass at a rate of at least {@code below} near or under
 * {@code alpha = 1 - confidence}:
 * <ul>
 *   <li>Looks are grouped by doublings of {@code executed}: look k covers
 *   {@code minSamples·2^(k-1) <= executed < minSamples·2^k} and may spend only
 *   {@code alpha_k = alpha·(6/π²)/k²}. These sum to alpha (Σ 1/k² = π²/6), so the union bound over looks holds,
 *   and a run of n tests has only about log2(n / minSamples) looks to pay for.</li>
 *   <li>Within look k the check still runs after every batch. Breaching at some n in [N, 2N) means the sum of
 *   (outcome − below) fell below −z·√(N·below·(1−below)) at or before 2N; by the reflection principle (in the
 *   normal approximation Wilson itself rests on) a walk without downward drift does that with probability at
 *   most 2·P(Z > z/√2). So look k uses z_k = √2·Φ⁻¹(1 − alpha_k/2).</li>
 * </ul>
 * Both are conservative; the price is a later alert, which the simulation in the docs quantifies.
 *
 * <p>That alone is a statement about the run <em>so far</em>: a run whose first tests fail more than the rest (flaky
 * integration tests ordered first) is confidently bad so far and still ends healthy. So an early alert also needs the
 * run's <em>end</em> to be settled ({@link #breached(long, long, long)}): even if every test still to come passes, the
 * run cannot end at or above {@code below}. How many tests are still to come is bounded by the job's recent finished
 * runs: at most the largest of them plus {@link #SIZE_SLACK}, and always at least that slack more than executed so far.
 * Within that bound no run that ends healthy is ever alerted early, whatever the order of its failures.
 */
public record EarlyRunCondition(double below, double confidence, long minSamples) {

    /** An early rule's confidence when it names none. */
    public static final double DEFAULT_CONFIDENCE = 0.99;

    private static final double SUM_OF_INVERSE_SQUARES = Math.PI * Math.PI / 6;

    public EarlyRunCondition {
        // Negated comparisons so that NaN is rejected too.
        if (!(below > 0 && below <= 1)) {
            throw new IllegalArgumentException("below must be above 0 and at most 1, was " + below);
        }
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be above 0.5 and below 1, was " + confidence);
        }
        // Looks are counted in doublings of min_samples, so it must be positive.
        if (minSamples < 1) {
            throw new IllegalArgumentException("min_samples must be at least 1, was " + minSamples);
        }
    }

    public static EarlyRunCondition of(double below, double confidence, long minSamples) {
        return new EarlyRunCondition(below, confidence, minSamples);
    }

    /**
     * For {@code infra_incident}: fire once the failed share so far is confidently above {@code failedPct} percent,
     * i.e. the pass rate confidently below {@code 1 - failedPct/100}.
     */
    public static EarlyRunCondition forIncident(double failedPct, double confidence, long minSamples) {
        if (!(failedPct >= 0 && failedPct < 100)) {
            throw new IllegalArgumentException("failed_pct must be at least 0 and below 100, was " + failedPct);
        }
        return new EarlyRunCondition(1 - failedPct / 100, confidence, minSamples);
    }

    /**
     * How much larger than the largest of its job's recent finished runs a run may turn out (tests added since, a
     * larger shard): 10%.
     */
    public static final double SIZE_SLACK = 0.10;

    /**
     * Whether to fire now: confidently below so far, and unable to end at or above the threshold even if every test
     * still to come passes, the run being no larger than {@link #largestEnd}. {@code largestRecent} is the most tests
     * executed by one of the job's recent finished runs; without one (below 1) there is no early verdict.
     */
    public boolean breached(long passed, long executed, long largestRecent) {
        return largestRecent >= 1 && breachedSoFar(passed, executed) && bestFinalRate(passed, executed, largestRecent) < below;
    }

    /** The most tests the run may still reach: the largest recent run plus the slack, and at least the slack beyond now. */
    public static long largestEnd(long executed, long largestRecent) {
        long slack = (long) Math.ceil(largestRecent * SIZE_SLACK);
        return Math.max(largestRecent + slack, executed + slack);
    }

    /** The pass rate the run ends at if every test still to come passes and it grows to {@link #largestEnd}. */
    public static double bestFinalRate(long passed, long executed, long largestRecent) {
        long end = largestEnd(executed, largestRecent);
        return (double) (passed + end - executed) / end;
    }

    /**
     * Whether the run so far, {@code passed} out of {@code executed}, is confidently below the threshold. On its own
     * this says nothing about how the run ends; see the class comment.
     */
    public boolean breachedSoFar(long passed, long executed) {
        OptionalDouble bound = upperBound(passed, executed);
        return bound.isPresent() && bound.getAsDouble() < below;
    }

    /** The corrected upper bound of the run-so-far pass rate; empty below {@code minSamples}. */
    public OptionalDouble upperBound(long passed, long executed) {
        if (executed < 0 || passed < 0 || passed > executed) {
            throw new IllegalArgumentException("need 0 <= passed <= executed, got " + passed + "/" + executed);
        }
        if (executed < minSamples) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(WilsonInterval.of(passed, executed, z(executed)).upper());
    }

    /** The look {@code executed} falls in: 1 from minSamples, 2 from twice that, and so on; 0 before minSamples. */
    public int look(long executed) {
        if (executed < minSamples) {
            return 0;
        }
        // Integer arithmetic so that exact doublings land in the next look without floating-point doubt.
        return 64 - Long.numberOfLeadingZeros(executed / minSamples);
    }

    /** The one-sided z the bound uses at {@code executed}. */
    public double z(long executed) {
        int look = look(executed);
        if (look == 0) {
            throw new IllegalArgumentException("no look before min_samples (" + minSamples + "), executed " + executed);
        }
        return zForLook(look);
    }

    double zForLook(int look) {
        double alphaForLook = (1 - confidence) / SUM_OF_INVERSE_SQUARES / ((double) look * look);
        return Math.sqrt(2) * InverseNormal.upperTail(alphaForLook / 2);
    }
}
