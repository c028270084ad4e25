package dev.testpulse.ingest.outcome;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One execution of one test as published to {@code testpulse.outcomes}: the {@code testpulse.outcome/v1} contract
 * (docs/schemas/outcome-v1.schema.json). This is ingest-service's own copy; analysis-service keeps its own.
 *
 * @param flaky true when the producer marked the test flaky (CTRF {@code flaky}, Surefire {@code flakyFailure}); left
 *              out of the JSON otherwise, so outcomes without the mark look exactly as before it existed
 * @param muted true when the reporter ran the test while it was muted (issue 27): its failure did not fail the build;
 *              left out of the JSON otherwise, as flaky
 */
public record Outcome(
        String schema,
        String id,
        String project,
        String pipeline,
        Run run,
        String suite,
        Test test,
        Status status,
        long durationMs,
        Failure failure,
        int retry,
        Instant observedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean flaky,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean muted) {

    public static final String SCHEMA = "testpulse.outcome/v1";

    /** An outcome without the muted mark. */
    public Outcome(String schema, String id, String project, String pipeline, Run run, String suite, Test test, Status status,
            long durationMs, Failure failure, int retry, Instant observedAt, Boolean flaky) {
        this(schema, id, project, pipeline, run, suite, test, status, durationMs, failure, retry, observedAt, flaky, null);
    }

    /** The Kafka key: all outcomes of one suite land on one partition, in order. */
    public String key() {
        return project + "/" + suite;
    }

    /**
     * One CI run; {@code attempt} counts re-runs of the whole run, {@code job} names the part of it (matrix leg,
     * shard, parallel stage) that ran the test. Without a job the field is left out, so such records are exactly
     * what v1 consumers read before the optional field existed. {@code url} (the CI run's page) is left out the same way.
     */
    public record Run(String id, int attempt, @JsonInclude(JsonInclude.Include.NON_NULL) String job, String commit,
            String branch, Instant startedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String url) {

        public Run(String id, int attempt, String job, String commit, String branch, Instant startedAt) {
            this(id, attempt, job, commit, branch, startedAt, null);
        }
    }

    /** The test itself; {@code class} is optional because not every framework has classes. */
    public record Test(@JsonProperty("class") String className, String name, String file, List<String> tags) {
    }

    /** What went wrong, for failed and errored tests. */
    public record Failure(String type, String message, String trace) {
    }
}
