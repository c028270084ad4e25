package dev.testpulse.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.ingest.outcome.IdNumbering;
import dev.testpulse.ingest.outcome.Outcome;
import dev.testpulse.ingest.outcome.TextRepair;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.Problem.Violation;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;
import dev.testpulse.ingest.publish.OutcomePublisher;
import dev.testpulse.ingest.publish.RunEventPublisher;
import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportParser;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.shared.stream.StreamPosition;

/**
 * Turns uploaded report files into published outcomes, all or nothing, in bounded memory: a first pass parses and
 * validates every file and publishes nothing; only when all of them are valid are the outcomes published: those the
 * first pass kept for a small upload, or, for a large one, a second pass parses the files again and streams them.
 * A report is a run that is over, so then each run (each job of it) the upload held is said finished, unless the
 * upload says more of the run follow ({@code partial}). Outcomes of all files share one {@link IdNumbering}: the
 * same test in two files (one TRX per target framework, two Surefire reports) counts twice, as two tries.
 * A time a file claims outside what analysis keeps does not refuse it: those tests take the upload's time and the 202
 * says so ({@link ReportTimes}).
 */
@ApplicationScoped
public class ReportIngestion {

    /**
     * Uploads up to this size keep the outcomes of the first pass and publish them, instead of parsing again: what a
     * CI job sends per request is mostly far below (a 1,000-test Surefire report is about 150 KB), and the outcomes of
     * 1 MB of XML take a few MB of heap, so many such requests at once still fit a 256 MB heap. Larger uploads stream.
     */
    static final long KEEP_PARSED_BYTES = 1024 * 1024;

    private final OutcomeValidator validator;
    private final OutcomePublisher publisher;
    private final RunEventPublisher runs;

    public ReportIngestion(OutcomeValidator validator, OutcomePublisher publisher, RunEventPublisher runs) {
        this.validator = validator;
        this.publisher = publisher;
        this.runs = runs;
    }

    /**
     * @throws ProblemException 400 naming file, line and column of a malformed report; 422 for invalid outcomes or
     *         run context; 503 when Kafka did not take them
     */
    // Long: The publishing pass must repeat the counting pass exactly (same window, numbering, order): both
    // stay in one method so that they visibly match.
    public AcceptedOutcomes ingest(ReportParser parser, List<UploadedReport> reports, RunContext context) {
        Instant receivedAt = Instant.now();
        EventTimeWindow window = validator.windowAt(receivedAt);
        requireContext(context, reports, window);
        OutcomeTally tally = new OutcomeTally();
        Violations violations = new Violations();
        List<Outcome> kept = size(reports) <= KEEP_PARSED_BYTES ? new ArrayList<>() : null;
        Map<RunEventPublisher.FinishedRun, Long> perRun = new LinkedHashMap<>();
        IdNumbering numbering = new IdNumbering();
        for (UploadedReport report : reports) {
            ReportTimes times = new ReportTimes(window, context.startedAt(), receivedAt);
            ParseSummary summary = parse(parser, report, context, receivedAt, times, numbering, result -> {
                violations.add(result.violations());
                if (result.valid()) {
                    tally.add(result.outcome());
                    perRun.merge(runOf(result.outcome()), 1L, Long::sum);
                    if (kept != null) {
                        kept.add(result.outcome());
                    }
                }
            });
            summary.warnings().forEach(warning -> tally.warn(report.fileName() + ": " + warning));
            times.warnings().forEach(warning -> tally.warn(report.fileName() + ": " + warning));
        }
        if (numbering.warning() != null) {
            tally.warn(numbering.warning());
        }
        violations.throwIfAny();
        StreamPosition position;
        if (kept != null) {
            position = publisher.publish(kept);
        } else {
            // The same window, fallback and a fresh numbering over the same documents in the same order as the first
            // pass, so each test gets the time and the id the first pass counted.
            IdNumbering again = new IdNumbering();
            position = publisher.publish(batch -> reports.forEach(report -> parse(parser, report, context, receivedAt,
                    new ReportTimes(window, context.startedAt(), receivedAt), again, result -> batch.send(result.outcome()))));
        }
        if (!context.partial()) {
            finish(perRun);
        }
        return tally.accepted(position);
    }

    /** The run (job) an outcome belongs to, its count still unknown. */
    private static RunEventPublisher.FinishedRun runOf(Outcome outcome) {
        return new RunEventPublisher.FinishedRun(outcome.project(), outcome.pipeline(), outcome.run().id(), outcome.run().attempt(),
                outcome.run().job(), null);
    }

