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
 * <p>Every CTRF document that has {@code results.tests} is read, whatever its age: most reports in the wild
 * were written before {@code reportFormat} and {@code specVersion} existed. Mapping choices:
 * <ul>
 *   <li>{@code pending} becomes {@link Status#SKIPPED}: the test was deliberately not run, which is what skipped
 *       means for success rates.</li>
 *   <li>{@code other} becomes {@link Status#ERROR}: the tool could not say the test passed or failed (crash,
 *       timeout, interruption), which is our meaning of error.</li>
 *   <li>{@code retryAttempts} become individual executions numbered {@code retry} 0, 1, ... in report order, each
 *       with its own status, duration and failure; the test's own result is the final execution, numbered after
 *       them. Without {@code retryAttempts} only the final result exists: it is emitted once with
 *       {@code retry = retries} and the earlier tries are not invented.</li>
 *   <li>{@code flaky: true} marks every execution of the test flaky. The pre-spec spellings {@code retry} and
 *       {@code flake} (older Playwright and jest reporters) mean {@code retries} and {@code flaky}.</li>
 *   <li>{@code duration} is milliseconds, fractions rounded (Go's reporter writes 0.4). {@code start} gives the
 *       timestamp, in epoch milliseconds or, as older Playwright reporters wrote it, epoch seconds
 *       ({@link Timestamps}); it falls back to {@code summary.start} when the summary comes before the tests.</li>
 *   <li>{@code suite} is a string ({@code "file.ts > describe"}, kept as written) or an array of names joined
 *       with {@code " / "}; without it the suite is {@code filePath}, then "default". CTRF has no class name.
 *       {@code type} and {@code browser} are kept as properties.</li>
 *   <li>{@code reportFormat} may be missing; when present it must be "CTRF". {@code specVersion} is not checked.
 *       Counts in {@code summary} that disagree with the listed tests (final results, not tries) produce a
 *       warning; the listed tests are what counts.</li>
 *   <li>A leading UTF-8 byte order mark is accepted (Windows tools write one); Jackson skips it.</li>
 *   <li>Refused: no {@code results}, {@code tests} missing or not an array, a test or try without name or with a
 *       status outside the five, malformed JSON and anything after the report object.</li>
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
