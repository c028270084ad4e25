package dev.testpulse.ingest.junit;

import dev.testpulse.ingest.report.ReportFailure;
import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.xml.BoundedText;
import dev.testpulse.ingest.xml.XmlCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;

/**
 * Reads one {@code <testcase>} element: its attributes, its outcome (error > failure > skipped > passed),
 * Surefire flaky/rerun tries and its properties. Output text is ignored without being buffered.
 */
final class TestCaseReader {

    /** Surefire's rerunFailingTestsCount is single digits in practice; the cap only stops abuse. */
    static final int MAX_TRIES = 100;

    private static final Set<String> SKIPPED_STATUSES = Set.of("disabled", "skipped", "ignored", "notrun");
    private static final Set<String> TRACE_CHILDREN = Set.of("stackTrace");

    private final XmlCursor cursor;
    private final ReportLimits limits;
    private final Consumer<String> warn;

    TestCaseReader(XmlCursor cursor, ReportLimits limits, Consumer<String> warn) {
        this.cursor = cursor;
        this.limits = limits;
        this.warn = warn;
    }

    /** From the {@code <testcase>} start tag to its end tag. */
    // Long: A test case's attributes must all be read before the cursor moves into its children, so both
    // stay in one method; the children are one switch.
    TestCase read() throws XMLStreamException, ReportParseException {
        String[] attributes = cursor.attributes("name", "classname", "file", "line", "time", "timestamp", "status");
        String name = attributes[0];
        if (name == null || name.isBlank()) {
            throw cursor.error("testcase without a name");
        }
        String className = attributes[1];
        if (className == null || className.isBlank()) {
            className = cursor.attribute("class"); // a dialect's fallback, looked up only when needed
        }
        String file = attributes[2];
        Integer line = AttributeValues.nonNegativeInt(attributes[3]);
        Long durationMs = duration(name, attributes[4]);
        Instant timestamp = AttributeValues.instant(attributes[5]);
        boolean skippedByStatus = isSkippedStatus(attributes[6]);

        Status initial = skippedByStatus ? Status.SKIPPED : Status.PASSED;
        Attempt main = new Attempt(initial, null, durationMs, timestamp);
        List<Attempt> flakyTries = new ArrayList<>();
        List<Attempt> reruns = new ArrayList<>();
        TestProperties properties = new TestProperties();
        while (cursor.nextChild()) {
            switch (cursor.localName()) {
                case "error" -> main = moreSevere(main, readMain(Status.ERROR, durationMs, timestamp));
                case "failure" -> main = moreSevere(main, readMain(Status.FAILED, durationMs, timestamp));
                case "skipped" -> {
                    cursor.skipElement();
                    main = moreSevere(main, new Attempt(Status.SKIPPED, null, durationMs, timestamp));
                }
                case "flakyFailure" -> addTry(flakyTries, Status.FAILED, name);
                case "flakyError" -> addTry(flakyTries, Status.ERROR, name);
                case "rerunFailure" -> addTry(reruns, Status.FAILED, name);
                case "rerunError" -> addTry(reruns, Status.ERROR, name);
                case "properties" -> properties.read(cursor);
                default -> cursor.skipElement(); // system-out, system-err and unknown extensions
            }
        }
        properties.warnIfDropped(name, warn);
        return new TestCase(className, name, file, line, flakyTries, main, reruns,
                properties.tags(), properties.properties());
    }

    private void addTry(List<Attempt> tries, Status status, String testName)
            throws XMLStreamException, ReportParseException {
        Long durationMs = AttributeValues.secondsToMillis(cursor.attribute("time"));
        Instant timestamp = AttributeValues.instant(cursor.attribute("timestamp"));
        Attempt attempt = readProblem(status, TRACE_CHILDREN, durationMs, timestamp);
        if (tries.size() < MAX_TRIES) {
            tries.add(attempt);
        } else if (tries.size() == MAX_TRIES) {
            warn.accept("testcase '" + testName + "': tries beyond " + MAX_TRIES + " ignored");
        }
    }

    private Attempt readMain(Status status, Long durationMs, Instant timestamp)
            throws XMLStreamException, ReportParseException {
        return readProblem(status, Set.of(), durationMs, timestamp);
    }

    /**
     * Reads a failure-like element. Its trace is the text of a trace child when it has one, else its own text;
     * without a message attribute, the first line of the trace is the message.
     */
    private Attempt readProblem(Status status, Set<String> traceChildren, Long durationMs, Instant timestamp)
            throws XMLStreamException, ReportParseException {
        String type = cursor.attribute("type");
        String message = cursor.attribute("message");
        int maxChars = Math.max(limits.maxTraceBytes(), limits.maxMessageBytes());
        BoundedText own = new BoundedText(maxChars);
        BoundedText nested = new BoundedText(maxChars);
        cursor.readText(own, nested, traceChildren);
        BoundedText text = nested.trimmed() != null ? nested : own;
        if (message == null || message.isBlank()) {
            message = text.firstLine();
        }
        return new Attempt(status, ReportFailure.of(type, message, text.trimmed(), limits), durationMs, timestamp);
    }

    private Long duration(String testName, String time) {
        Long millis = AttributeValues.secondsToMillis(time);
        if (millis == null && time != null && !time.isBlank()) {
            warn.accept("testcase '" + testName + "': unreadable time '" + time + "' taken as 0");
        }
        return millis;
    }

    /** Keeps the first of equally severe results: jest-junit writes one failure element per failed assertion. */
    private static Attempt moreSevere(Attempt current, Attempt candidate) {
        return severity(candidate.status()) > severity(current.status()) ? candidate : current;
    }

    private static int severity(Status status) {
        return switch (status) {
            case PASSED -> 0;
            case SKIPPED -> 1;
            case FAILED -> 2;
            case ERROR -> 3;
        };
    }

    private static boolean isSkippedStatus(String status) {
        return status != null && SKIPPED_STATUSES.contains(status.strip().toLowerCase(Locale.ROOT));
    }
}
