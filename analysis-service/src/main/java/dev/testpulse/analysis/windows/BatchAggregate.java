package dev.testpulse.analysis.windows;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.rates.Counts;

/**
 * One consumed batch folded in memory before anything is written: counts per series and time bucket (minute and
 * hour), per suite and run, and the tests seen. Every write that follows is one set-based statement.
 */
public final class BatchAggregate {

    private final Map<BucketKey, Counts> minutes = new HashMap<>();
    private final Map<BucketKey, Counts> hours = new HashMap<>();
    private final Map<RunKey, RunCounts> runs = new HashMap<>();
    // failures the build ignored because the test ran muted: counted in the Counts too, and apart here (issue 27)
    private final Map<BucketKey, Long> mutedMinutes = new HashMap<>();
    private final Map<BucketKey, Long> mutedHours = new HashMap<>();
    private final Map<RunKey, Long> mutedRuns = new HashMap<>();
    private final Map<TestName, Boolean> tests = new LinkedHashMap<>();

    public static BatchAggregate of(List<Outcome> outcomes) {
        return of(outcomes, List.of());
    }

    /**
     * @param backfill outcomes older than the raw retention: they count in the hour buckets that still cover their
     *        time (and name their tests), but not in minute buckets or runs, which are pruned at that horizon anyway
     */
    public static BatchAggregate of(List<Outcome> recent, List<Outcome> backfill) {
        BatchAggregate aggregate = new BatchAggregate();
        recent.forEach(aggregate::add);
        backfill.forEach(aggregate::addToHours);
        return aggregate;
    }

    private void addToHours(Outcome outcome) {
        SeriesKey test = seriesOf(outcome);
        Counts one = Counts.of(outcome.status());
        for (SeriesKey series : List.of(test, test.suiteLevel())) {
            BucketKey hour = new BucketKey(series, Buckets.HOUR.bucketOf(outcome.observedAt()));
            hours.merge(hour, one, Counts::plus);
            if (outcome.mutedFailure()) {
                mutedHours.merge(hour, 1L, Long::sum);
            }
        }
        tests.putIfAbsent(new TestName(outcome.project(), outcome.suite(), test.testKey(), outcome.test().className(),
                outcome.test().name()), Boolean.TRUE);
    }

    private static SeriesKey seriesOf(Outcome outcome) {
        String branch = outcome.run().branch() == null ? SeriesKey.NO_BRANCH : outcome.run().branch();
        return new SeriesKey(outcome.project(), branch, outcome.suite(),
                SeriesKey.testKey(outcome.test().className(), outcome.test().name()));
    }

    private void add(Outcome outcome) {
        Counts one = Counts.of(outcome.status());
        SeriesKey test = seriesOf(outcome);
        String testKey = test.testKey();
        Instant runStart = outcome.run().startedAt() != null ? outcome.run().startedAt() : outcome.observedAt();
        for (SeriesKey series : List.of(test, test.suiteLevel())) {
            BucketKey minute = new BucketKey(series, Buckets.MINUTE.bucketOf(outcome.observedAt()));
            BucketKey hour = new BucketKey(series, Buckets.HOUR.bucketOf(outcome.observedAt()));
            minutes.merge(minute, one, Counts::plus);
            hours.merge(hour, one, Counts::plus);
            if (outcome.mutedFailure()) {
                mutedMinutes.merge(minute, 1L, Long::sum);
                mutedHours.merge(hour, 1L, Long::sum);
            }
        }
        // Runs per suite only: a test's runs are read from the raw rows, which saves one upsert per outcome.
        RunKey run = new RunKey(test.suiteLevel(), outcome.pipeline(), outcome.run().id(), outcome.run().attempt());
        runs.merge(run, new RunCounts(runStart, outcome.observedAt(), outcome.observedAt(), one), RunCounts::plus);
        if (outcome.mutedFailure()) {
            mutedRuns.merge(run, 1L, Long::sum);
        }
        tests.putIfAbsent(new TestName(outcome.project(), outcome.suite(), testKey, outcome.test().className(),
                outcome.test().name()), Boolean.TRUE);
    }

    public Map<BucketKey, Counts> buckets(Buckets grain) {
        return grain == Buckets.MINUTE ? minutes : hours;
    }

    /** Muted failures per bucket of the grain (absent: none). */
    public Map<BucketKey, Long> mutedFailures(Buckets grain) {
        return grain == Buckets.MINUTE ? mutedMinutes : mutedHours;
    }

    /** Muted failures per run (absent: none). */
    public Map<RunKey, Long> mutedRunFailures() {
        return mutedRuns;
    }

    public Map<RunKey, RunCounts> runs() {
        return runs;
    }

    public List<TestName> tests() {
        return List.copyOf(tests.keySet());
    }

    /** A series in one time bucket. */
    public record BucketKey(SeriesKey series, Instant bucket) {
    }

    /** A series in one run (project + pipeline + run id + attempt). */
    public record RunKey(SeriesKey series, String pipeline, String runId, int attempt) {
    }

    /**
     * What a run did for a series, when the run first touched it (the run's own start when its producer gave one), and
     * the earliest and latest observed_at of those outcomes (the raw rows' bounds).
     */
    public record RunCounts(Instant startedAt, Instant firstObserved, Instant lastObserved, Counts counts) {
        RunCounts plus(RunCounts other) {
            return new RunCounts(startedAt.isBefore(other.startedAt) ? startedAt : other.startedAt,
                    firstObserved.isBefore(other.firstObserved) ? firstObserved : other.firstObserved,
                    lastObserved.isAfter(other.lastObserved) ? lastObserved : other.lastObserved, counts.plus(other.counts));
        }
    }

    /** A test as the API names it. */
    public record TestName(String project, String suite, String testKey, String className, String name) {
    }
}
