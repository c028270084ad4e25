package dev.testpulse.ingest.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeIdTest {

    private static final String BASE = OutcomeId.of("p", "ci", "42", 1, "suite", "C", "t", 0);

    @ParameterizedTest(name = "{0} changes the id")
    @CsvSource({
            "project, q, ci, 42, 1, suite, C, t, 0",
            "pipeline, p, nightly, 42, 1, suite, C, t, 0",
            "run id, p, ci, 43, 1, suite, C, t, 0",
            "attempt, p, ci, 42, 2, suite, C, t, 0",
            "suite, p, ci, 42, 1, other, C, t, 0",
            "class, p, ci, 42, 1, suite, D, t, 0",
            "name, p, ci, 42, 1, suite, C, u, 0",
            "retry, p, ci, 42, 1, suite, C, t, 1",
            "field boundaries, p, ci, 42, 1, suit, eC, t, 0"})
    void everyIdentifyingFieldChangesTheId(String what, String project, String pipeline, String run, int attempt,
            String suite, String className, String name, int retry) {
        assertThat(OutcomeId.of(project, pipeline, run, attempt, suite, className, name, retry)).isNotEqualTo(BASE);
    }

    @ParameterizedTest
    @CsvSource({"p, ci, 42, 1, suite, C, t, 0"})
    void isStableAndHexOf128Bits(String project, String pipeline, String run, int attempt, String suite,
            String className, String name, int retry) {
        String id = OutcomeId.of(project, pipeline, run, attempt, suite, className, name, retry);
        assertThat(id).isEqualTo(BASE).matches("[0-9a-f]{32}");
    }
}
