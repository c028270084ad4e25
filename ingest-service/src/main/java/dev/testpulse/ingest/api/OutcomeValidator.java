package dev.testpulse.ingest.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.testpulse.ingest.IngestConfig;
import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.ingest.outcome.OutcomeId;
import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.problem.Problem.Violation;

/**
 * Turns what a client sent into a v1 {@link Outcome}: checks every field against the contract, fills the defaults
 * (id, pipeline, attempt, retry, observed_at) and reports each violation with a JSON pointer to it.
 */
@ApplicationScoped
public class OutcomeValidator {

    static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String DEFAULT_PIPELINE = "default";

    private final int maxMessageLength;
    private final int maxTraceLength;

    @Inject
    public OutcomeValidator(IngestConfig config) {
        this(config.maxMessageLength(), config.maxTraceLength());
    }

    OutcomeValidator(int maxMessageLength, int maxTraceLength) {
        this.maxMessageLength = maxMessageLength;
        this.maxTraceLength = maxTraceLength;
    }

    /** The outcome, or the violations found; {@code at} is the JSON pointer of this outcome in the request. */
    public Result validate(IncomingOutcome in, String at, Instant receivedAt) {
        List<Violation> violations = new ArrayList<>();
        Checks checks = new Checks(at, violations);
        if (in == null) {
            checks.fail("", "must be an outcome object");
            return new Result(null, violations);
        }
        checks.matches("/project", in.project(), PROJECT, "a project key: letters, digits, '.', '_', '-', at most 128");
        checks.optionalLength("/pipeline", in.pipeline(), 200);
        if (in.id() != null) {
            checks.matches("/id", in.id(), ID, "letters, digits, '.', '_', ':', '-', at most 128");
        }
        IncomingOutcome.Run run = in.run();
        if (run == null) {
            checks.fail("/run", "is required (at least run.id)");
        } else {
            checks.requiredLength("/run/id", run.id(), 200);
            checks.atLeast("/run/attempt", run.attempt(), 1);
            checks.optionalLength("/run/commit", run.commit(), 100);
            checks.optionalLength("/run/branch", run.branch(), 250);
        }
        checks.requiredLength("/suite", in.suite(), 500);
        IncomingOutcome.Test test = in.test();
        if (test == null) {
            checks.fail("/test", "is required (at least test.name)");
        } else {
            checks.requiredLength("/test/name", test.name(), 1000);
            checks.optionalLength("/test/class", test.className(), 1000);
            checks.optionalLength("/test/file", test.file(), 1000);
            checks.tags("/test/tags", test.tags());
        }
        Status status = Status.parse(in.status()).orElse(null);
        if (status == null) {
            checks.fail("/status", in.status() == null ? "is required (one of " + Status.ALLOWED + ")"
                    : "must be one of " + Status.ALLOWED + ", was '" + in.status() + "'");
        }
        checks.atLeast("/duration_ms", in.durationMs(), 0);
        checks.atLeast("/retry", in.retry(), 0);
        if (!violations.isEmpty()) {
            return new Result(null, violations);
        }
        return new Result(toOutcome(in, status, receivedAt), List.of());
    }

    private Outcome toOutcome(IncomingOutcome in, Status status, Instant receivedAt) {
        String pipeline = blankToNull(in.pipeline()) == null ? DEFAULT_PIPELINE : in.pipeline().trim();
        int attempt = Objects.requireNonNullElse(in.run().attempt(), 1);
        int retry = Objects.requireNonNullElse(in.retry(), 0);
        String suite = in.suite().trim();
        IncomingOutcome.Test test = in.test();
        String id = in.id() != null ? in.id()
                : OutcomeId.of(in.project(), pipeline, in.run().id(), attempt, suite, test.className(), test.name(), retry);
        Outcome.Failure failure = in.failure() == null ? null : new Outcome.Failure(
                truncate(in.failure().type(), 500),
                truncate(in.failure().message(), maxMessageLength),
                truncate(in.failure().trace(), maxTraceLength));
        return new Outcome(Outcome.SCHEMA, id, in.project(), pipeline,
                new Outcome.Run(in.run().id(), attempt, blankToNull(in.run().commit()), blankToNull(in.run().branch()),
                        in.run().startedAt()),
                suite,
                new Outcome.Test(blankToNull(test.className()), test.name(), blankToNull(test.file()),
                        test.tags() == null ? List.of() : List.copyOf(test.tags())),
                status, Objects.requireNonNullElse(in.durationMs(), 0L), failure, retry,
                in.observedAt() != null ? in.observedAt() : receivedAt,
                Boolean.TRUE.equals(in.flaky()) ? Boolean.TRUE : null);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
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

    /** Collects violations under one outcome's pointer. */
    private record Checks(String at, List<Violation> violations) {

        void fail(String field, String detail) {
            violations.add(new Violation(at + field, detail));
        }

        void requiredLength(String field, String value, int max) {
            if (value == null || value.isBlank()) {
                fail(field, "is required");
            } else {
                optionalLength(field, value, max);
            }
        }

        void optionalLength(String field, String value, int max) {
            if (value != null && value.length() > max) {
                fail(field, "must be at most " + max + " characters, was " + value.length());
            }
        }

        void matches(String field, String value, Pattern pattern, String expected) {
            if (value == null || value.isBlank()) {
                fail(field, "is required");
            } else if (!pattern.matcher(value).matches()) {
                fail(field, "must be " + expected + ", was '" + value + "'");
            }
        }

        void atLeast(String field, Number value, long min) {
            if (value != null && value.longValue() < min) {
                fail(field, "must be at least " + min + ", was " + value);
            }
        }

        void tags(String field, List<String> tags) {
            if (tags == null) {
                return;
            }
            if (tags.size() > 50) {
                fail(field, "must hold at most 50 tags, held " + tags.size());
            }
            for (int i = 0; i < tags.size(); i++) {
                if (tags.get(i) == null || tags.get(i).isBlank() || tags.get(i).length() > 100) {
                    fail(field + "/" + i, "must be a non-empty tag of at most 100 characters");
                }
            }
        }
    }
}