    /**
     * After the outcomes: a 503 here makes the client send the upload again, which counts once (the ids are
     * deterministic) and finishes the runs then.
     */
    private void finish(Map<RunEventPublisher.FinishedRun, Long> perRun) {
        List<RunEventPublisher.FinishedRun> finished = new ArrayList<>();
        perRun.forEach((run, outcomes) -> finished.add(new RunEventPublisher.FinishedRun(run.project(), run.pipeline(), run.runId(),
                run.attempt(), run.job(), outcomes)));
        try {
            runs.finished(finished);
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of(ProblemType.KAFKA_UNAVAILABLE,
                    "the outcomes were stored, but not that the run finished: " + e.getMessage() + "; send the upload again, it counts once"),
                    Map.of("Retry-After", 5), e);
        }
    }

    /** Bytes of the upload's files on disk. */
    static long size(List<UploadedReport> reports) {
        long bytes = 0;
        for (UploadedReport report : reports) {
            try {
                bytes += Files.size(report.path());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read spooled report " + report.fileName(), e);
            }
        }
        return bytes;
    }

    private ParseSummary parse(ReportParser parser, UploadedReport report, RunContext context, Instant receivedAt,
            ReportTimes times, IdNumbering numbering, Consumer<OutcomeValidator.Result> sink) {
        int[] index = {0};
        try (InputStream in = Files.newInputStream(report.path())) {
            return parser.parse(in, report.fileName(), test -> sink.accept(validator.validate(
                    toIncoming(test, context, times.observedAt(test.timestamp())),
                    "/files/" + report.fileName() + "/tests/" + index[0]++, receivedAt, numbering)));
        } catch (ReportParseException e) {
            Problem problem = Problem.of(ProblemType.MALFORMED_REPORT, e.getMessage() + "; nothing was published")
                    .at(e.getLine() > 0 ? e.getLine() : null, e.getColumn() > 0 ? e.getColumn() : null)
                    .inFile(report.fileName());
            throw new ProblemException(problem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spooled report " + report.fileName(), e);
        }
    }

    private static IncomingOutcome toIncoming(ReportedTest test, RunContext context, Instant observedAt) {
        List<String> tags = new ArrayList<>(context.tags());
        test.tags().stream().filter(tag -> !tags.contains(tag)).forEach(tags::add);
        IncomingOutcome.Failure failure = test.failure() == null ? null
                : new IncomingOutcome.Failure(test.failure().type(), test.failure().message(), test.failure().trace());
        // A job given with the upload wins; else the suite's hostname, where some producers put the matrix leg.
        String job = context.job() != null ? context.job() : test.hostname();
        return new IncomingOutcome(null, context.project(), context.pipeline(),
                new IncomingOutcome.Run(context.runId(), context.attempt(), job, context.commit(), context.branch(),
                        context.startedAt(), context.runUrl()),
                test.suite(), new IncomingOutcome.Test(test.className(), test.name(), test.file(), tags),
                test.status().wire(), test.durationMs(), failure, test.retry(),
                observedAt, test.flaky());
    }

    /**
     * A {@code ?started_at=} is the caller's own statement, as observed_at is in the JSON API, so outside the window it
     * is refused (once, before any file is read) rather than replaced.
     */
    private static void requireContext(RunContext context, List<UploadedReport> reports, EventTimeWindow window) {
        List<Violation> missing = new ArrayList<>();
        if (context.project() == null) {
            missing.add(new Violation("?project", "is required: give ?project= or the X-Testpulse-Project header"));
        }
        if (context.runId() == null) {
            missing.add(new Violation("?run", "is required: give ?run= (e.g. the CI build number) or the X-Testpulse-Run header"));
        }
        if (context.startedAt() != null && window.problemWith(context.startedAt()) != null) {
            missing.add(new Violation("?started_at", window.problemWith(context.startedAt())));
        }
        String urlProblem = RunUrl.problemWith(TextRepair.name(context.runUrl()));
        if (urlProblem != null) {
            missing.add(new Violation("?run_url", urlProblem));
        }
        if (reports.isEmpty()) {
            missing.add(new Violation("/files", "no report in the upload"));
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(Problem.of(ProblemType.INVALID_OUTCOMES,
                    "the upload cannot be attributed to a run; nothing was published").withErrors(missing));
        }
    }
}
