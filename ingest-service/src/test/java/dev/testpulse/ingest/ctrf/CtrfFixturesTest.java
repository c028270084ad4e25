package dev.testpulse.ingest.ctrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.outcome.Status;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Parses CTRF reports as the jest, Playwright and Go reporters write them and checks counts and mapping. */
class CtrfFixturesTest {

    private final CtrfReportParser parser = new CtrfReportParser();
    private ParseSummary summary;

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/ctrf/expected-counts.csv", numLinesToSkip = 1)
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
    void jestReporterMapsPendingToSkippedAndTodoOtherToError() throws Exception {
        List<ReportedTest> all = parse("jest-ctrf.json");

        assertThat(all).extracting(ReportedTest::name, ReportedTest::status).contains(
                tuple("Cart keeps quantities per sku", Status.SKIPPED),
                tuple("Cart supports gift cards", Status.ERROR)); // jest writes test.todo() as "other"
        ReportedTest removed = all.get(1);
        assertThat(removed.suite()).isEqualTo("cart.test.js > Cart");
        assertThat(removed.file()).isEqualTo("/home/runner/work/shop/shop/src/cart.test.js");
        assertThat(removed.failure().message()).startsWith("Error: expect(received).toHaveLength(expected)");
        assertThat(removed.failure().trace()).startsWith("at Object.toHaveLength");
        assertThat(removed.properties()).containsEntry("type", "unit");
        // jest gives no per-test start, so the run start stands in.
        assertThat(removed.timestamp()).isEqualTo(Instant.ofEpochMilli(1709288130000L));
    }

    @Test
    void jestReporterFlakyPassIsOneTestNumberedAfterItsRetries() throws Exception {
        ReportedTest card = parse("jest-ctrf.json").get(4);

        assertThat(card.name()).isEqualTo("Checkout pays by card");
        assertThat(card.status()).isEqualTo(Status.PASSED);
        assertThat(card.retry()).isEqualTo(2);
        assertThat(card.flaky()).isTrue();
        assertThat(card.failure()).isNull();
    }

    @Test
    void playwrightReporterWritesTheSuiteAsAnArrayStartingWithTheProject() throws Exception {
        List<ReportedTest> all = parse("playwright-ctrf.json");

        ReportedTest first = all.get(0);
        assertThat(first.suite()).isEqualTo("chromium / login.spec.ts / Login");
        assertThat(first.tags()).containsExactly("@smoke");
        assertThat(first.properties()).containsEntry("browser", "chromium 122.0.6261.39").containsEntry("type", "e2e");
        assertThat(first.timestamp()).isEqualTo(Instant.ofEpochMilli(1709288130412L));
        assertThat(all.get(7).suite()).isEqualTo("firefox / login.spec.ts / Login");

        ReportedTest timedOut = all.get(3);
        assertThat(timedOut.status()).isEqualTo(Status.FAILED);
        assertThat(timedOut.retry()).isEqualTo(2);
        assertThat(timedOut.flaky()).isFalse();
        assertThat(timedOut.failure().message()).startsWith("Timed out 5000ms");
        assertThat(timedOut.durationMs()).isEqualTo(5110);
    }

    @Test
    void playwrightReporterRetryAttemptsAreTheTriesBeforeTheFinalResult() throws Exception {
        List<ReportedTest> all = parse("playwright-ctrf.json");

        assertThat(all.subList(1, 4)).extracting(ReportedTest::name, ReportedTest::status, ReportedTest::retry,
                        ReportedTest::durationMs)
                .containsExactly(tuple("rejects a wrong password", Status.FAILED, 0, 5104L),
                        tuple("rejects a wrong password", Status.FAILED, 1, 5098L),
                        tuple("rejects a wrong password", Status.FAILED, 2, 5110L));
        assertThat(all.subList(5, 7)).extracting(ReportedTest::name, ReportedTest::status, ReportedTest::retry,
                        ReportedTest::flaky)
                .containsExactly(tuple("pays by card", Status.FAILED, 0, true),
                        tuple("pays by card", Status.PASSED, 1, true));
    }

