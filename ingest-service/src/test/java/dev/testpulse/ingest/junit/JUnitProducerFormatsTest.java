package dev.testpulse.ingest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.outcome.Status;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the details each producer's dialect encodes differently: where the suite name, file, retries,
 * timestamps and failure text come from. Counts are covered by {@link JUnitFixturesTest}.
 */
class JUnitProducerFormatsTest {

    private final JUnitReportParser parser = new JUnitReportParser();
    private ParseSummary summary;

    @Test
    void surefireRerunFailuresFollowTheMainFailureAndReadTheStackTraceChild() throws Exception {
        List<ReportedTest> tests = named(parse("surefire-TEST-com.acme.shop.CartServiceTest.xml"), "removesItem");

        assertThat(tests).extracting(ReportedTest::retry, ReportedTest::status, ReportedTest::flaky).containsExactly(
                tuple(0, Status.FAILED, false), tuple(1, Status.FAILED, false), tuple(2, Status.FAILED, false));
        assertThat(tests.get(0).failure().type()).isEqualTo("org.opentest4j.AssertionFailedError");
        assertThat(tests.get(0).failure().message()).isEqualTo("expected: <1> but was: <2>");
        assertThat(tests.get(1).failure().trace())
                .startsWith("org.opentest4j.AssertionFailedError")
                .doesNotContain("removing sku"); // the rerun's system-out is not part of the trace
        assertThat(tests.get(0).suite()).isEqualTo("com.acme.shop.CartServiceTest");
        assertThat(tests.get(0).durationMs()).isEqualTo(18);
    }

    @Test
    void surefireFlakyErrorsBecomeErrorTriesBeforeTheFinalPass() throws Exception {
        List<ReportedTest> tests = named(parse("surefire-TEST-com.acme.shop.CartServiceTest.xml"), "loadsPrices");

        assertThat(tests).extracting(ReportedTest::retry, ReportedTest::status, ReportedTest::flaky).containsExactly(
                tuple(0, Status.ERROR, true), tuple(1, Status.ERROR, true), tuple(2, Status.PASSED, true));
        assertThat(tests.get(0).failure().type()).isEqualTo("java.net.ConnectException");
        assertThat(tests.get(2).failure()).isNull();
        assertThat(tests.get(2).durationMs()).isEqualTo(512);
    }

    @Test
    void gradleRepeatsRetriedTestCasesAndWritesTimestampsWithoutZone() throws Exception {
        List<ReportedTest> all = parse("gradle-TEST-com.acme.orders.OrderServiceTest.xml");

        assertThat(named(all, "rejectsEmptyCart()")).extracting(ReportedTest::retry, ReportedTest::status)
                .containsExactly(tuple(0, Status.FAILED), tuple(1, Status.PASSED));
        assertThat(named(all, "cancelsOrder()")).extracting(ReportedTest::retry, ReportedTest::status)
                .containsExactly(tuple(0, Status.FAILED), tuple(1, Status.FAILED));
        assertThat(all).allSatisfy(t -> assertThat(t.timestamp()).isEqualTo(Instant.parse("2024-03-01T10:15:30Z")));
        assertThat(named(all, "rejectsEmptyCart()").get(0).failure().trace())
                .startsWith("org.opentest4j.AssertionFailedError: expected: <true> but was: <false>");
    }

    @Test
    void pytestXunit1GivesFileLineAndTestcaseProperties() throws Exception {
        List<ReportedTest> all = parse("pytest-xunit1.xml");

        ReportedTest added = single(all, "test_add_item");
        assertThat(added.suite()).isEqualTo("pytest");
        assertThat(added.className()).isEqualTo("tests.test_cart");
        assertThat(added.file()).isEqualTo("tests/test_cart.py");
        assertThat(added.line()).isEqualTo(11); // pytest writes the 0-based line; kept as written
        assertThat(added.tags()).containsExactly("smoke", "cart");
        assertThat(added.properties()).containsExactly(java.util.Map.entry("jira", "SHOP-101"));
        assertThat(added.timestamp()).isEqualTo(Instant.parse("2024-03-01T10:15:30.123456Z"));

        ReportedTest setupError = single(all, "test_checkout");
        assertThat(setupError.status()).isEqualTo(Status.ERROR);
        assertThat(setupError.failure().message())
                .isEqualTo("failed on setup with \"ConnectionRefusedError: [Errno 111] Connection refused\"");
        assertThat(single(all, "test_bulk_discount").status()).isEqualTo(Status.SKIPPED);
    }

