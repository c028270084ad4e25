package dev.testpulse.ingest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.outcome.Status;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parses a ~50 MB report written to disk piece by piece, to show that parsing streams: neither the
 * generator nor the parser holds the document, and one 10 MB system-out block is skipped, not buffered.
 */
class LargeReportTest {

    private static final int TEST_CASES = 100_000;
    private static final String OUTPUT_LINE = "10:15:30.123 [main] INFO  com.acme.shop.CartService - cart recalculated\n";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void parsesFiftyMegabyteReportWhileCounting(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("TEST-big.xml");
        writeReport(report);
        assertThat(Files.size(report)).isGreaterThan(45L * 1024 * 1024);

        AtomicLong count = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long started = System.nanoTime();
        ParseSummary summary;
        try (InputStream in = Files.newInputStream(report)) {
            summary = new JUnitReportParser().parse(in, report.getFileName().toString(), test -> {
                count.incrementAndGet();
                if (test.status() == Status.FAILED) {
                    failed.incrementAndGet();
                }
            });
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(count).hasValue(TEST_CASES);
        assertThat(failed).hasValue(TEST_CASES / 10);
        assertThat(summary.tests()).isEqualTo(TEST_CASES);
        assertThat(summary.warnings()).isEmpty();
        System.out.printf("parsed %d MB in %d ms%n", Files.size(report) / (1024 * 1024), millis);
    }

    private static void writeReport(Path report) throws IOException {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(report, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            out.write("<testsuite name=\"com.acme.shop.BigTest\" tests=\"" + TEST_CASES + "\" failures=\""
                    + TEST_CASES / 10 + "\" errors=\"0\" skipped=\"0\">\n");
            out.write("<system-out><![CDATA[");
            for (int i = 0; i < 10 * 1024 * 1024 / OUTPUT_LINE.length(); i++) {
                out.write(OUTPUT_LINE);
            }
            out.write("]]></system-out>\n");
            for (int i = 0; i < TEST_CASES; i++) {
                writeTestCase(out, i);
            }
            out.write("</testsuite>\n");
        }
    }

    private static void writeTestCase(Writer out, int i) throws IOException {
        out.write("  <testcase name=\"test" + i + "\" classname=\"com.acme.shop.Big" + (i % 100)
                + "\" time=\"0.00" + (i % 10) + "\">");
        if (i % 10 == 0) {
            out.write("<failure message=\"expected &lt;1&gt; but was &lt;2&gt;\" type=\"java.lang.AssertionError\">"
                    + "java.lang.AssertionError: expected &lt;1&gt; but was &lt;2&gt;\n"
                    + "\tat com.acme.shop.Big.test" + i + "(Big.java:" + i + ")\n</failure>");
        }
        out.write("<system-out>");
        out.write(OUTPUT_LINE.repeat(4));
        out.write("</system-out></testcase>\n");
    }
}
