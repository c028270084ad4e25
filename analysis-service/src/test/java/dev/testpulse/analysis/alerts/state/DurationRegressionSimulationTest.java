package dev.testpulse.analysis.alerts.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Feeds simulated test durations to {@link DurationRegressionCondition} one execution at a time, as the rule sees them
 * (each batch that runs the test judges it again), and measures its false alarms on tests that are noisy but unchanged
 * and its detection delay on a 100 ms → 300 ms step. Durations are lognormal around a 100 ms median at several noise
 * levels (σ of the log), plus rare 5× outliers (a GC pause); and the same for a suite's duration per run ({@code per:
 * suite}). Seeded, so the table in docs/alerts.md is reproducible;
 * they are printed and written to target/duration-regression-simulation.md and duration-regression-suite-simulation.md.
 */
@Tag("simulation") // left out of the inner loop (-Pquick): the published rates, measured in every CI run
class DurationRegressionSimulationTest {

    private static final long SEED = 20261206L;
    private static final int SERIES = 2000;
    /** Executions judged per unchanged series, after the baseline filled. */
    private static final int JUDGED = 200;
    /** Executions before the step: a full baseline. */
    private static final int BEFORE_STEP = DurationRegressionCondition.DEFAULT_RECENT + DurationRegressionCondition.DEFAULT_BASELINE;
    private static final double[] SIGMAS = {0.05, 0.1, 0.2, 0.3, 0.4};
    private static final double OUTLIER_RATE = 0.02;
    /** A simulated suite's tests, each at this noise, and the run-to-run noise of the machine they share. */
    private static final int SUITE_TESTS = 20;
    private static final double SUITE_TEST_SIGMA = 0.2;
    private static final double[] MACHINE_SIGMAS = {0.05, 0.1, 0.2, 0.3};

    private final DurationRegressionCondition condition = DurationRegressionCondition.of(0);

    @Test
    void fewFalseAlarmsOnNoisyButUnchangedTestsAndQuickDetectionOfAThreefoldStep() throws IOException {
        StringBuilder table = new StringBuilder("""
                | noise (σ of log) | series with a false alarm in %d executions | false alarms per execution judged | step 100→300 ms detected | executions until it fires: median / p95 / max |
                |---|---|---|---|---|
                """.formatted(JUDGED));
        for (double sigma : SIGMAS) {
            Random random = new Random(SEED + Double.hashCode(sigma));
            Measured m = measure((count, step) -> durations(random, sigma, count, step));
            table.append(m.row("%.2f".formatted(sigma)));
            // the stated bounds of docs/alerts.md: rare false alarms at every noise level; a threefold step caught
            // within the recent executions where it lies beyond the test's spread (σ up to 0.2), mostly at σ 0.3; at
            // σ 0.4 three spreads are a factor of 3.3, so a threefold step is within the test's normal noise
            assertThat(m.seriesRate()).as("series with a false alarm at σ %s", sigma).isLessThanOrEqualTo(0.01);
            if (sigma <= 0.2) {
                assertThat(m.detectedRate()).as("steps detected at σ %s", sigma).isGreaterThanOrEqualTo(0.995);
                assertThat(m.p95()).as("p95 executions until it fires at σ %s", sigma).isLessThanOrEqualTo(5);
            } else if (sigma <= 0.3) {
                assertThat(m.detectedRate()).as("steps detected at σ %s", sigma).isGreaterThanOrEqualTo(0.8);
            }
        }
        write(table, "duration-regression-simulation.md");
    }

    /**
     * {@code per: suite}: a suite of {@link #SUITE_TESTS} tests, each lognormal around 100 ms at σ 0.2 with the same rare
     * outliers, all slowed or sped alike in each run by the CI machine's load (a lognormal factor per run, the noise
     * that does not average out over the tests). Its duration per run is their sum, as the rule reads it. Steps: every
     * test 100 → 300 ms (the suite three times as slow), and one test of them 100 → 300 ms (the suite 10% slower, which
     * is the per-test rule's to find: it must not be a suite regression).
     */
    @Test
    void aSuiteRuleFiresOnASuiteThreeTimesAsSlowAndNotOnOneSlowTestOrItsMachinesNoise() throws IOException {
        StringBuilder table = new StringBuilder("""
                | run-to-run machine noise (σ of log) | suites with a false alarm in %d runs | false alarms per run judged | suite 3× slower detected | runs until it fires: median / p95 / max | one test of %d 3× slower detected |
                |---|---|---|---|---|---|
                """.formatted(JUDGED, SUITE_TESTS));
        for (double machine : MACHINE_SIGMAS) {
            Random random = new Random(SEED + 31 * Double.hashCode(machine));
            Measured whole = measure((count, step) -> suite(random, machine, count, step, SUITE_TESTS));
            Measured one = measure((count, step) -> suite(random, machine, count, step, 1));
            table.append(whole.row("%.2f".formatted(machine)).stripTrailing()).append(String.format(Locale.ROOT, " %.1f%% |%n",
                    one.detectedRate() * 100));
            assertThat(whole.seriesRate()).as("suites with a false alarm at machine σ %s", machine).isLessThanOrEqualTo(0.01);
            assertThat(one.detectedRate()).as("one slow test of %d read as a suite regression at σ %s", SUITE_TESTS, machine)
                    .isLessThanOrEqualTo(0.01);
            if (machine <= 0.1) {
                assertThat(whole.detectedRate()).as("suite steps detected at σ %s", machine).isGreaterThanOrEqualTo(0.995);
                assertThat(whole.p95()).as("p95 runs until it fires at σ %s", machine).isLessThanOrEqualTo(5);
            } else if (machine <= 0.2) {
                assertThat(whole.detectedRate()).as("suite steps detected at σ %s", machine).isGreaterThanOrEqualTo(0.99);
                assertThat(whole.p95()).as("p95 runs until it fires at σ %s", machine).isLessThanOrEqualTo(DurationRegressionCondition.DEFAULT_RECENT);
            }
        }
        write(table, "duration-regression-suite-simulation.md");
    }

