package dev.testpulse.analysis.alerts.state;

import java.util.Arrays;
import java.util.Map;

/**
 * Whether a test (or suite) got slower than its own history, beyond its normal spread. Pure statistics, no database,
 * so the simulation in the tests can drive it directly.
 *
 * <p>Of a series' durations, oldest first, the last {@code recent} are compared with up to {@code baseline} before
 * them. Medians, not means, and the baseline's spread as MAD (median absolute deviation, scaled by 1.4826 to estimate
 * a standard deviation for normal data): a single slow outlier (a GC pause, a cold cache) moves neither. It breaches
 * when the recent median exceeds the baseline median by all three of: {@link #MIN_RATIO} times, {@link #MIN_DELTA_MS}
 * absolute (a 2 ms test taking 4 ms is no regression anyone acts on), and {@link #SPREADS} spreads (a test that is
 * always noisy must move beyond its own noise). It clears once the recent median is back within half that margin
 * (hysteresis, so a series at the edge does not flap), and holds in between or with fewer than {@code minBaseline}
 * baseline executions.
 *
 * <p>The baseline slides: a slowdown that stays becomes the new normal once it fills the baseline, and the alert then
 * resolves. That is the intent: the rule reports a change, not an absolute budget.
 */
public record DurationRegressionCondition(int recent, int baseline, int minBaseline) {

    /** Executions the recent median is taken over (and the most the alert can lag a step change by, plus one). */
    public static final int DEFAULT_RECENT = 7;
    /** The most executions before them that make the baseline. */
    public static final int DEFAULT_BASELINE = 30;
    /** The fewest baseline executions to judge at all, unless the rule's min_samples says more. */
    public static final int DEFAULT_MIN_BASELINE = 10;
    /** The recent median must be at least this many times the baseline median. */
    public static final double MIN_RATIO = 1.5;
    /** And at least this much slower, in milliseconds. */
    public static final long MIN_DELTA_MS = 50;
    /** And beyond this many baseline spreads (scaled MAD of the logarithms: a factor, as durations are skewed). */
    public static final double SPREADS = 3;
    /** MAD × this estimates a standard deviation for normally distributed data. */
    private static final double MAD_TO_SIGMA = 1.4826;

    public DurationRegressionCondition {
        if (recent < 1 || baseline < 1 || minBaseline < 1 || minBaseline > baseline) {
            throw new IllegalArgumentException("recent, baseline and min_baseline must be positive, min_baseline at most baseline");
        }
    }

    /** The defaults, with the rule's min_samples (0: the default) as the fewest baseline executions. */
    public static DurationRegressionCondition of(long minSamples) {
        int minBaseline = minSamples <= 0 ? DEFAULT_MIN_BASELINE : (int) Math.min(minSamples, DEFAULT_BASELINE) /* the validator refuses more */;
        return new DurationRegressionCondition(DEFAULT_RECENT, DEFAULT_BASELINE, minBaseline);
    }

    /** How many executions, newest last, {@link #judge} looks at: the rest may be left unread. */
    public int needed() {
        return recent + baseline;
    }

    /** What the numbers say: the signal and the medians, spread and the threshold behind it. */
    public record Verdict(Signal signal, double recentMedian, double baselineMedian, double spread, double threshold, int baselineSize) {
    }

    /** Judges durations in milliseconds, oldest first; only the last {@link #needed()} count. */
    public Verdict judge(long[] durations) {
        int n = durations.length;
        int baselineSize = Math.min(baseline, Math.max(0, n - recent));
        if (n < recent || baselineSize < minBaseline) {
            return new Verdict(Signal.HOLD, Double.NaN, Double.NaN, Double.NaN, Double.NaN, baselineSize);
        }
        double recentMedian = median(Arrays.copyOfRange(durations, n - recent, n));
        long[] base = Arrays.copyOfRange(durations, n - recent - baselineSize, n - recent);
        double baseMedian = median(base);
        // durations are skewed to the right (a test is never faster than its work, often slower): the spread is taken
        // of the logarithms, so it is a factor, and a noisy test's threshold grows with its median
        double logSpread = mad(logs(base), Math.log(Math.max(1, baseMedian))) * MAD_TO_SIGMA;
        double spread = baseMedian * (Math.exp(logSpread) - 1);
        double threshold = Math.max(Math.max(baseMedian * MIN_RATIO, baseMedian + MIN_DELTA_MS), baseMedian * Math.exp(SPREADS * logSpread));
        double clearBelow = baseMedian + (threshold - baseMedian) / 2;
        Signal signal = recentMedian > threshold ? Signal.BREACH : recentMedian <= clearBelow ? Signal.CLEAR : Signal.HOLD;
        return new Verdict(signal, recentMedian, baseMedian, spread, threshold, baselineSize);
    }

    /**
     * The series signal of a judged test or suite: its value the recent median, against the threshold, and a summary
     * naming {@code subject}, how many durations it had ({@code counted}: "passed executions", "runs") and over what
     * the recent median is taken ({@code recentOf}).
     */
    public SeriesSignal signal(Map<String, String> labels, long[] durations, String subject, String counted, String recentOf) {
        Verdict verdict = judge(durations);
        boolean judged = !Double.isNaN(verdict.recentMedian());
        String summary = !judged
                ? "%s: %d %s so far, too few to judge its duration (needs %d)".formatted(subject, durations.length, counted,
                        recent + minBaseline)
                : "%s: median %.0f ms over its last %d %s, baseline median %.0f ms (spread %.0f ms) over %d before; regression above %.0f ms"
                        .formatted(subject, verdict.recentMedian(), recent, recentOf, verdict.baselineMedian(), verdict.spread(),
                                verdict.baselineSize(), verdict.threshold());
        return new SeriesSignal(labels, verdict.signal(), judged ? verdict.recentMedian() : null, null, (long) durations.length, null, null,
                judged ? verdict.threshold() : null, summary);
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static double[] logs(long[] values) {
        double[] logs = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            logs[i] = Math.log(Math.max(1, values[i]));
        }
        return logs;
    }

    private static double mad(double[] values, double center) {
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - center);
        }
        Arrays.sort(deviations);
        int mid = deviations.length / 2;
        return deviations.length % 2 == 1 ? deviations[mid] : (deviations[mid - 1] + deviations[mid]) / 2;
    }
}