    @Test
    void firstPlaywrightReporterWroteEachTryAsItsOwnEntryWithRetryFlakeAndSeconds() throws Exception {
        List<ReportedTest> all = parse("playwright-ctrf-legacy.json");

        assertThat(all.subList(1, 3)).extracting(ReportedTest::name, ReportedTest::status, ReportedTest::retry,
                        ReportedTest::flaky)
                .containsExactly(tuple("pays by card", Status.FAILED, 0, false),
                        tuple("pays by card", Status.PASSED, 1, true));
        assertThat(all.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1706828654L));
        assertThat(all.get(0).suite()).isEqualTo("chromium > login.spec.ts > Login");
        // That reporter overwrote message with the stack and wrote no trace: the message is kept as written.
        assertThat(all.get(1).failure().message())
                .startsWith("Error: Timed out 5000ms waiting for expect(locator).toHaveText(expected)\n    at ");
        assertThat(all.get(1).failure().trace()).isNull();
    }

    @Test
    void jestReporterBeforeReportFormatIsAcceptedAsIs() throws Exception {
        List<ReportedTest> all = parse("jest-ctrf-legacy.json");

        assertThat(all).extracting(ReportedTest::suite).containsOnly("orders.test.ts > Orders", "invoices.test.ts > Invoices");
        assertThat(all.get(2).status()).isEqualTo(Status.SKIPPED);
        assertThat(all.get(0).timestamp()).isEqualTo(Instant.ofEpochMilli(1706828654274L));
    }

    @Test
    void githubTestReporterSampleSummaryDisagreesAndTheListWins() throws Exception {
        parse("github-test-reporter-shard.json");

        assertThat(summary.warnings()).containsExactly(
                "summary declares passed=6, skipped=1 but the report contains passed=5, skipped=2");
    }

    @Test
    void currentPlaywrightShardKeepsTriesAndMarksAllExecutionsOfAFlakyTest() throws Exception {
        List<ReportedTest> all = parse("playwright-ctrf-shard-2-of-3.json");

        assertThat(all).extracting(ReportedTest::name, ReportedTest::status, ReportedTest::retry, ReportedTest::flaky)
                .containsExactly(
                        tuple("searches by keyword", Status.PASSED, 0, false),
                        tuple("filters by price", Status.FAILED, 0, true),
                        tuple("filters by price", Status.FAILED, 1, true),
                        tuple("filters by price", Status.PASSED, 2, true),
                        tuple("orders by rating", Status.FAILED, 0, false),
                        tuple("orders by rating", Status.FAILED, 1, false),
                        tuple("shows recently viewed", Status.ERROR, 0, false));
        assertThat(all.get(4).suite()).isEqualTo("webkit / search.spec.ts / Search / sorting");
        assertThat(all.get(1).failure().message()).startsWith("Error: expect(locator).toHaveCount(expected) failed");
    }

    @Test
    void goReporterDurationsAreFractionalMilliseconds() throws Exception {
        List<ReportedTest> all = parse("go-ctrf-summary-disagrees.json");

        assertThat(all).extracting(ReportedTest::durationMs).containsExactly(0L, 13L, 0L, 490L);
        assertThat(all.get(2).failure()).isNull(); // a skip reason is not a failure
        assertThat(summary.warnings()).singleElement().asString()
                .isEqualTo("summary declares tests=5, passed=3 but the report contains tests=4, passed=2");
    }

    private List<ReportedTest> parse(String file) throws Exception {
        List<ReportedTest> tests = new ArrayList<>();
        try (InputStream in = resource(file)) {
            summary = parser.parse(in, file, tests::add);
        }
        return tests;
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = CtrfFixturesTest.class.getResourceAsStream("/ctrf/" + file);
        if (in == null) {
            throw new IOException("missing fixture " + file);
        }
        return in;
    }
}
