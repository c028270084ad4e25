package dev.testpulse.analysis.outcome;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One execution of one test as read from {@code testpulse.outcomes}: analysis-service's own copy of the
 * {@code testpulse.outcome/v1} contract (docs/schemas/outcome-v1.schema.json).
 *
 * @param flaky the optional mark of a test its tool called flaky; null (absent) and false mean unmarked
 */
public record Outcome(
        String schema,
        String id,
        String project,
        String pipeline,
        Run run,
        String suite,
        Test test,
        String status,
        long durationMs,
        Failure failure,
        int retry,
        Instant observedAt,
        Boolean flaky) {

    public static final String SCHEMA = "testpulse.outcome/v1";

    /** The tool marked this test flaky. */
    public boolean markedFlaky() {
        return Boolean.TRUE.equals(flaky);
    }

    /**
     * {@code job} (optional, absent in older records) is the part of the run that ran the test: matrix leg, shard.
     * {@code url} (optional) links to the CI run's page.
     */
    public record Run(String id, int attempt, String job, String commit, String branch, Instant startedAt, String url) {

        public Run(String id, int attempt, String job, String commit, String branch, Instant startedAt) {
            this(id, attempt, job, commit, branch, startedAt, null);
        }
    }

    public record Test(@JsonProperty("class") String className, String name, String file, List<String> tags) {
    }

    public record Failure(String type, String message, String trace) {
    }
}
