package dev.testpulse.ingest.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeIdTest {

    private static final String BASE = OutcomeId.of("p", "ci", "42", 1, null, "suite", "C", "t", 0);

    @ParameterizedTest(name = "{0} changes the id")
    @CsvSource({
            "project, q, ci, 42, 1, , suite, C, t, 0",
            "pipeline, p, nightly, 42, 1, , suite, C, t, 0",
            "run id, p, ci, 43, 1, , suite, C, t, 0",
            "attempt, p, ci, 42, 2, , suite, C, t, 0",
            "a job, p, ci, 42, 1, linux, suite, C, t, 0",
            "suite, p, ci, 42, 1, , other, C, t, 0",
            "class, p, ci, 42, 1, , suite, D, t, 0",
            "name, p, ci, 42, 1, , suite, C, u, 0",
            "retry, p, ci, 42, 1, , suite, C, t, 1",
            "field boundaries, p, ci, 42, 1, , suit, eC, t, 0"})
    void everyIdentifyingFieldChangesTheId(String what, String project, String pipeline, String run, int attempt,
            String job, String suite, String className, String name, int retry) {
        assertThat(OutcomeId.of(project, pipeline, run, attempt, job, suite, className, name, retry)).isNotEqualTo(BASE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // Computed by the code before jobs existed: a re-sent old upload must keep its id to count once.
            "minimal, p, ci, 42, 1, suite, C, t, 0, a1e1639ada55c8c67e84574e61657433",
            "a real one, webshop, ci, 4711, 1, websocket, shop.ws.ReconnectTest, resumesAfterServerRestart, 0, 2039de4ef2979b4c0b6b0fd052e04757",
            "without class, p, default, 1, 1, s, , t, 0, 53df50e91001e710b7fa3997dd0332b1"})
    void keepsTheIdsOfUploadsWithoutAJob(String what, String project, String pipeline, String run, int attempt,
            String suite, String className, String name, int retry, String idBeforeJobs) {
        assertThat(OutcomeId.of(project, pipeline, run, attempt, null, suite, className, name, retry)).isEqualTo(idBeforeJobs);
    }

    @ParameterizedTest(name = "jobs {0} and {1} differ")
    @CsvSource({
            "'test (ubuntu-latest, 17)', 'test (ubuntu-latest, 21)'",
            "test 1/3, test 2/3",
            "chromium, firefox"})
    void givesEveryJobOfARunItsOwnIds(String job, String otherJob) {
        assertThat(OutcomeId.of("p", "ci", "42", 1, job, "suite", "C", "t", 0))
                .isNotEqualTo(OutcomeId.of("p", "ci", "42", 1, otherJob, "suite", "C", "t", 0))
                .isNotEqualTo(BASE);
    }

    @Test
    void isStableAndHexOf128Bits() {
        String withJob = OutcomeId.of("p", "ci", "42", 1, "linux", "suite", "C", "t", 0);
        assertThat(withJob).isEqualTo(OutcomeId.of("p", "ci", "42", 1, "linux", "suite", "C", "t", 0)).matches("[0-9a-f]{32}");
        assertThat(BASE).isEqualTo(OutcomeId.of("p", "ci", "42", 1, null, "suite", "C", "t", 0)).matches("[0-9a-f]{32}");
    }
}
