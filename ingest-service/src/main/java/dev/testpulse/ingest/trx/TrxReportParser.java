package dev.testpulse.ingest.trx;

import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportParser;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.report.TallyingSink;
import dev.testpulse.ingest.xml.SecureXml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streams a VSTest TRX report ({@code dotnet test --logger trx}, from MSTest, NUnit or xUnit) into
 * {@link ReportedTest}s with StAX and the same hardened factory and cursor as the JUnit parser.
 *
 * <p>Rules worth knowing:
 * <ul>
 *   <li>VSTest writes {@code TestDefinitions} (class, categories) and {@code TestLists} after {@code Results}. The
 *       report is therefore spooled to a temporary file and read twice: the first pass keeps one small entry per
 *       test definition ({@link TrxDefinitions}, capped), the second streams the results.</li>
 *   <li>Outcomes ({@link TrxOutcome}): Passed, PassedButRunAborted and Warning are passed; Failed is failed;
 *       Error, Timeout, Aborted, Disconnected, NotRunnable, InProgress and Pending are error (the test could not run
 *       to completion); NotExecuted, Inconclusive and Completed are skipped. Any other value rejects the report.</li>
 *   <li>A data-driven test's own result ({@code resultType="DataDrivenTest"}) only sums up its rows: its rows are
 *       emitted, nested in {@code InnerResults} or not, and it is not.</li>
 *   <li>The suite is the test's class ({@code TestMethod className}), as Surefire's suites are; "default" when the
 *       definition is missing. {@code TestCategory} items and user-made test lists become tags.</li>
 *   <li>Results sharing a class and display name ({@link TrxNames}): another result of the same {@code testId} keeps
 *       the name and is counted as the next try at ingest; a result of another {@code testId}, or another data row,
 *       is a different test named {@code "Name #2"}, {@code "#3"}, ... in document order.</li>
 *   <li>{@code ErrorInfo/Message} and {@code StackTrace} give the failure; an error outcome without a message
 *       (a timeout) gets "TRX outcome timeout" so its failure group says what happened.</li>
 *   <li>The root must be {@code <TestRun>}; DOCTYPEs are refused; a leading BOM is fine.</li>
 * </ul>
 *
 * <p>Thread-safe: one instance can parse many reports concurrently.
 */
public final class TrxReportParser implements ReportParser {

    private final ReportLimits limits;
    private final SecureXml xml;

    public TrxReportParser() {
        this(ReportLimits.DEFAULT);
    }

    public TrxReportParser(ReportLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.xml = new SecureXml(limits.maxDepth());
    }

    /**
     * Parses one report, handing each execution to {@code sink} as soon as its result ends. The stream is read to
     * the end but not closed. On failure the sink may already have received some tests: callers reject the report
     * as a whole. Exceptions thrown by the sink propagate unchanged.
     *
     * @throws ReportParseException when the document is malformed, unsafe or not TRX
     */
    @Override
    public ParseSummary parse(InputStream in, String fileName, Consumer<ReportedTest> sink) throws ReportParseException {
        Path spooled = null;
        try {
            spooled = Files.createTempFile("testpulse-trx-", ".xml");
            Files.copy(in, spooled, StandardCopyOption.REPLACE_EXISTING);
            TrxDefinitions definitions = firstPass(spooled, fileName);
            TallyingSink tally = new TallyingSink(sink);
            if (definitions.overflowed()) {
                tally.warn("more than " + TrxDefinitions.MAX_TRACKED + " test definitions: later ones without class or tags");
            }
            secondPass(spooled, fileName, definitions, tally);
            return tally.summary();
        } catch (IOException e) {
            throw new ReportParseException("could not read report: " + e.getMessage(), fileName, -1, -1, e);
        } finally {
            deleteQuietly(spooled);
        }
    }

    private TrxDefinitions firstPass(Path spooled, String fileName) throws IOException, ReportParseException {
        try (InputStream in = Files.newInputStream(spooled)) {
            return xml.read(in, fileName, TrxDefinitions::read);
        }
    }

    private void secondPass(Path spooled, String fileName, TrxDefinitions definitions, TallyingSink tally)
            throws IOException, ReportParseException {
        try (InputStream in = Files.newInputStream(spooled)) {
            xml.read(in, fileName, cursor -> {
                new TrxDocument(cursor, limits, definitions, tally).read();
                return null;
            });
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }
}
