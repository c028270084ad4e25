package dev.testpulse.ingest.trx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportedTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Parses TRX as {@code dotnet test --logger trx} writes it for MSTest, NUnit and xUnit, and checks counts and mapping. */
class TrxFixturesTest {

    private final TrxReportParser parser = new TrxReportParser();
    private ParseSummary summary;

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/trx/expected-counts.csv", numLinesToSkip = 1)
    void parsesProducerReportWithExactCounts(String file, int tests, int passed, int failed, int errors,
                                             int skipped, int flaky, int warnings) throws Exception {
        List<ReportedTest> received = parse(file);

        assertThat(received).as("tests delivered to the sink").hasSize(tests);
        assertThat(summary.tests()).as("tests").isEqualTo(tests);
        assertThat(summary.passed()).as("passed").isEqualTo(passed);
        assertThat(summary.failed()).as("failed").isEqualTo(failed);
        assertThat(summary.errors()).as("errors").isEqualTo(errors);
        assertThat(summary.skipped()).as("skipped").isEqualTo(skipped);
        assertThat(summary.flaky()).as("flaky").isEqualTo(flaky);
        assertThat(summary.warnings()).as("warnings").hasSize(warnings);
    }

    @Test
    void msTestDataRowsReplaceTheirSummaryAndTimeoutIsAnError() throws Exception {
        List<ReportedTest> all = parse("mstest.trx");

        assertThat(all).extracting(ReportedTest::name, ReportedTest::status).containsExactly(
                tuple("Add_ReturnsSum", Status.PASSED),
                tuple("Subtract_ReturnsDifference", Status.FAILED),
                tuple("IsPrime (2)", Status.PASSED),
                tuple("IsPrime (3)", Status.PASSED),
                tuple("IsPrime (4)", Status.FAILED),
                tuple("SlowService_Responds", Status.ERROR),
                tuple("Rounding_IsBankers", Status.SKIPPED),
                tuple("LegacyFormat_Parses", Status.SKIPPED));
        ReportedTest subtract = all.get(1);
        assertThat(subtract.suite()).isEqualTo("Calc.Tests.CalculatorTests");
        assertThat(subtract.className()).isEqualTo("Calc.Tests.CalculatorTests");
        assertThat(subtract.tags()).containsExactly("fast");
        assertThat(subtract.durationMs()).isEqualTo(15);
        assertThat(subtract.timestamp()).isEqualTo(Instant.parse("2024-03-01T10:15:31.2120113Z"));
        assertThat(subtract.failure().message()).isEqualTo("Assert.AreEqual failed. Expected:<2>. Actual:<8>.");
        assertThat(subtract.failure().trace()).startsWith("   at Calc.Tests.CalculatorTests.Subtract_ReturnsDifference()");
        assertThat(all.get(4).tags()).containsExactly("math");
        assertThat(all.get(5).failure().message()).isEqualTo("Test 'SlowService_Responds' exceeded execution timeout period.");
        assertThat(all.get(5).durationMs()).isEqualTo(2009);
        assertThat(all.get(6).failure()).isNull(); // Inconclusive is a skip, its "failure" text is not kept
    }

    @Test
    void nUnitTestCasesAreSeparateResultsAndIgnoredIsSkipped() throws Exception {
        List<ReportedTest> all = parse("nunit.trx");

        assertThat(all).extracting(ReportedTest::suite, ReportedTest::name).containsExactly(
                tuple("Shop.Tests.PriceCalculatorTests", "Total(2,10.5,21)"),
                tuple("Shop.Tests.PriceCalculatorTests", "Total(3,9.99,29.99)"),
                tuple("Shop.Tests.PriceCalculatorTests", "Discount_NeverNegative"),
                tuple("Shop.Tests.InventoryClientTests", "Reserve_WhenServiceDown_Retries"),
                tuple("Shop.Tests.InventoryClientTests", "Reserve_LegacyApi"));
        assertThat(all.get(1).failure().message()).isEqualTo("  Expected: 29.99m\n  But was:  29.97m"); // as NUnit indents it
        assertThat(all.get(3).tags()).containsExactly("Integration");
        assertThat(all.get(3).failure().message()).startsWith("System.Net.Http.HttpRequestException : Connection refused");
        // NUnit writes local time with its offset.
        assertThat(all.get(0).timestamp()).isEqualTo(Instant.parse("2024-05-14T06:02:11.4121009Z"));
        assertThat(all.get(4).status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void xUnitNamesAreFullyQualifiedAndTheClassComesFromTheDefinition() throws Exception {
        List<ReportedTest> all = parse("xunit.trx");

        assertThat(all.get(1).name()).isEqualTo("Api.Tests.SlugTests.Slugify(input: \"Ärger\", expected: \"aerger\")");
        assertThat(all.get(1).className()).isEqualTo("Api.Tests.SlugTests");
        assertThat(all.get(1).failure().message()).startsWith("Assert.Equal() Failure: Strings differ");
        assertThat(all).extracting(ReportedTest::suite).containsOnly("Api.Tests.SlugTests", "Api.Tests.OrdersControllerTests");
        assertThat(all).allSatisfy(test -> assertThat(test.tags()).isEmpty());
    }

    private List<ReportedTest> parse(String file) throws Exception {
        List<ReportedTest> tests = new ArrayList<>();
        try (InputStream in = resource(file)) {
            summary = parser.parse(in, file, tests::add);
        }
        return tests;
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = TrxFixturesTest.class.getResourceAsStream("/trx/" + file);
        if (in == null) {
            throw new IOException("missing fixture " + file);
        }
        return in;
    }
}
