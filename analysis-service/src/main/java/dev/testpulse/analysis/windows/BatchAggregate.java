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
            hours.merge(new BucketKey(series, Buckets.HOUR.bucketOf(outcome.observedAt())), one, Counts::plus);
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
            minutes.merge(new BucketKey(series, Buckets.MINUTE.bucketOf(outcome.observedAt())), one, Counts::plus);
            hours.merge(new BucketKey(series, Buckets.HOUR.bucketOf(outcome.observedAt())), one, Counts::plus);
        }
        // Runs per suite only: a test's runs are read from the raw rows, which saves one upsert per outcome.
        runs.merge(new RunKey(test.suiteLevel(), outcome.pipeline(), outcome.run().id(), outcome.run().attempt()),
                new RunCounts(runStart, outcome.observedAt(), one), RunCounts::plus);
        tests.putIfAbsent(new TestName(outcome.project(), outcome.suite(), testKey, outcome.test().className(),
                outcome.test().name()), Boolean.TRUE);
    }

    public Map<BucketKey, Counts> buckets(Buckets grain) {
        return grain == Buckets.MINUTE ? minutes : hours;
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
     * the earliest observed_at of those outcomes (the raw rows' lower bound).
     */
    public record RunCounts(Instant startedAt, Instant firstObserved, Counts counts) {
        RunCounts plus(RunCounts other) {
            return new RunCounts(startedAt.isBefore(other.startedAt) ? startedAt : other.startedAt,
                    firstObserved.isBefore(other.firstObserved) ? firstObserved : other.firstObserved, counts.plus(other.counts));
        }
    }

    /** A test as the API names it. */
    public record TestName(String project, String suite, String testKey, String className, String name) {
    }
}