    @Test
    void pytestRerunfailuresRepeatsTheTestCaseButLeavesTheRerunEmpty() throws Exception {
        List<ReportedTest> all = parse("pytest-xunit2-rerunfailures.xml");

        // The plugin writes the failed try as an empty <testcase>; nothing in the XML says it failed.
        assertThat(named(all, "test_charge_card")).extracting(ReportedTest::retry, ReportedTest::status)
                .containsExactly(tuple(0, Status.PASSED), tuple(1, Status.PASSED));
        assertThat(named(all, "test_webhook_signature")).extracting(ReportedTest::retry, ReportedTest::status)
                .containsExactly(tuple(0, Status.PASSED), tuple(1, Status.FAILED));
        assertThat(all).allSatisfy(t -> assertThat(t.file()).isNull());
        assertThat(all.get(0).timestamp()).isEqualTo(Instant.parse("2024-03-01T10:15:30.532912Z"));
    }

    @Test
    void jestJunitKeepsTheFirstOfSeveralFailuresAndCountsTodoAsPassed() throws Exception {
        List<ReportedTest> all = parse("jest-junit.xml");

        ReportedTest removed = single(all, "Cart removes an item");
        assertThat(removed.failure().type()).isNull();
        assertThat(removed.failure().message()).isEqualTo("Error: expect(received).toHaveLength(expected)");
        assertThat(removed.failure().trace()).doesNotContain("afterEach");
        // jest-junit writes test.todo() with no child element and leaves it out of the declared tests.
        assertThat(single(all, "Cart supports gift cards").status()).isEqualTo(Status.PASSED);
        ReportedTest notRun = single(all, "src/legacy/importer.test.js");
        assertThat(notRun.status()).isEqualTo(Status.ERROR);
        assertThat(notRun.failure().message()).isEqualTo("● Test suite failed to run");
        assertThat(summary.warnings()).anySatisfy(w -> assertThat(w).contains("'Cart'", "tests=4", "tests=5"));
        assertThat(summary.warnings()).anySatisfy(w -> assertThat(w).contains("'src/legacy/importer.test.js'"));
    }

    @Test
    void goJunitReportListsSubtestsAndBuildFailures() throws Exception {
        List<ReportedTest> all = parse("go-junit-report.xml");

        assertThat(all).extracting(ReportedTest::name)
                .contains("TestDiscount", "TestDiscount/percent", "TestDiscount/fixed_amount");
        ReportedTest build = single(all, "[build failed]");
        assertThat(build.status()).isEqualTo(Status.ERROR);
        assertThat(build.suite()).isEqualTo("github.com/acme/shop/payments");
        assertThat(build.failure().message()).isEqualTo("Build error");
        assertThat(build.failure().trace()).isEqualTo("payments/stripe.go:12:2: undefined: stripe.NewClient");
        assertThat(single(all, "TestRemoveItem").failure().trace()).isEqualTo("    cart_test.go:42: expected 2 items, got 3");
    }

    @Test
    void gotestsumRerunFailsRepeatsTheTestCaseAndEscapesNewlines() throws Exception {
        List<ReportedTest> all = parse("gotestsum.xml");

        List<ReportedTest> removed = named(all, "TestRemoveItem");
        assertThat(removed).extracting(ReportedTest::retry, ReportedTest::status)
                .containsExactly(tuple(0, Status.FAILED), tuple(1, Status.PASSED));
        assertThat(removed.get(0).failure().type()).isNull();
        assertThat(removed.get(0).failure().trace()).contains("\n    cart_test.go:42: expected 2 items, got 3\n");
        assertThat(removed.get(1).durationMs()).isEqualTo(9);
    }

