package dev.testpulse.ingest.ctrf;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import dev.testpulse.ingest.report.ReportFailure;
import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.outcome.Utf8;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one entry of {@code results.tests} into its {@link ReportedTest}s: one per try of {@code retryAttempts},
 * then the final result. Fields we do not use (stdout, attachments, steps, extra...) are skipped without being
 * materialised.
 */
final class CtrfTestReader {

    static final int MAX_TAGS = 64;
    /** Playwright's retries are single digits in practice; the cap only stops abuse, as for Surefire's tries. */
    static final int MAX_TRIES = 100;
    static final int MAX_TAG_BYTES = 1024;
    private static final String SUITE_SEPARATOR = " / ";

    private final JsonCursor cursor;
    private final ReportLimits limits;

    CtrfTestReader(JsonCursor cursor, ReportLimits limits) {
        this.cursor = cursor;
        this.limits = limits;
    }

    /**
     * From the test object's start to its end.
     *
     * @param index      position in {@code results.tests}, for error messages
     * @param reportStart {@code results.summary.start} when already seen, the fallback timestamp
     */
    CtrfTest read(int index, Instant reportStart) throws IOException, ReportParseException {
        JsonLocation start = cursor.location();
        Fields fields = new Fields();
        for (String field = cursor.nextField(); field != null; field = cursor.nextField()) {
            readField(index, field, fields);
        }
        if (fields.name == null || fields.name.isBlank()) {
            throw cursor.error("results.tests[" + index + "] has no name", start);
        }
        if (fields.status == null) {
            throw cursor.error("results.tests[" + index + "] has no status", start);
        }
        CtrfStatus status = CtrfStatus.parse(fields.status);
        if (status == null) {
            throw cursor.error("results.tests[" + index + "] has unknown status '" + fields.status + "'",
                    fields.statusLocation);
        }
        return new CtrfTest(status, executions(fields, status, reportStart));
    }

    /** The tries in report order (retry 0, 1, ...), then the final result numbered after them. */
    private List<ReportedTest> executions(Fields fields, CtrfStatus status, Instant reportStart) {
        Instant testStart = Timestamps.epoch(fields.start);
        Instant fallback = testStart != null ? testStart : reportStart;
        List<ReportedTest> executions = new ArrayList<>();
        for (CtrfTry attempt : fields.tries) {
            executions.add(reported(fields, attempt.status().testStatus(), attempt.durationMs(), attempt.failure(),
                    executions.size(), attempt.start() != null ? attempt.start() : fallback));
        }
        int finalRetry = fields.tries.isEmpty()
                ? (int) Math.min(Integer.MAX_VALUE, roundedNonNegative(fields.retries != null ? fields.retries : fields.legacyRetries))
                : fields.tries.size();
        executions.add(reported(fields, status.testStatus(), roundedNonNegative(fields.duration),
                failureOf(status.testStatus(), fields.message, fields.trace), finalRetry, fallback));
        return executions;
    }

    private void readField(int index, String field, Fields fields) throws IOException, ReportParseException {
        switch (field) {
            case "name" -> fields.name = cursor.text();
            case "status" -> {
                fields.statusLocation = cursor.location();
                fields.status = cursor.text();
            }
            case "duration" -> fields.duration = cursor.number();
            case "start" -> fields.start = cursor.number();
            case "suite" -> fields.suite = suite();
            case "message" -> fields.message = cursor.text();
            case "trace" -> fields.trace = cursor.text();
            case "filePath" -> fields.filePath = cursor.text();
            case "line" -> fields.line = cursor.number();
            // retry and flake are what reporters wrote before the spec named them retries and flaky.
            case "retries" -> fields.retries = cursor.number();
            case "retry" -> fields.legacyRetries = cursor.number();
            case "flaky" -> fields.flaky = cursor.isTrue();
            case "flake" -> fields.legacyFlaky = cursor.isTrue();
            case "retryAttempts" -> readTries(index, fields);
            case "tags" -> fields.tags = tags();
            case "type", "browser" -> putProperty(fields.properties, field, cursor.text());
            default -> cursor.skipValue();
        }
    }

    /**
     * CTRF's {@code suite} is a string; newer reporters write the path as an array of names,
     * which is joined like nested JUnit suites.
     */
    private String suite() throws IOException {
        if (cursor.token() != JsonToken.START_ARRAY) {
            return cursor.text();
        }
        List<String> names = new ArrayList<>();
        while (cursor.next() != JsonToken.END_ARRAY) {
            String name = cursor.text();
            if (name != null && !name.isBlank()) {
                names.add(name);
            }
        }
        return names.isEmpty() ? null : String.join(SUITE_SEPARATOR, names);
    }

