package dev.testpulse.ingest.junit;

import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParser;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.report.TallyingSink;
import dev.testpulse.ingest.xml.SecureXml;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streams a JUnit XML report (Surefire, Gradle, pytest, jest-junit, Go, PHPUnit, GoogleTest and the other
 * dialects) into {@link ReportedTest}s without ever holding the document in memory.
 *
 * <p>Rules worth knowing:
 * <ul>
 *   <li>Documents with a DOCTYPE are rejected; entities cannot be declared, so neither expanded nor fetched.</li>
 *   <li>The {@code testsuites} root is optional; nested {@code testsuite}s are flattened into a
 *       {@code " / "}-joined suite path.</li>
 *   <li>Per test case: error &gt; failure &gt; skipped &gt; passed; a {@code status} of disabled, skipped,
 *       ignored or notrun also means skipped.</li>
 *   <li>Surefire {@code flakyFailure}/{@code flakyError} become failed tries (retry 0..k-1) followed by the final
 *       pass (retry k), all flagged flaky; {@code rerunFailure}/{@code rerunError} become tries 1..k after the
 *       main failure. A test case repeated in the same suite continues the numbering.</li>
 *   <li>Declared suite counts are never trusted; a mismatch with the counted test cases (final result per
 *       test case, not per try) becomes a warning in the {@link ParseSummary}.</li>
 *   <li>A testcase {@code timestamp} (GoogleTest, cargo-nextest) wins over the suite's; one without offset is UTC.</li>
 * </ul>
 *
 * <p>Thread-safe: one instance can parse many reports concurrently.
 */
public final class JUnitReportParser implements ReportParser {

    private final ReportLimits limits;
    private final SecureXml xml;

    public JUnitReportParser() {
        this(ReportLimits.DEFAULT);
    }

    public JUnitReportParser(ReportLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.xml = new SecureXml(limits.maxDepth());
    }

    /**
     * Parses one report, handing each test execution to {@code sink} as soon as its test case ends.
     * The stream is read to the end but not closed. On failure the sink may already have received
     * some tests: callers should treat the report as rejected as a whole.
     * Exceptions thrown by the sink propagate unchanged.
     *
     * @param fileName name of the uploaded file, used only in error messages; may be null
     * @throws ReportParseException when the document is malformed, unsafe or not JUnit XML
     */
    @Override
    public ParseSummary parse(InputStream in, String fileName, Consumer<ReportedTest> sink)
            throws ReportParseException {
        TallyingSink tally = new TallyingSink(sink);
        xml.read(in, fileName, cursor -> {
            new JUnitDocument(cursor, limits, tally).read();
            return null;
        });
        return tally.summary();
    }
}
