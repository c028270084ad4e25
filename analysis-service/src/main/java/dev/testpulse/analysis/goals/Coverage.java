package dev.testpulse.analysis.goals;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import dev.testpulse.analysis.windows.WindowedCounts.TestId;

/**
 * How much of a baseline's test set the current window measured again, and whether the current sample can carry a
 * comparison at all. Known only for a snapshot baseline (its test keys are stored with it); a baseline set as a rate
 * or as counts says that its test set is unknown. {@code baselineTests}, {@code measured}, {@code measuredPct} and
 * {@code notRun} are null then.
 *
 * <p>A sample is flagged too small when fewer than {@value #MIN_EXECUTED} executions were measured, or when less than
 * {@value #MIN_COVERAGE_PCT}% of a known baseline test set was: a rate over a small part of the tests says little
 * about the rest, however narrow its interval.
 */
public record Coverage(Long baselineTests, Long measured, Double measuredPct, Long notRun, List<String> suitesNotRun,
        boolean sampleTooSmall, String summary) {

    public static final long MIN_EXECUTED = 30;
    public static final double MIN_COVERAGE_PCT = 50;

    /** The coverage of {@code baseline} by the tests measured now; null without a baseline. */
    public static Coverage of(Baseline baseline, Set<TestId> baselineTests, Set<TestId> measuredNow, long executedNow) {
        if (baseline == null) {
            return null;
        }
        boolean fewExecuted = executedNow < MIN_EXECUTED;
        if (baselineTests.isEmpty()) {
            String how = Baseline.COUNTS.equals(baseline.source()) ? "counts" : Baseline.SNAPSHOT.equals(baseline.source())
                    ? "a snapshot taken before test sets were kept" : "a rate";
            return new Coverage(null, null, null, null, List.of(), fewExecuted,
                    "the baseline's test set is unknown (it was set as " + how + ")");
        }
        long total = baselineTests.size();
        long measured = baselineTests.stream().filter(measuredNow::contains).count();
        double pct = Math.round(1000.0 * measured / total) / 10.0;
        TreeSet<String> suitesNotRun = new TreeSet<>();
        baselineTests.forEach(test -> suitesNotRun.add(test.suite()));
        baselineTests.stream().filter(measuredNow::contains).forEach(test -> suitesNotRun.remove(test.suite()));
        String summary = String.format(Locale.US, "%,d of %,d baseline tests measured (%.1f%%); %,d not run", measured, total,
                pct, total - measured);
        return new Coverage(total, measured, pct, total - measured, List.copyOf(suitesNotRun),
                fewExecuted || pct < MIN_COVERAGE_PCT, summary);
    }
}
