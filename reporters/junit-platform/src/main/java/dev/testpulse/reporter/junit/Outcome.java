package dev.testpulse.reporter.junit;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** One execution of one test in testpulse's outcome shape (docs/schemas/outcome-v1.schema.json minus "schema"). */
final class Outcome {

    private static final int MAX_TAGS = 50;
    private static final int MAX_TAG = 100;

    private final String project;
    private final RunContext run;
    private final TestName test;
    private final List<String> tags;
    private final Status status;
    private final long durationMs;
    private final int retry;
    private final boolean flaky;
    private final Instant observedAt;
    private final Failure failure;
    private final boolean muted;

    /**
     * {@code failure} may be null; {@code flaky} when the test both passed and failed in this run so far; {@code muted}
     * when it ran muted by the quarantine, so that its failure did not fail the build.
     */
    Outcome(String project, RunContext run, TestName test, List<String> tags, Status status, long durationMs, int retry,
            boolean flaky, Instant observedAt, Failure failure, boolean muted) {
        this.project = project;
        this.run = run;
        this.test = test;
        // ingest refuses a whole batch for one blank or over-long tag: cut here rather than lose the batch
        this.tags = tags.stream().map(tag -> Utf8.truncate(tag, MAX_TAG)).filter(tag -> !tag.isBlank()).limit(MAX_TAGS)
                .collect(Collectors.toList());
        this.status = status;
        this.durationMs = durationMs;
        this.retry = retry;
        this.flaky = flaky;
        this.observedAt = observedAt;
        this.failure = failure;
        this.muted = muted;
    }

    /** One NDJSON line, without the newline. */
    String json() {
        StringBuilder out = new StringBuilder(512)
                .append("{\"id\":").append(Json.string(OutcomeId.of(project, run, test, retry)))
                .append(",\"project\":").append(Json.string(project))
                .append(",\"pipeline\":").append(Json.string(run.pipeline()))
                .append(",\"run\":").append(run.json(true))
                .append(",\"suite\":").append(Json.string(test.suite))
                .append(",\"test\":{\"class\":").append(Json.string(test.className))
                .append(",\"name\":").append(Json.string(test.name))
                .append(",\"tags\":[").append(tags.stream().map(Json::string).collect(Collectors.joining(","))).append("]}")
                .append(",\"status\":\"").append(status.json()).append('"')
                .append(",\"duration_ms\":").append(durationMs)
                .append(",\"retry\":").append(retry)
                .append(flaky ? ",\"flaky\":true" : "")
                .append(muted ? ",\"muted\":true" : "")
                .append(",\"observed_at\":").append(Json.string(observedAt.toString()));
        if (failure != null) {
            out.append(",\"failure\":").append(failure.json());
        }
        return out.append('}').toString();
    }
}
