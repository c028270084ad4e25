package dev.testpulse.ingest.report;

import java.io.InputStream;
import java.util.function.Consumer;

/** A streaming reader of one test report format: every execution goes to the sink as soon as it is read. */
public interface ReportParser {

    /**
     * Parses one report. On failure the sink may already have received some tests: callers reject the report whole.
     *
     * @param fileName name of the uploaded file, used only in error messages; may be null
     */
    ParseSummary parse(InputStream in, String fileName, Consumer<ReportedTest> sink) throws ReportParseException;
}
