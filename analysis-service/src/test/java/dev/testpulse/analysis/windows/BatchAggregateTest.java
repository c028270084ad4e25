package dev.testpulse.analysis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.windows.BatchAggregate.BucketKey;
import dev.testpulse.analysis.windows.BatchAggregate.RunKey;

class BatchAggregateTest {

    private static final SeriesKey SUITE = new SeriesKey("p", "main", "s", SeriesKey.SUITE);

    /**
     * Each row: outcomes as {@code minute:status} in arrival order (late and out-of-order on purpose), and the
     * expected suite counts per minute bucket as {@code minute=passed/failed/error/skipped}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            in order                    | 10:p 11:f 12:p                | 10=1/0/0/0 11=0/1/0/0 12=1/0/0/0
            out of order                | 12:p 10:f 11:e                | 10=0/1/0/0 11=0/0/1/0 12=1/0/0/0
            late into an earlier bucket | 30:p 31:p 05:f                | 05=0/1/0/0 30=1/0/0/0 31=1/0/0/0
            same bucket adds up         | 10:p 10:f 10:p 10:s           | 10=2/1/0/1
            a day late                  | 10:p 10:p -1440:e             | -1440=0/0/1/0 10=2/0/0/0
            """)
    void everyOutcomeLandsInTheBucketOfItsOwnEventTime(String what, String outcomes, String expected) {
        BatchAggregate aggregate = BatchAggregate.of(parse(outcomes));
        Map<Instant, Counts> suiteMinutes = new java.util.TreeMap<>();
        aggregate.buckets(Buckets.MINUTE).forEach((key, counts) -> {
            if (key.series().equals(SUITE)) {
                suiteMinutes.put(key.bucket(), counts);
            }
        });
        Map<Instant, Counts> wanted = new java.util.TreeMap<>();
        for (String cell : expected.trim().split("\\s+")) {
            String[] parts = cell.split("=");
            long[] c = Arrays.stream(parts[1].split("/")).mapToLong(Long::parseLong).toArray();
            wanted.put(minute(Integer.parseInt(parts[0])).truncatedTo(java.time.temporal.ChronoUnit.MINUTES), new Counts(c[0], c[1], c[2], c[3]));
        }
        assertThat(suiteMinutes).isEqualTo(wanted);
    }

    @Test
    void countsEachOutcomeOnceForItsTestAndOnceForItsSuite() {
        BatchAggregate aggregate = BatchAggregate.of(List.of(outcome("a", "passed", 10, "r1"), outcome("b", "failed", 10, "r1")));
        Map<BucketKey, Counts> hours = aggregate.buckets(Buckets.HOUR);
        assertThat(hours).hasSize(3);
        assertThat(hours.get(new BucketKey(SUITE, Instant.parse("2026-11-24T10:00:00Z")))).isEqualTo(new Counts(1, 1, 0, 0));
        assertThat(hours.get(new BucketKey(new SeriesKey("p", "main", "s", "T#a"), Instant.parse("2026-11-24T10:00:00Z"))))
                .isEqualTo(new Counts(1, 0, 0, 0));
    }

    @Test
    void aRunStartsWhenItFirstTouchedTheSeriesWhateverTheArrivalOrder() {
        BatchAggregate aggregate = BatchAggregate.of(List.of(
                outcome("a", "passed", 30, "r1"), outcome("b", "failed", 5, "r1"), outcome("c", "passed", 20, "r2")));
        var r1 = aggregate.runs().get(new RunKey(SUITE, "ci", "r1", 1));
        assertThat(r1.startedAt()).isEqualTo(minute(5));
        assertThat(r1.counts()).isEqualTo(new Counts(1, 1, 0, 0));
        assertThat(aggregate.runs().get(new RunKey(SUITE, "ci", "r2", 1)).counts()).isEqualTo(new Counts(1, 0, 0, 0));
    }

    @Test
    void keepsAnUnnamedBranchAsItsOwnSeries() {
        Outcome noBranch = new Outcome(Outcome.SCHEMA, "x", "p", "ci", new Outcome.Run("r", 1, null, null, null, null), "s",
                new Outcome.Test(null, "t", null, List.of()), "passed", 1, null, 0, minute(0), null);
        BatchAggregate aggregate = BatchAggregate.of(List.of(noBranch));
        assertThat(aggregate.buckets(Buckets.MINUTE).keySet()).extracting(k -> k.series().branch()).containsOnly(SeriesKey.NO_BRANCH);
        assertThat(aggregate.tests()).extracting(BatchAggregate.TestName::testKey).containsExactly("#t");
    }

    private static List<Outcome> parse(String outcomes) {
        return Arrays.stream(outcomes.trim().split("\\s+")).map(cell -> {
            String[] parts = cell.split(":");
            String status = switch (parts[1]) {
                case "p" -> "passed";
                case "f" -> "failed";
                case "e" -> "error";
                default -> "skipped";
            };
            return outcome(cell, status, Integer.parseInt(parts[0]), "r1");
        }).toList();
    }

    private static Outcome outcome(String name, String status, int minute, String run) {
        return new Outcome(Outcome.SCHEMA, name + minute + run, "p", "ci", new Outcome.Run(run, 1, null, "c", "main", null), "s",
                new Outcome.Test("T", name, null, List.of()), status, 1, null, 0, minute(minute), null);
    }

    private static Instant minute(int minute) {
        return Instant.parse("2026-11-24T10:00:00Z").plusSeconds(60L * (minute - 10)).plusSeconds(7);
    }
}