    private List<String> tags() throws IOException {
        List<String> tags = new ArrayList<>();
        if (cursor.token() != JsonToken.START_ARRAY) {
            cursor.skipValue();
            return tags;
        }
        while (cursor.next() != JsonToken.END_ARRAY) {
            String tag = cursor.text();
            if (tag != null && !tag.isBlank() && tags.size() < MAX_TAGS) {
                tags.add(Utf8.truncate(tag.strip(), MAX_TAG_BYTES));
            }
        }
        return tags;
    }

    private static void putProperty(Map<String, String> properties, String key, String value) {
        if (value != null && !value.isBlank()) {
            properties.put(key, Utf8.truncate(value, MAX_TAG_BYTES));
        }
    }

    /**
     * Reads {@code retryAttempts}: each try needs a status from the CTRF enum like the test itself;
     * tries beyond {@link #MAX_TRIES} are skipped.
     */
    private void readTries(int index, Fields fields) throws IOException, ReportParseException {
        if (cursor.token() != JsonToken.START_ARRAY) {
            cursor.skipValue();
            return;
        }
        int attempt = 0;
        for (JsonToken token = cursor.next(); token != JsonToken.END_ARRAY; token = cursor.next(), attempt++) {
            String where = "results.tests[" + index + "].retryAttempts[" + attempt + "]";
            if (token != JsonToken.START_OBJECT) {
                throw cursor.error(where + " is not an object");
            }
            CtrfTry read = readTry(where);
            if (fields.tries.size() < MAX_TRIES) {
                fields.tries.add(read);
            }
        }
    }

    // Long: One pass over a try's fields in any order, then the checks that need them all: the fields are
    // the state both halves share.
    private CtrfTry readTry(String where) throws IOException, ReportParseException {
        JsonLocation start = cursor.location();
        String rawStatus = null;
        JsonLocation statusLocation = start;
        Double duration = null;
        Double started = null;
        String message = null;
        String trace = null;
        for (String field = cursor.nextField(); field != null; field = cursor.nextField()) {
            switch (field) {
                case "status" -> {
                    statusLocation = cursor.location();
                    rawStatus = cursor.text();
                }
                case "duration" -> duration = cursor.number();
                case "start" -> started = cursor.number();
                case "message" -> message = cursor.text();
                case "trace" -> trace = cursor.text();
                default -> cursor.skipValue();
            }
        }
        if (rawStatus == null) {
            throw cursor.error(where + " has no status", start);
        }
        CtrfStatus status = CtrfStatus.parse(rawStatus);
        if (status == null) {
            throw cursor.error(where + " has unknown status '" + rawStatus + "'", statusLocation);
        }
        return new CtrfTry(status, roundedNonNegative(duration), failureOf(status.testStatus(), message, trace),
                Timestamps.epoch(started));
    }

    private ReportedTest reported(Fields fields, Status status, long durationMs, ReportFailure failure, int retry,
            Instant timestamp) {
        return new ReportedTest(
                suiteOf(fields),
                null,
                fields.name,
                fields.filePath,
                fields.line == null || fields.line < 0 ? null : fields.line.intValue(),
                status,
                durationMs,
                failure,
                retry,
                fields.flaky || fields.legacyFlaky,
                timestamp,
                null, // CTRF has no per-suite host; a job comes with the upload
                fields.tags,
                fields.properties);
    }

    private ReportFailure failureOf(Status status, String message, String trace) {
        return status == Status.FAILED || status == Status.ERROR
                ? ReportFailure.of(null, messageOf(message, trace), trace, limits)
                : null;
    }

    private static String messageOf(String message, String trace) {
        if (message != null && !message.isBlank()) {
            return message;
        }
        return trace == null ? null
                : trace.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
    }

    private static String suiteOf(Fields fields) {
        if (fields.suite != null && !fields.suite.isBlank()) {
            return fields.suite;
        }
        return fields.filePath != null && !fields.filePath.isBlank() ? fields.filePath : "default";
    }

    private static long roundedNonNegative(Double value) {
        return value == null || !Double.isFinite(value) || value < 0 ? 0 : Math.round(value);
    }

    /** Field values of one test as they are read, in any order. */
    private static final class Fields {
        String name;
        String status;
        JsonLocation statusLocation;
        Double duration;
        Double start;
        String suite;
        String message;
        String trace;
        String filePath;
        Double line;
        Double retries;
        Double legacyRetries;
        boolean flaky;
        boolean legacyFlaky;
        final List<CtrfTry> tries = new ArrayList<>();
        List<String> tags = List.of();
        final Map<String, String> properties = new LinkedHashMap<>();
    }
}
