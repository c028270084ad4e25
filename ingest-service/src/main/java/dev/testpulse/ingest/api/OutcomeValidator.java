package dev.testpulse.ingest.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.testpulse.ingest.IngestConfig;
import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.ingest.outcome.IdNumbering;
import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.outcome.Utf8;
import dev.testpulse.shared.problem.Problem.Violation;

/**
 * Turns what a client sent into a v1 {@link Outcome}: repairs its text, checks every field against the limits of
 * docs/outcome-fields.md, fills the defaults (id, pipeline, attempt, retry, observed_at) and reports each violation
 * with a JSON pointer to it. JSON, NDJSON, JUnit and CTRF uploads all pass through here.
 */
@ApplicationScoped
public class OutcomeValidator {

    static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String DEFAULT_PIPELINE = "default";
    static final int MAX_FAILURE_TYPE_BYTES = 500;

    private final int maxMessageBytes;
    private final int maxTraceBytes;
    private final Duration maxAge;

    @Inject
    public OutcomeValidator(IngestConfig config) {
        this(config.maxMessageLength(), config.maxTraceLength(), config.maxAge());
    }

    OutcomeValidator(int maxMessageBytes, int maxTraceBytes, Duration maxAge) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxTraceBytes = maxTraceBytes;
        this.maxAge = maxAge;
    }

    /** The outcome, or the violations found; {@code at} is the JSON pointer of this outcome in the request. */
    public Result validate(IncomingOutcome sent, String at, Instant receivedAt) {
        return validate(sent, at, receivedAt, new IdNumbering());
    }

    /**
     * As {@link #validate(IncomingOutcome, String, Instant)}, one outcome of an upload: {@code numbering} is the
     * upload's, so an outcome that would get the id of an earlier one becomes that test's next retry.
     */
    public Result validate(IncomingOutcome sent, String at, Instant receivedAt, IdNumbering numbering) {
        List<Violation> violations = new ArrayList<>();
        FieldChecks checks = new FieldChecks(at, violations);
        if (sent == null) {
            checks.fail("", "must be an outcome object");
            return new Result(null, violations);
        }
        IncomingOutcome in = sent.repaired();
        check(in, checks, windowAt(receivedAt));
        Status status = Status.parse(in.status()).orElse(null);
        if (status == null) {
            checks.fail("/status", in.status() == null ? "is required (one of " + Status.ALLOWED + ")"
                    : "must be one of " + Status.ALLOWED + ", was '" + in.status() + "'");
        }
        if (!violations.isEmpty()) {
            return new Result(null, violations);
        }
        return new Result(toOutcome(in, status, receivedAt, numbering, at), List.of());
    }

    /** The event times accepted for an upload received at {@code receivedAt}. */
    EventTimeWindow windowAt(Instant receivedAt) {
        return EventTimeWindow.around(receivedAt, maxAge);
    }

    /**
     * Byte limits keep a row of analysis-service's btree indexes (project, branch, suite, class#name, bucket) under
     * PostgreSQL's 2,704 bytes, whatever script the names are in.
     */
    // Long: One line per field of the outcome contract, in the schema's order: a list to read against the
    // schema, not logic to split.
    private static void check(IncomingOutcome in, FieldChecks checks, EventTimeWindow window) {
        checks.matches("/project", in.project(), PROJECT, "a project key: letters, digits, '.', '_', '-', at most 128");
        checks.optional("/pipeline", in.pipeline(), 200);
        if (in.id() != null) {
            checks.matches("/id", in.id(), ID, "letters, digits, '.', '_', ':', '-', at most 128");
        }
        IncomingOutcome.Run run = in.run();
        if (run == null) {
            checks.fail("/run", "is required (at least run.id)");
        } else {
            checks.required("/run/id", run.id(), 200);
            checks.atLeast("/run/attempt", run.attempt(), 1);
            checks.optional("/run/job", run.job(), 200);
            checks.optional("/run/commit", run.commit(), 100);
            checks.optional("/run/branch", run.branch(), 250);
            checks.within("/run/started_at", run.startedAt(), window);
            String urlProblem = RunUrl.problemWith(run.url());
            if (urlProblem != null) {
                checks.fail("/run/url", urlProblem);
            }
        }
        checks.required("/suite", in.suite(), 500);
        IncomingOutcome.Test test = in.test();
        if (test == null) {
            checks.fail("/test", "is required (at least test.name)");
        } else {
            checks.required("/test/name", test.name(), 1000);
            checks.optional("/test/class", test.className(), 500);
            checks.optional("/test/file", test.file(), 1000);
            checks.tags("/test/tags", test.tags());
        }
        checks.atLeast("/duration_ms", in.durationMs(), 0);
        checks.atLeast("/retry", in.retry(), 0);
        checks.within("/observed_at", in.observedAt(), window);
    }

    private Outcome toOutcome(IncomingOutcome in, Status status, Instant receivedAt, IdNumbering numbering, String at) {
        String pipeline = blankToNull(in.pipeline()) == null ? DEFAULT_PIPELINE : in.pipeline();
        IncomingOutcome.Run run = in.run();
        int attempt = Objects.requireNonNullElse(run.attempt(), 1);
        String job = blankToNull(run.job());
        int retry = Objects.requireNonNullElse(in.retry(), 0);
        IncomingOutcome.Test test = in.test();
        // A client-given id is the client's word on identity and stays as sent, and so does its retry.
        String id = in.id();
        if (id == null) {
            // The class goes into the id as sent (an empty one stays empty) so that ids stay what they were before.
            IdNumbering.Numbered numbered = numbering.number(in.project(), pipeline, run.id(), attempt, job, in.suite(),
                    test.className(), test.name(), retry, at);
            id = numbered.id();
            retry = numbered.retry();
        }
        Outcome.Failure failure = in.failure() == null ? null : new Outcome.Failure(
                Utf8.truncate(in.failure().type(), MAX_FAILURE_TYPE_BYTES),
                Utf8.truncate(in.failure().message(), maxMessageBytes),
                Utf8.truncate(in.failure().trace(), maxTraceBytes));
        return new Outcome(Outcome.SCHEMA, id, in.project(), pipeline,
                new Outcome.Run(run.id(), attempt, job, blankToNull(run.commit()), blankToNull(run.branch()), run.startedAt(),
                        blankToNull(run.url())),
                in.suite(),
                new Outcome.Test(blankToNull(test.className()), test.name(), blankToNull(test.file()),
                        test.tags() == null ? List.of() : List.copyOf(test.tags())),
                status, Objects.requireNonNullElse(in.durationMs(), 0L), failure, retry,
                in.observedAt() != null ? in.observedAt() : receivedAt,
                Boolean.TRUE.equals(in.flaky()) ? Boolean.TRUE : null, Boolean.TRUE.equals(in.muted()) ? Boolean.TRUE : null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Either an outcome or why not. */
    public record Result(Outcome outcome, List<Violation> violations) {
        public boolean valid() {
            return outcome != null;
        }
    }
}