    @Test
    void phpunitDataProviderSuitesAreFlattenedIntoThePath() throws Exception {
        List<ReportedTest> all = parse("phpunit.xml");

        ReportedTest byZero = single(all, "testDivide with data set \"by zero\"");
        assertThat(byZero.suite()).isEqualTo(
                "Unit / App\\Tests\\Unit\\CalculatorTest / App\\Tests\\Unit\\CalculatorTest::testDivide");
        assertThat(byZero.className()).isEqualTo("App.Tests.Unit.CalculatorTest");
        assertThat(byZero.file()).isEqualTo("/app/tests/Unit/CalculatorTest.php");
        assertThat(byZero.line()).isEqualTo(27);
        assertThat(byZero.failure().type()).isEqualTo("PHPUnit\\Framework\\ExpectationFailedException");
        // PHPUnit starts the text with the test id; the assertion message is on the second line.
        assertThat(byZero.failure().message()).startsWith("App\\Tests\\Unit\\CalculatorTest::testDivide");
        assertThat(single(all, "testAdd").suite()).isEqualTo("Unit / App\\Tests\\Unit\\CalculatorTest");
    }

    @Test
    void mochaJunitReporterPutsTheFileOnTheSuite() throws Exception {
        List<ReportedTest> all = parse("mocha-junit-reporter.xml");

        ReportedTest released = single(all, "Inventory releases stock on cancel");
        assertThat(released.suite()).isEqualTo("Inventory");
        assertThat(released.className()).isEqualTo("releases stock on cancel");
        assertThat(released.file()).isEqualTo("/home/runner/work/shop/shop/test/inventory.spec.js");
        assertThat(released.failure().message()).isEqualTo("expected 5 to equal 4");
        assertThat(released.durationMs()).isEqualTo(192);
    }

    @Test
    void cypressPutsTheSpecFileOnlyOnTheEmptyRootSuite() throws Exception {
        List<ReportedTest> all = parse("cypress-mocha-junit.xml");

        assertThat(all).allSatisfy(t -> {
            assertThat(t.suite()).isEqualTo("Checkout");
            assertThat(t.file()).isNull();
        });
    }

    @Test
    void playwrightProjectsRepeatTheSuiteAndAreNotMistakenForRetries() throws Exception {
        List<ReportedTest> all = parse("playwright.xml");

        assertThat(named(all, "Login › shows the form")).extracting(ReportedTest::suite, ReportedTest::retry)
                .containsExactly(tuple("login.spec.ts", 0), tuple("login.spec.ts", 0));
        assertThat(all).allSatisfy(t -> assertThat(t.retry()).isZero());
        ReportedTest remembered = named(all, "Login › remembers the user").get(1);
        assertThat(remembered.status()).isEqualTo(Status.SKIPPED);
        assertThat(remembered.properties())
                .containsEntry("issue", "SHOP-42")
                .containsEntry("skip", "remember-me is chromium only");
        ReportedTest failed = single(all, Status.FAILED);
        assertThat(failed.failure().message()).isEqualTo("login.spec.ts:18:7 rejects a wrong password");
        assertThat(failed.failure().trace()).contains("Timed out 5000ms").doesNotContain("ATTACHMENT");
    }

    @Test
    void playwrightIncludeRetriesUsesSurefireElementsWithTheirOwnTime() throws Exception {
        List<ReportedTest> all = parse("playwright-include-retries.xml");

        assertThat(named(all, "Checkout › pays by card"))
                .extracting(ReportedTest::retry, ReportedTest::status, ReportedTest::flaky, ReportedTest::durationMs)
                .containsExactly(tuple(0, Status.FAILED, true, 5310L), tuple(1, Status.PASSED, true, 1910L));
        assertThat(named(all, "Checkout › pays by invoice"))
                .extracting(ReportedTest::retry, ReportedTest::durationMs)
                .containsExactly(tuple(0, 4020L), tuple(1, 4110L), tuple(2, 3970L));
        assertThat(named(all, "Checkout › pays by card").get(0).failure().type()).isEqualTo("expect.toHaveText");
    }

    @Test
    void dotnetJunitLoggerReportWithBomKeepsCrLfInTheMessage() throws Exception {
        List<ReportedTest> all = parse("dotnet-junit-logger-bom.xml");

        ReportedTest failed = single(all, "RemovesItem(count: 2)");
        assertThat(failed.failure().type()).isEqualTo("failure");
        assertThat(failed.failure().message()).isEqualTo("Assert.Equal() Failure: Values differ\r\nExpected: 1\r\nActual:   2");
        assertThat(failed.durationMs()).isEqualTo(1);
        assertThat(failed.suite()).isEqualTo("Acme.Shop.Tests.dll");
    }

