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
 * Reads one entry of {@code results.tests} into a {@link ReportedTest}. Fields we do not use
 * (stdout, attachments, steps, extra...) are skipped without being materialised.
 */
final class CtrfTestReader {

    static final int MAX_TAGS = 64;
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
            readField(field, fields);
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
        return new CtrfTest(status, toReported(fields, status.testStatus(), reportStart));
    }

    private void readField(String field, Fields fields) throws IOException {
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
            case "retries" -> fields.retries = cursor.number();
            case "flaky" -> fields.flaky = cursor.isTrue();
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

    private ReportedTest toReported(Fields fields, Status status, Instant reportStart) {
        ReportFailure failure = status == Status.FAILED || status == Status.ERROR
                ? ReportFailure.of(null, messageOf(fields), fields.trace, limits)
                : null;
        Instant started = epochMillis(fields.start);
        return new ReportedTest(
                suiteOf(fields),
                null,
                fields.name,
                fields.filePath,
                fields.line == null || fields.line < 0 ? null : fields.line.intValue(),
                status,
                roundedNonNegative(fields.duration),
                failure,
                (int) Math.min(Integer.MAX_VALUE, roundedNonNegative(fields.retries)),
                fields.flaky,
                started != null ? started : reportStart,
                null, // CTRF has no per-suite host; a job comes with the upload
                fields.tags,
                fields.properties);
    }

    private static String messageOf(Fields fields) {
        if (fields.message != null && !fields.message.isBlank()) {
            return fields.message;
        }
        return fields.trace == null ? null
                : fields.trace.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
    }

    private static String suiteOf(Fields fields) {
        if (fields.suite != null && !fields.suite.isBlank()) {
            return fields.suite;
        }
        return fields.filePath != null && !fields.filePath.isBlank() ? fields.filePath : "default";
    }

    static Instant epochMillis(Double millis) {
        // Reporters write 0 when they did not measure the start.
        if (millis == null || !Double.isFinite(millis) || millis <= 0) {
            return null;
        }
        return Instant.ofEpochMilli(Math.round(millis));
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
        boolean flaky;
        List<String> tags = List.of();
        final Map<String, String> properties = new LinkedHashMap<>();
    }
}
