package dev.testpulse.analysis.alerts.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testpulse.analysis.rates.WilsonInterval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Feeds simulated runs to {@link EarlyRunCondition} batch by batch, as a reporter streams them, and measures what
 * early alerts would cost (false alarms on runs that end healthy) and buy (how early bad runs are caught). Each run
 * comes with the size of its job's largest recent finished run, which the end criterion sizes it by. Seeded, so the
 * table in docs/alerts.md is reproducible; it is printed and written to target/early-alerts-simulation.md.
 */
@Tag("simulation") // left out of the inner loop (-Pquick): the published rates, measured in every CI run
class EarlyAlertSimulationTest {

    private static final long SEED = 20261130L;
    private static final int RUNS = 4000;
    private static final int MIN_LENGTH = 500;
    private static final int MAX_LENGTH = 2000;
    private static final int BATCH = 20;
    private static final long MIN_SAMPLES = 50;
    private static final double[] CONFIDENCES = {0.99, 0.999};
    private static final double TOLERANCE_QUANTILE = 0.999;

    /** Per test index, the probability that the test passes; one per run, as runs differ (e.g. where they collapse). */
    private interface RunShape {
        double passProbability(int index, int length);
    }

    /** How to decide "fire now" from the counts so far. */
    private interface EarlyCheck {
        boolean breached(long passed, long executed, long largestRecent);
    }

    /**
     * {@code growth}: how much larger (or smaller) than its job's largest recent finished run a run turns out, drawn
     * uniformly between the two bounds.
     */
    private record Scenario(String name, double below, boolean incident, Function<SplittableRandom, RunShape> shapes,
                            double minGrowth, double maxGrowth) {

        Scenario(String name, double below, boolean incident, Function<SplittableRandom, RunShape> shapes) {
            this(name, below, incident, shapes, 1 - EarlyRunCondition.SIZE_SLACK, 1 + EarlyRunCondition.SIZE_SLACK);
        }

        boolean withinSizeBound() {
            return maxGrowth <= 1 + EarlyRunCondition.SIZE_SLACK;
        }
    }

    private record Run(boolean[] outcomes, long largestRecent) {
    }

    private record Variant(String label, double confidence, EarlyCheck check) {
    }

    private record Outcome(int length, int passed, int firedAt) {
        boolean endedHealthy(double below) {
            return (double) passed / length >= below;
        }
    }

    private record Row(Scenario scenario, Variant variant, int runs, int endedHealthy, int falseAlarms,
                       int allowedFalseAlarms, int endedBad, int detected, int[] delays, double[] delayShares) {
    }

    private static final Scenario HEALTHY = new Scenario("healthy 0.97", 0.90, false, random -> (i, n) -> 0.97);
    private static final Scenario AT_THRESHOLD = new Scenario("at threshold 0.90", 0.90, false, random -> (i, n) -> 0.90);
    private static final Scenario EARLY_FAILURES = new Scenario("first 10% at 0.75, rest 0.99", 0.90, false,
            random -> (i, n) -> i < n / 10 ? 0.75 : 0.99);
    private static final Scenario BAD = new Scenario("bad 0.80", 0.90, false, random -> (i, n) -> 0.80);
    private static final Scenario DEGRADING = new Scenario("degrading 0.97 → 0.70", 0.90, false,
            random -> (i, n) -> 0.97 - 0.27 * i / (n - 1));
    private static final Scenario COLLAPSE = new Scenario("infra collapse 0.98 → 0.05 (failed_pct 80)", 0.20, true,
            random -> {
                // The collapse comes somewhere in the first 30% of the run, so that about half the runs end above
                // failed_pct and half below.
                double collapseAt = random.nextDouble(0.30);
                return (i, n) -> i < collapseAt * n ? 0.98 : 0.05;
            });
    // Past the size bound: the run is twice its job's recent runs, and its first fifth fails more than the threshold
    // allows for the size the rule expects, yet it ends at about 0.91.
    private static final Scenario EARLY_FAILURES_DOUBLED = new Scenario("first 20% at 0.60, rest 0.99, run twice its history",
            0.90, false, random -> (i, n) -> i < n / 5 ? 0.60 : 0.99, 2.0, 2.0);
    private static final List<Scenario> SCENARIOS = List.of(HEALTHY, AT_THRESHOLD, EARLY_FAILURES, EARLY_FAILURES_DOUBLED, BAD,
            DEGRADING, COLLAPSE);
    private static final String SO_FAR = "so far";
    private static final String SO_FAR_AND_END = "so far + end";

