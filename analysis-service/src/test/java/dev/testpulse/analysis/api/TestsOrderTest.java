package dev.testpulse.analysis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.testpulse.analysis.api.TestsResource.TestRow;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;

class TestsOrderTest {

    private static final List<TestRow> ROWS = List.of(
            row("b", 9, 1), row("a", 5, 5), row("c", 0, 0), row("d", 1, 9), row("e", 5, 5));

    @ParameterizedTest(name = "sort={0}")
    @CsvSource({"rate, d a e b c", "failures, d a e b c", "name, a b c d e"})
    void ordersTheTable(String sort, String expected) {
        assertThat(ROWS.stream().sorted(TestsResource.order(sort)).map(TestRow::name).toList())
                .isEqualTo(List.of(expected.split(" ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"worst", "RATE", ""})
    void refusesAnUnknownSort(String sort) {
        assertThatThrownBy(() -> TestsResource.order(sort)).isInstanceOf(ProblemException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "ten", "-5"})
    void refusesALimitOutOfRange(String limit) {
        assertThatThrownBy(() -> TestsResource.limit(limit)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().parameter()).isEqualTo("limit"));
    }

    private static TestRow row(String name, long passed, long failed) {
        return new TestRow("C", name, Rate.of(new Counts(passed, failed, 0, 0)), List.of());
    }
}
