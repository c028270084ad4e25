package dev.testpulse.analysis.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds simulated test durations to {@link DurationRegressionCondition} one execution at a time, as the rule sees them
 * (each batch that runs the test judges it again), and measures its false alarms on tests that are noisy but unchanged
 * and its detection delay on a 100 ms → 300 ms step. Durations are lognormal around a 100 ms median at several noise
 * levels (σ of the log), plus rare 5× outliers (a GC pause). Seeded, so the table in docs/alerts.md is reproducible;
 * it is printed and written to target/duration-regression-simulation.md.
 */
class DurationRegressionSimulationTest {

    private static final long SEED = 20261206L;
    private static final int SERIES = 2000;
    /** Executions judged per unchanged series, after the baseline filled. */
    private static final int JUDGED = 200;
    /** Executions before the step: a full baseline. */
    private static final int BEFORE_STEP = DurationRegressionCondition.DEFAULT_RECENT + DurationRegressionCondition.DEFAULT_BASELINE;
    private static final double[] SIGMAS = {0.05, 0.1, 0.2, 0.3, 0.4};
    private static final double OUTLIER_RATE = 0.02;

    private final DurationRegressionCondition condition = DurationRegressionCondition.of(0);

    @Test
    void fewFalseAlarmsOnNoisyButUnchangedTestsAndQuickDetectionOfAThreefoldStep() throws IOException {
        StringBuilder table = new StringBuilder("""
                | noise (σ of log) | series with a false alarm in %d executions | false alarms per execution judged | step 100→300 ms detected | executions until it fires: median / p95 / max |
                |---|---|---|---|---|
                """.formatted(JUDGED));
        for (double sigma : SIGMAS) {
            Random random = new Random(SEED + Double.hashCode(sigma));
            int seriesAlarmed = 0;
            long alarms = 0;
            long judged = 0;
            for (int s = 0; s < SERIES; s++) {
                long[] durations = durations(random, sigma, BEFORE_STEP + JUDGED, Integer.MAX_VALUE);
                boolean any = false;
                for (int n = BEFORE_STEP; n <= durations.length; n++) {
                    judged++;
                    if (condition.judge(Arrays.copyOfRange(durations, Math.max(0, n - condition.needed()), n)).signal() == Signal.BREACH) {
                        alarms++;
                        any = true;
                    }
                }
                seriesAlarmed += any ? 1 : 0;
            }
            int[] delays = new int[SERIES];
            int detected = 0;
            for (int s = 0; s < SERIES; s++) {
                long[] durations = durations(random, sigma, BEFORE_STEP + 50, BEFORE_STEP);
                delays[s] = Integer.MAX_VALUE;
                for (int n = BEFORE_STEP + 1; n <= durations.length; n++) {
                    if (condition.judge(Arrays.copyOfRange(durations, Math.max(0, n - condition.needed()), n)).signal() == Signal.BREACH) {
                        delays[s] = n - BEFORE_STEP; // executions after the step, including the one that fired
                        detected++;
                        break;
                    }
                }
            }
            Arrays.sort(delays);
            double seriesRate = (double) seriesAlarmed / SERIES;
            double perExecution = (double) alarms / judged;
            int median = delays[SERIES / 2];
            int p95 = delays[(int) (SERIES * 0.95)];
            int max = delays[SERIES - 1];
            table.append(String.format(Locale.ROOT, "| %.2f | %.2f%% | %.4f%% | %.1f%% | %s / %s / %s |%n", sigma, seriesRate * 100,
                    perExecution * 100, 100.0 * detected / SERIES, delay(median), delay(p95), delay(max)));
            // the stated bounds of docs/alerts.md: rare false alarms at every noise level; a threefold step caught
            // within the recent executions where it lies beyond the test's spread (σ up to 0.2), mostly at σ 0.3; at
            // σ 0.4 three spreads are a factor of 3.3, so a threefold step is within the test's normal noise
            assertThat(seriesRate).as("series with a false alarm at σ %s", sigma).isLessThanOrEqualTo(0.01);
            if (sigma <= 0.2) {
                assertThat((double) detected / SERIES).as("steps detected at σ %s", sigma).isGreaterThanOrEqualTo(0.995);
                assertThat(p95).as("p95 executions until it fires at σ %s", sigma).isLessThanOrEqualTo(5);
            } else if (sigma <= 0.3) {
                assertThat((double) detected / SERIES).as("steps detected at σ %s", sigma).isGreaterThanOrEqualTo(0.8);
            }
        }
        System.out.println(table);
        Path out = Path.of("target", "duration-regression-simulation.md");
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
            double median = i >= step ? 300 : 100;
            double value = median * Math.exp(sigma * random.nextGaussian());
            if (random.nextDouble() < OUTLIER_RATE) {
                value *= 5;
            }
            durations[i] = Math.max(1, Math.round(value));
        }
        return durations;
    }
}