    private static final List<Row> ROWS = new ArrayList<>();

    @BeforeAll
    static void simulate() throws IOException {
        SplittableRandom seeds = new SplittableRandom(SEED);
        for (Scenario scenario : SCENARIOS) {
            // The same runs for every variant of a scenario, so that rows differ only by the rule.
            Run[] runs = generate(scenario, seeds.split());
            for (Variant variant : variants(scenario)) {
                ROWS.add(measure(scenario, variant, runs));
            }
        }
        String table = table();
        System.out.println(table);
        Path report = Path.of("target", "early-alerts-simulation.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table);
    }

    private static List<Variant> variants(Scenario scenario) {
        List<Variant> variants = new ArrayList<>();
        for (double confidence : CONFIDENCES) {
            EarlyRunCondition condition = scenario.incident()
                    ? EarlyRunCondition.forIncident(100 * (1 - scenario.below()), confidence, MIN_SAMPLES)
                    : EarlyRunCondition.of(scenario.below(), confidence, MIN_SAMPLES);
            // What the rule did before the end criterion, for comparison: the run so far alone.
            variants.add(new Variant(SO_FAR, confidence, (passed, executed, largest) -> condition.breachedSoFar(passed, executed)));
            variants.add(new Variant(SO_FAR_AND_END, confidence, condition::breached));
        }
        if (scenario == AT_THRESHOLD) {
            // What the correction is for: the same bound without it, looked at after every batch.
            for (double confidence : CONFIDENCES) {
                double z = InverseNormal.upperTail(1 - confidence);
                variants.add(new Variant("fixed z, no correction", confidence, (passed, executed, largest) ->
                        executed >= MIN_SAMPLES && WilsonInterval.of(passed, executed, z).upper() < scenario.below()));
            }
        }
        return variants;
    }

    private static Run[] generate(Scenario scenario, SplittableRandom random) {
        Run[] runs = new Run[RUNS];
        for (int r = 0; r < RUNS; r++) {
            int length = random.nextInt(MIN_LENGTH, MAX_LENGTH + 1);
            double growth = scenario.minGrowth() == scenario.maxGrowth() ? scenario.minGrowth()
                    : random.nextDouble(scenario.minGrowth(), scenario.maxGrowth());
            // floor: a run grown by at most the slack never exceeds what the rule allows for
            long largestRecent = Math.max(1, (long) Math.ceil(length / growth));
            RunShape shape = scenario.shapes().apply(random);
            boolean[] outcomes = new boolean[length];
            for (int i = 0; i < length; i++) {
                outcomes[i] = random.nextDouble() < shape.passProbability(i, length);
            }
            runs[r] = new Run(outcomes, largestRecent);
        }
        return runs;
    }

    private static Row measure(Scenario scenario, Variant variant, Run[] runs) {
        int endedHealthy = 0;
        int falseAlarms = 0;
        int endedBad = 0;
        int detected = 0;
        List<Integer> delays = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (Run run : runs) {
            Outcome outcome = replay(run, variant.check());
            boolean fired = outcome.firedAt() >= 0;
            if (outcome.endedHealthy(scenario.below())) {
                endedHealthy++;
                falseAlarms += fired ? 1 : 0;
            } else {
                endedBad++;
                if (fired) {
                    detected++;
                    delays.add(outcome.firedAt());
                    shares.add((double) outcome.firedAt() / outcome.length());
                }
            }
        }
        return new Row(scenario, variant, runs.length, endedHealthy, falseAlarms,
                binomialQuantile(endedHealthy, 1 - variant.confidence(), TOLERANCE_QUANTILE), endedBad, detected,
                delays.stream().mapToInt(Integer::intValue).sorted().toArray(),
                shares.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    /**
     * Evaluates after every full batch while the run is still running; the last evaluation, when the run has
     * finished, belongs to the ordinary rule and is not an early alert.
     */
    private static Outcome replay(Run run, EarlyCheck check) {
        boolean[] outcomes = run.outcomes();
        int passed = 0;
        int firedAt = -1;
        for (int executed = 1; executed <= outcomes.length; executed++) {
            passed += outcomes[executed - 1] ? 1 : 0;
            if (firedAt < 0 && executed % BATCH == 0 && executed < outcomes.length
                    && check.breached(passed, executed, run.largestRecent())) {
                firedAt = executed;
            }
        }
        return new Outcome(outcomes.length, passed, firedAt);
    }

    /** The smallest k with P(Binomial(n, p) <= k) >= quantile. */
    static int binomialQuantile(int n, double p, double quantile) {
        double pmf = Math.exp(n * Math.log1p(-p));
        double cdf = pmf;
        int k = 0;
        while (cdf < quantile && k < n) {
            pmf *= (double) (n - k) / (k + 1) * p / (1 - p);
            k++;
            cdf += pmf;
        }
        return k;
    }

    @Test
    void binomialQuantileMatchesAHandComputedCase() {
        // Binomial(10, 0.5): P(X <= 7) = 968/1024 = 0.9453, P(X <= 8) = 1013/1024 = 0.9893
        assertThat(binomialQuantile(10, 0.5, 0.95)).isEqualTo(8);
        assertThat(binomialQuantile(10, 0.5, 0.94)).isEqualTo(7);
    }

    /**
     * The promise, whatever the order of failures: within the size bound a run that ends healthy is never
     * alerted early, since the rule fires only once even passing every remaining test could not lift it.
     */
    @Test
    void noRunThatEndsHealthyIsAlertedEarlyWithinTheSizeBound() {
        for (Row row : ROWS) {
            if (row.scenario().withinSizeBound() && row.variant().label().equals(SO_FAR_AND_END)) {
                assertThat(row.falseAlarms())
                        .as("%s at %s: false alarms among %d runs that ended healthy", row.scenario().name(),
                                row.variant().confidence(), row.endedHealthy())
                        .isZero();
            }
        }
    }

    /** Why the end criterion exists: judged on the run so far, healthy runs with bad first tests are alerted. */
    @Test
    void judgedSoFarAloneHealthyRunsWithEarlyFailuresAlarm() {
        for (Row row : ROWS) {
            if (row.scenario() == EARLY_FAILURES && row.variant().label().equals(SO_FAR)) {
                assertThat(row.falseAlarms()).as("%s at %s", row.scenario().name(), row.variant().confidence())
                        .isGreaterThan(row.allowedFalseAlarms());
            }
        }
    }

    /** Past the size bound only the so-far half is left, and its stated rate holds for steady runs, not these. */
    @Test
    void aRunFarLargerThanItsHistoryCanStillBeAlertedWhileHealthy() {
        for (Row row : ROWS) {
            if (row.scenario() == EARLY_FAILURES_DOUBLED && row.variant().label().equals(SO_FAR_AND_END)) {
                assertThat(row.falseAlarms()).as("%s at %s", row.scenario().name(), row.variant().confidence()).isPositive();
            }
        }
    }

    @Test
    void runsThatStayAtOrAboveTheThresholdRarelyAlarm() {
        for (Row row : ROWS) {
            if ((row.scenario() == HEALTHY || row.scenario() == AT_THRESHOLD)
                    && row.variant().label().equals(SO_FAR)) {
                assertThat(row.falseAlarms())
                        .as("%s at %s: false alarms among %d runs that ended healthy", row.scenario().name(),
                                row.variant().confidence(), row.endedHealthy())
                        .isLessThanOrEqualTo(row.allowedFalseAlarms());
            }
        }
    }

    /**
     * Only at 0.99: at 0.999 the uncorrected check also alarms more often than 0.1% (see the table), but with about
     * 2,000 runs that excess is within binomial noise, so asserting it would be asserting luck.
     */
    @Test
    void withoutTheCorrectionRepeatedLooksExceedTheStatedRate() {
        for (Row row : ROWS) {
            if (row.variant().label().startsWith("fixed z") && row.variant().confidence() == 0.99) {
                assertThat(row.falseAlarms())
                        .as("%s at %s without correction", row.scenario().name(), row.variant().confidence())
                        .isGreaterThan(row.allowedFalseAlarms());
            }
        }
    }

    /**
     * Only runs that are bad throughout. Degrading and collapsing runs that end just past the threshold are, so
     * far, not confidently past it until late; how often they are caught before the end is reported, not promised.
     */
    @Test
    void badRunsAreCaughtBeforeTheyEnd() {
        for (Row row : ROWS) {
            if (row.scenario() == BAD && !row.variant().label().startsWith("fixed z")) {
                assertThat(row.endedBad()).isPositive();
                assertThat((double) row.detected() / row.endedBad())
                        .as("%s at %s: detected share", row.scenario().name(), row.variant().confidence())
                        .isGreaterThanOrEqualTo(0.95);
            }
        }
    }

    private static String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Seed %d, %d runs per scenario of %d–%d tests, each %.0f%% smaller to %.0f%% "
                + "larger than its job's largest recent finished run unless the scenario says otherwise, batches of %d, "
                + "min_samples %d.%n%n", SEED, RUNS, MIN_LENGTH, MAX_LENGTH, 100 * EarlyRunCondition.SIZE_SLACK,
                100 * EarlyRunCondition.SIZE_SLACK, BATCH, MIN_SAMPLES));
        out.append("| Scenario | Rule | Confidence | Ended healthy | False alarms | Allowed (99.9% binomial) "
                + "| Ended bad | Detected before end | Delay median (tests) | Delay p90 (tests) "
                + "| Delay median (share of run) | Delay p90 (share of run) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : ROWS) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d (%s) | %d | %d | %s | %s | %s | %s | %s |%n",
                    row.scenario().name(), row.variant().label(), row.variant().confidence(), row.endedHealthy(),
                    row.falseAlarms(), percent(row.falseAlarms(), row.endedHealthy()), row.allowedFalseAlarms(),
                    row.endedBad(), row.endedBad() == 0 ? "–" : row.detected() + " (" + percent(row.detected(),
                            row.endedBad()) + ")",
                    quantile(row.delays(), 0.5), quantile(row.delays(), 0.9),
                    shareQuantile(row.delayShares(), 0.5), shareQuantile(row.delayShares(), 0.9)));
        }
        return out.toString();
    }

    private static String percent(int count, int of) {
        return of == 0 ? "–" : String.format(Locale.ROOT, "%.2f%%", 100.0 * count / of);
    }

    /** Nearest-rank quantile of sorted values. */
    private static String quantile(int[] sorted, double q) {
        return sorted.length == 0 ? "–" : Integer.toString(sorted[rank(sorted.length, q)]);
    }

    private static String shareQuantile(double[] sorted, double q) {
        return sorted.length == 0 ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * sorted[rank(sorted.length, q)]);
    }

    private static int rank(int size, double q) {
        return Math.max(0, (int) Math.ceil(q * size) - 1);
    }
}
