package dev.testpulse.ingest.ctrf;

import dev.testpulse.ingest.outcome.Status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParser;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.report.TallyingSink;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streams a CTRF (Common Test Report Format) JSON report into {@link ReportedTest}s with Jackson's
 * token parser, one test at a time, never building a tree.
 *
 * <p>Mapping choices:
 * <ul>
 *   <li>{@code pending} becomes {@link dev.testpulse.ingest.report.Status#SKIPPED}: the test was
 *       deliberately not run, which is what skipped means for success rates.</li>
 *   <li>{@code other} becomes {@link dev.testpulse.ingest.report.Status#ERROR}: the tool could not say the
 *       test passed or failed (crash, timeout, interruption), which is our meaning of error.</li>
 *   <li>CTRF gives only the final attempt plus a {@code retries} count, not the individual tries. Each test is
 *       therefore emitted once, as its final attempt, with {@code retry = retries}; a test that passed after
 *       retries and carries {@code flaky: true} is the final pass with {@code flaky = true}. The failed tries
 *       before it are not invented.</li>
 *   <li>{@code duration} is milliseconds; {@code start} (epoch milliseconds) gives the timestamp, falling back to
 *       {@code summary.start} when the summary comes before the tests.</li>
 *   <li>CTRF has no class name; the suite falls back to {@code filePath}, then "default". {@code type} and
 *       {@code browser} are kept as properties.</li>
 *   <li>{@code reportFormat} must be "CTRF". Counts in {@code summary} that disagree with the listed tests
 *       produce a warning.</li>
 * </ul>
 * A single string value longer than {@link #MAX_STRING_CHARS} rejects the report, because Jackson has to hold
 * a string whole before it can be truncated; strings in skipped fields (stdout, attachments...) do not count.
 *
 * <p>Thread-safe: one instance can parse many reports concurrently.
 */
public final class CtrfReportParser implements ReportParser {

    /** Bounds the memory one string value may take while it is read. */
    public static final int MAX_STRING_CHARS = 4 * 1024 * 1024;

    private final ReportLimits limits;
    private final JsonFactory factory;

    public CtrfReportParser() {
        this(ReportLimits.DEFAULT);
    }

    public CtrfReportParser(ReportLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(MAX_STRING_CHARS)
                        .build())
                // The caller opened the stream and decides when to close it, as with the JUnit parser.
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .build();
    }

    /**
     * Parses one report, handing each test to {@code sink} as soon as its JSON object ends. The stream is not
     * closed. On failure the sink may already have received some tests: callers should treat the report as
     * rejected as a whole.
     * Exceptions thrown by the sink propagate unchanged.
     *
     * @param fileName name of the uploaded file, used only in error messages; may be null
     * @throws ReportParseException when the document is not well-formed JSON, not CTRF, or has an invalid test
     */
    @Override
    public ParseSummary parse(InputStream in, String fileName, Consumer<ReportedTest> sink)
            throws ReportParseException {
        TallyingSink tally = new TallyingSink(sink);
        JsonParser parser = open(in, fileName);
        try (parser) {
            new CtrfDocument(new JsonCursor(parser, fileName), limits, tally).read();
            return tally.summary();
        } catch (StreamConstraintsException e) {
            throw located("report exceeds a limit: " + e.getOriginalMessage(), e, parser, fileName);
        } catch (JsonProcessingException e) {
            throw located("malformed JSON: " + e.getOriginalMessage(), e, parser, fileName);
        } catch (IOException e) {
            throw unreadable(e, fileName);
        }
    }

    private JsonParser open(InputStream in, String fileName) throws ReportParseException {
        try {
            return factory.createParser(in);
        } catch (IOException e) {
            throw unreadable(e, fileName);
        }
    }

    /** Jackson does not attach a location to every error (limit violations have none); the parser always knows it. */
    private static ReportParseException located(
            String reason, JsonProcessingException e, JsonParser parser, String fileName) {
        JsonLocation location = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        int line = location == null ? -1 : location.getLineNr();
        int column = location == null ? -1 : location.getColumnNr();
        return new ReportParseException(reason, fileName, line, column, e);
    }

    private static ReportParseException unreadable(IOException e, String fileName) {
        return new ReportParseException("could not read report: " + e.getMessage(), fileName, -1, -1, e);
    }
}
