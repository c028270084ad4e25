package dev.testpulse.analysis.goals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.windows.WindowedCounts.TestId;

class CoverageTest {

    @ParameterizedTest(name = "{1} of {0} measured, {2} executed -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            1116 |   39 |   39 | 39 of 1,116 baseline tests measured (3.5%); 1,077 not run  | true
            1116 | 1116 | 1116 | 1,116 of 1,116 baseline tests measured (100.0%); 0 not run | false
            100  |   60 |   60 | 60 of 100 baseline tests measured (60.0%); 40 not run      | false
            100  |   49 |   49 | 49 of 100 baseline tests measured (49.0%); 51 not run      | true
            20   |   20 |   20 | 20 of 20 baseline tests measured (100.0%); 0 not run       | true
            """)
    void countsTheBaselineTestsMeasuredAgain(int baselineSize, int measured, long executed, String summary, boolean tooSmall) {
        Set<TestId> baselineTests = tests(0, baselineSize);
        Set<TestId> now = tests(0, measured);
        now.add(new TestId("new", "T#added-since"));

        Coverage coverage = Coverage.of(snapshot(), baselineTests, now, executed);

        assertThat(coverage.summary()).isEqualTo(summary);
        assertThat(coverage.sampleTooSmall()).isEqualTo(tooSmall);
        assertThat(coverage.notRun()).isEqualTo(baselineSize - measured);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            explicit, the baseline's test set is unknown (it was set as a rate)
            counts,   the baseline's test set is unknown (it was set as counts)
            snapshot, the baseline's test set is unknown (it was set as a snapshot taken before test sets were kept)
            """)
    void saysWhenTheTestSetIsUnknown(String source, String summary) {
        Baseline baseline = new Baseline(0.5, null, source, null, null, Instant.EPOCH);

        Coverage coverage = Coverage.of(baseline, Set.of(), tests(0, 5), 5);

        assertThat(coverage.summary()).isEqualTo(summary);
        assertThat(coverage.measured()).isNull();
        assertThat(coverage.sampleTooSmall()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void namesTheSuitesOfTheBaselineThatDidNotRun() {
        Set<TestId> baselineTests = Set.of(new TestId("api", "A#a"), new TestId("ui", "U#u"), new TestId("db", "D#d"));

        Coverage coverage = Coverage.of(snapshot(), baselineTests, Set.of(new TestId("api", "A#a")), 100);

        assertThat(coverage.suitesNotRun()).containsExactly("db", "ui");
        assertThat(Coverage.of(null, baselineTests, Set.of(), 0)).isNull();
    }

    private static Baseline snapshot() {
        return new Baseline(0.5, new Counts(5, 5, 0, 0), Baseline.SNAPSHOT, "7d", null, Instant.EPOCH);
    }

    private static Set<TestId> tests(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new TestId("s" + (i % 7), "T#t" + i)).collect(Collectors.toSet());
    }
}
