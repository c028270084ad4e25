package dev.testpulse.ingest.trx;

import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.report.ReportFailure;
import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.report.TallyingSink;
import dev.testpulse.ingest.xml.BoundedText;
import dev.testpulse.ingest.xml.XmlCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * Reads one {@code <UnitTestResult>}: its attributes, {@code Output/ErrorInfo} and the data rows of
 * {@code InnerResults}. A data-driven test's own result only sums up its rows, so the rows are emitted instead.
 * Results that share a class and name are told apart by {@link TrxNames}.
 */
final class TrxResultReader {

    private static final String DATA_DRIVEN_SUMMARY = "DataDrivenTest";
    private static final String DATA_DRIVEN_ROW = "DataDrivenDataRow";

    private final XmlCursor cursor;
    private final ReportLimits limits;
    private final TrxDefinitions definitions;
    private final TallyingSink sink;
    private final TrxNames names;

    TrxResultReader(XmlCursor cursor, ReportLimits limits, TrxDefinitions definitions, TallyingSink sink, TrxNames names) {
        this.cursor = cursor;
        this.limits = limits;
        this.definitions = definitions;
        this.sink = sink;
        this.names = names;
    }

    /** From a top-level {@code <UnitTestResult>} start tag to its end tag. */
    void read() throws XMLStreamException, ReportParseException {
        read(false);
    }

    /** @param nested a data row inside its data-driven test's {@code InnerResults} */
    // Long: A result's attributes must all be read before the cursor moves into its children, so the
    // attributes and the walk over the children stay in one method.
    private void read(boolean nested) throws XMLStreamException, ReportParseException {
        String name = cursor.attribute("testName");
        if (name == null || name.isBlank()) {
            throw cursor.error("UnitTestResult without a testName");
        }
        String rawOutcome = cursor.attribute("outcome");
        TrxOutcome outcome = TrxOutcome.parse(rawOutcome);
        if (outcome == null) {
            throw cursor.error("UnitTestResult '" + name + "' has "
                    + (rawOutcome == null ? "no outcome" : "unknown outcome '" + rawOutcome + "'"));
        }
        String testId = cursor.attribute("testId");
        String testListId = cursor.attribute("testListId");
        Long durationMs = TrxValues.durationMillis(cursor.attribute("duration"));
        Instant startTime = TrxValues.instant(cursor.attribute("startTime"));
        String resultType = cursor.attribute("resultType");
        boolean summaryOfRows = DATA_DRIVEN_SUMMARY.equals(resultType);
        // MSTest writes a data row nested in InnerResults, or flat with its resultType and its parent's execution.
        boolean row = nested || DATA_DRIVEN_ROW.equals(resultType) || cursor.attribute("parentExecutionId") != null;
        String variant = row ? names.ofRow(cursor.attribute("executionId")) : TrxNames.ofTest(testId);

        BoundedText message = new BoundedText(limits.maxMessageBytes());
        BoundedText trace = new BoundedText(limits.maxTraceBytes());
        while (cursor.nextChild()) {
            switch (cursor.localName()) {
                case "Output" -> readOutput(message, trace);
                case "InnerResults" -> readInnerResults();
                default -> cursor.skipElement(); // ResultFiles, CollectorDataEntries
            }
        }
        if (!summaryOfRows) {
            sink.accept(reported(name, variant, outcome, testId, testListId, durationMs, startTime, message, trace));
        }
    }

    private void readInnerResults() throws XMLStreamException, ReportParseException {
        while (cursor.nextChild()) {
            if ("UnitTestResult".equals(cursor.localName())) {
                read(true);
            } else {
                cursor.skipElement();
            }
        }
    }

    private void readOutput(BoundedText message, BoundedText trace) throws XMLStreamException, ReportParseException {
        while (cursor.nextChild()) {
            if ("ErrorInfo".equals(cursor.localName())) {
                while (cursor.nextChild()) {
                    switch (cursor.localName()) {
                        case "Message" -> cursor.readText(message);
                        case "StackTrace" -> cursor.readText(trace);
                        default -> cursor.skipElement();
                    }
                }
            } else {
                cursor.skipElement(); // StdOut, StdErr, DebugTrace, TextMessages
            }
        }
    }

    private ReportedTest reported(String name, String variant, TrxOutcome outcome, String testId, String testListId,
            Long durationMs, Instant startTime, BoundedText message, BoundedText trace) {
        TrxDefinitions.Definition definition = definitions.test(testId);
        String className = definition == null ? null : definition.className();
        List<String> tags = new ArrayList<>(definition == null ? List.of() : definition.categories());
        String list = definitions.list(testListId);
        if (list != null && !tags.contains(list)) {
            tags.add(list);
        }
        Status status = outcome.status();
        ReportFailure failure = status == Status.FAILED || status == Status.ERROR
                ? ReportFailure.of(null, messageOf(outcome, message, trace), trace.trimmed(), limits)
                : null;
        return new ReportedTest(className != null ? className : "default", className, names.name(className, name, variant),
                null, null, status,
                durationMs == null ? 0 : durationMs, failure, 0, false, startTime, null, tags, Map.of());
    }

    /** The message as written; else the first line of the trace; else the outcome, so a timeout still says so. */
    private static String messageOf(TrxOutcome outcome, BoundedText message, BoundedText trace) {
        if (message.trimmed() != null) {
            return message.trimmed();
        }
        String firstLine = trace.firstLine();
        return firstLine != null ? firstLine : "TRX outcome " + outcome.name().toLowerCase(Locale.ROOT);
    }
}