    @Test
    void googletestDisabledTestsAreSkippedAndTestcaseTimestampsWin() throws Exception {
        List<ReportedTest> all = parse("googletest.xml");

        assertThat(single(all, "DISABLED_Overflows").status()).isEqualTo(Status.SKIPPED);
        assertThat(single(all, "Parses/2").status()).isEqualTo(Status.SKIPPED);
        assertThat(single(all, "Adds").durationMs()).isZero(); // time="0."
        assertThat(single(all, "Parses/1").timestamp()).isEqualTo(Instant.parse("2024-03-01T10:15:30.128Z"));
        assertThat(single(all, "RecordsSeed").properties()).containsEntry("seed", "1234");
        assertThat(single(all, "Divides").failure().message()).startsWith("/src/math/math_test.cc:17\nExpected equality");
        assertThat(summary.warnings()).isEmpty();
    }

    @Test
    void catch2DeclaresAssertionsAsTests() throws Exception {
        List<ReportedTest> all = parse("catch2.xml");

        assertThat(summary.warnings()).singleElement().asString()
                .contains("'shop-tests'", "declares tests=14", "contains tests=6");
        ReportedTest factorial = single(all, "Factorials are computed");
        assertThat(factorial.failure().message()).isEqualTo("Factorial(0) == 1");
        assertThat(factorial.failure().trace()).startsWith("FAILED:\n  REQUIRE( Factorial(0) == 1 )");
    }

    @Test
    void cargoNextestRerunsCarryTheirOwnTimestamp() throws Exception {
        List<ReportedTest> all = parse("cargo-nextest.xml");

        List<ReportedTest> removed = named(all, "cart::tests::removes_item");
        assertThat(removed).extracting(ReportedTest::retry, ReportedTest::timestamp).containsExactly(
                tuple(0, Instant.parse("2024-03-01T10:15:30.131Z")), tuple(1, Instant.parse("2024-03-01T10:15:30.140Z")));
        assertThat(removed.get(0).failure().message())
                .isEqualTo("thread 'cart::tests::removes_item' panicked at src/cart.rs:88:9:");
        assertThat(named(all, "pricing::tests::rounds_half_up")).extracting(ReportedTest::status, ReportedTest::flaky)
                .containsExactly(tuple(Status.FAILED, true), tuple(Status.PASSED, true));
        assertThat(single(all, "tests::parses_args").suite()).isEqualTo("shop::bin/shop-cli");
    }

    @Test
    void bazelGeneratedXmlNamesTheTargetAndReportsTheExitCode() throws Exception {
        ReportedTest target = single(parse("bazel-generated-test.xml"), "//shop/cli:smoke_test");

        assertThat(target.status()).isEqualTo(Status.ERROR);
        assertThat(target.suite()).isEqualTo("//shop/cli:smoke_test");
        assertThat(target.className()).isNull();
        assertThat(target.durationMs()).isEqualTo(3000);
        assertThat(target.failure().message()).isEqualTo("exited with error code 127");
        assertThat(target.failure().trace()).isNull();
    }

    @Test
    void bazelJavaRunnerUsesSingleQuotesAndUtf8() throws Exception {
        ReportedTest euro = single(parse("bazel-java-test.xml"), "formatsEuro");

        assertThat(euro.failure().message()).isEqualTo("expected:<[€ ]1.00> but was:<[EUR ]1.00>");
        assertThat(euro.timestamp()).isEqualTo(Instant.parse("2024-03-01T10:15:30.123Z"));
    }

    private List<ReportedTest> parse(String file) throws Exception {
        List<ReportedTest> tests = new ArrayList<>();
        try (InputStream in = JUnitFixturesTest.resource(file)) {
            summary = parser.parse(in, file, tests::add);
        }
        return tests;
    }

    private static List<ReportedTest> named(List<ReportedTest> tests, String name) {
        return tests.stream().filter(t -> t.name().equals(name)).toList();
    }

    private static ReportedTest single(List<ReportedTest> tests, String name) {
        List<ReportedTest> matching = named(tests, name);
        assertThat(matching).as("tests named %s", name).hasSize(1);
        return matching.get(0);
    }

    private static ReportedTest single(List<ReportedTest> tests, Status status) {
        List<ReportedTest> matching = tests.stream().filter(t -> t.status() == status).toList();
        assertThat(matching).as("tests with status %s", status).hasSize(1);
        return matching.get(0);
    }
}
