package dev.testpulse.analysis.outcome;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One execution of one test as read from {@code testpulse.outcomes}: analysis-service's own copy of the
 * {@code testpulse.outcome/v1} contract (docs/schemas/outcome-v1.schema.json).
 *
 * @param flaky the optional mark of a test its tool called flaky; null (absent) and false mean unmarked
 * @param muted the optional mark of the reporter that ran the test while it was muted (issue 27): its failure did not
 *              fail the build; null (absent) and false mean it was not muted
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
        Boolean flaky,
        Boolean muted) {

    public static final String SCHEMA = "testpulse.outcome/v1";

    /** An outcome without the muted mark (as every producer wrote before issue 27). */
    public Outcome(String schema, String id, String project, String pipeline, Run run, String suite, Test test, String status,
            long durationMs, Failure failure, int retry, Instant observedAt, Boolean flaky) {
        this(schema, id, project, pipeline, run, suite, test, status, durationMs, failure, retry, observedAt, flaky, null);
    }

    /** The reporter ran the test muted. */
    public boolean ranMuted() {
        return Boolean.TRUE.equals(muted);
    }

    /** A failure (failed or error) the build ignored because the test was muted. */
    public boolean mutedFailure() {
        return ranMuted() && ("failed".equals(status) || "error".equals(status));
    }

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
