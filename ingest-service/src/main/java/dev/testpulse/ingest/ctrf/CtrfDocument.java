package dev.testpulse.ingest.ctrf;

import com.fasterxml.jackson.core.JsonToken;
import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.TallyingSink;
import java.io.IOException;
import java.time.Instant;

/**
 * Walks one CTRF document of any age: checks it does not declare itself as something else, streams
 * {@code results.tests} to the sink entry by entry and compares {@code results.summary} with what was listed.
 */
final class CtrfDocument {

    private static final String REPORT_FORMAT = "CTRF";

    private final JsonCursor cursor;
    private final TallyingSink sink;
    private final CtrfTestReader testReader;
    private final CtrfCounts counts = new CtrfCounts();
    private Instant reportStart;
    private boolean sawResults;
    private boolean sawTests;

    CtrfDocument(JsonCursor cursor, ReportLimits limits, TallyingSink sink) {
        this.cursor = cursor;
        this.sink = sink;
        this.testReader = new CtrfTestReader(cursor, limits);
    }

    void read() throws IOException, ReportParseException {
        if (cursor.next() != JsonToken.START_OBJECT) {
            throw cursor.error("a CTRF report must be a JSON object");
        }
        for (String field = cursor.nextField(); field != null; field = cursor.nextField()) {
            switch (field) {
                case "reportFormat" -> checkFormat();
                case "results" -> readResults();
                default -> cursor.skipValue();
            }
        }
        if (cursor.next() != null) {
            throw cursor.error("unexpected content after the report object");
        }
        if (!sawResults) {
            throw cursor.error("results is missing: a CTRF report is {\"results\":{\"tests\":[...]}}");
        }
        if (!sawTests) {
            throw cursor.error("results.tests is missing");
        }
        String disagreement = counts.disagreement();
        if (disagreement != null) {
            sink.warn(disagreement);
        }
    }

    /**
     * Most CTRF in the wild predates {@code reportFormat}, so its absence is fine; a document that names another
     * format is not ours. Reporters write it first, so such a document is rejected before any test is emitted.
     */
    private void checkFormat() throws IOException, ReportParseException {
        String format = cursor.text();
        if (format != null && !REPORT_FORMAT.equals(format)) {
            throw cursor.error("reportFormat is '" + format + "', expected \"" + REPORT_FORMAT + "\"");
        }
    }

    private void readResults() throws IOException, ReportParseException {
        if (cursor.token() != JsonToken.START_OBJECT) {
            throw cursor.error("results must be an object");
        }
        sawResults = true;
        for (String field = cursor.nextField(); field != null; field = cursor.nextField()) {
            switch (field) {
                // The first Playwright reporter called the summary "totals".
                case "summary", "totals" -> readSummary();
                case "tests" -> readTests();
                default -> cursor.skipValue(); // tool, environment, extra
            }
        }
    }

    private void readSummary() throws IOException {
        if (cursor.token() != JsonToken.START_OBJECT) {
            cursor.skipValue();
            return;
        }
        for (String field = cursor.nextField(); field != null; field = cursor.nextField()) {
            Double value = cursor.number();
            if (value == null) {
                continue;
            }
            if (field.equals("start")) {
                reportStart = Timestamps.epoch(value);
            } else {
                counts.declare(field, Math.round(value));
            }
        }
    }

    private void readTests() throws IOException, ReportParseException {
        if (cursor.token() != JsonToken.START_ARRAY) {
            throw cursor.error("results.tests must be an array");
        }
        sawTests = true;
        int index = 0;
        for (JsonToken token = cursor.next(); token != JsonToken.END_ARRAY; token = cursor.next(), index++) {
            if (token != JsonToken.START_OBJECT) {
                throw cursor.error("results.tests[" + index + "] is not an object");
            }
            CtrfTest test = testReader.read(index, reportStart);
            counts.count(test.ctrfStatus());
            test.executions().forEach(sink);
        }
    }
}