    /** Generates a series of {@code count} durations, oldest first, slower from {@code step} on. */
    private interface Series {
        long[] make(int count, int step);
    }

    /** Of {@link #SERIES} series: the share with any false alarm, false alarms per judgment, steps detected and the delays. */
    private record Measured(double seriesRate, double perExecution, double detectedRate, int median, int p95, int max) {

        String row(String label) {
            return String.format(Locale.ROOT, "| %s | %.2f%% | %.4f%% | %.1f%% | %s / %s / %s |%n", label, seriesRate * 100, perExecution * 100,
                    detectedRate * 100, delay(median), delay(p95), delay(max));
        }
    }

    /** Judges each series after each execution, as the rule does when a batch brings one: unchanged ones, then stepped ones. */
    private Measured measure(Series series) {
        int seriesAlarmed = 0;
        long alarms = 0;
        long judged = 0;
        for (int s = 0; s < SERIES; s++) {
            long[] durations = series.make(BEFORE_STEP + JUDGED, Integer.MAX_VALUE);
            boolean any = false;
            for (int n = BEFORE_STEP; n <= durations.length; n++) {
                judged++;
                if (breached(durations, n)) {
                    alarms++;
                    any = true;
                }
            }
            seriesAlarmed += any ? 1 : 0;
        }
        int[] delays = new int[SERIES];
        int detected = 0;
        for (int s = 0; s < SERIES; s++) {
            long[] durations = series.make(BEFORE_STEP + 50, BEFORE_STEP);
            delays[s] = Integer.MAX_VALUE;
            for (int n = BEFORE_STEP + 1; n <= durations.length; n++) {
                if (breached(durations, n)) {
                    delays[s] = n - BEFORE_STEP; // executions after the step, including the one that fired
                    detected++;
                    break;
                }
            }
        }
        Arrays.sort(delays);
        return new Measured((double) seriesAlarmed / SERIES, (double) alarms / judged, (double) detected / SERIES, delays[SERIES / 2],
                delays[(int) (SERIES * 0.95)], delays[SERIES - 1]);
    }

    private boolean breached(long[] durations, int n) {
        return condition.judge(Arrays.copyOfRange(durations, Math.max(0, n - condition.needed()), n)).signal() == Signal.BREACH;
    }

    private static void write(StringBuilder table, String file) throws IOException {
        System.out.println(table);
        Path out = Path.of("target", file);
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private static String delay(int executions) {
        return executions == Integer.MAX_VALUE ? "not within 50" : Integer.toString(executions);
    }

    /** Lognormal around 100 ms with rare 5× outliers; from {@code step} on three times as slow. */
    private static long[] durations(Random random, double sigma, int count, int step) {
        long[] durations = new long[count];
        for (int i = 0; i < count; i++) {
            durations[i] = Math.max(1, Math.round(execution(random, sigma, i >= step ? 300 : 100)));
        }
        return durations;
    }

    private static double execution(Random random, double sigma, double median) {
        double value = median * Math.exp(sigma * random.nextGaussian());
        return random.nextDouble() < OUTLIER_RATE ? value * 5 : value;
    }

    /** A suite's duration per run: {@link #SUITE_TESTS} tests at σ 0.2 times the run's machine factor; {@code slowed} of them 3× from {@code step}. */
    private static long[] suite(Random random, double machineSigma, int count, int step, int slowed) {
        long[] totals = new long[count];
        for (int i = 0; i < count; i++) {
            double machine = Math.exp(machineSigma * random.nextGaussian());
            double total = 0;
            for (int t = 0; t < SUITE_TESTS; t++) {
                total += execution(random, SUITE_TEST_SIGMA, i >= step && t < slowed ? 300 : 100);
            }
            totals[i] = Math.max(1, Math.round(total * machine));
        }
        return totals;
    }
}
