package dev.testpulse.ingest.trx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportedTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rules of the TRX parser, one behaviour per test, on small inline documents. */
class TrxReportParserTest {

    private static final String NS = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    private final TrxReportParser parser = new TrxReportParser();
    private final List<ReportedTest> received = new ArrayList<>();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Passed, PASSED", "PassedButRunAborted, PASSED", "Warning, PASSED",
            "Failed, FAILED",
            "Error, ERROR", "Timeout, ERROR", "Aborted, ERROR", "Disconnected, ERROR", "NotRunnable, ERROR",
            "InProgress, ERROR", "Pending, ERROR",
            "NotExecuted, SKIPPED", "Inconclusive, SKIPPED", "Completed, SKIPPED"})
    void mapsEveryTrxOutcome(String outcome, Status expected) throws Exception {
        parse(run("<UnitTestResult testName=\"t\" outcome=\"" + outcome + "\"/>", ""));

        assertThat(received).singleElement().extracting(ReportedTest::status).isEqualTo(expected);
    }

    @Test
    void givesAnErrorWithoutMessageTheOutcomeAsMessage() throws Exception {
        parse(run("<UnitTestResult testName=\"t\" outcome=\"Aborted\"/>", ""));

        assertThat(received.get(0).failure().message()).isEqualTo("TRX outcome aborted");
    }

    @Test
    void rejectsAnOutcomeTrxDoesNotDefineNamingLineAndColumn() {
        String xml = "<TestRun xmlns=\"" + NS + "\"><Results>\n  <UnitTestResult testName=\"t\" outcome=\"Flaky\"/>\n</Results></TestRun>";

        assertThatThrownBy(() -> parse(xml))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("UnitTestResult 't' has unknown outcome 'Flaky'");
                    assertThat(e.getLine()).isEqualTo(2);
                    assertThat(e.getColumn()).isGreaterThan(1);
                });
    }

    @Test
    void rejectsAResultWithoutNameOrOutcome() {
        assertThatThrownBy(() -> parse(run("<UnitTestResult outcome=\"Passed\"/>", "")))
                .isInstanceOf(ReportParseException.class).hasMessageContaining("without a testName");
        assertThatThrownBy(() -> parse(run("<UnitTestResult testName=\"t\"/>", "")))
                .isInstanceOf(ReportParseException.class).hasMessageContaining("has no outcome");
    }

    @Test
    void rejectsAnotherRootElement() {
        assertThatThrownBy(() -> parse("<testsuites><testsuite name=\"s\"/></testsuites>"))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("root element <testsuites> is not <TestRun>: not a TRX report");
                    assertThat(e.getLine()).isEqualTo(1);
                });
    }

    @Test
    void rejectsAnyDoctype() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE TestRun [<!ENTITY x \"boom\">]>\n<TestRun><Results/></TestRun>";

        assertThatThrownBy(() -> parse(xml)).isInstanceOf(ReportParseException.class).hasMessageContaining("DOCTYPE");
        assertThat(received).isEmpty();
    }

    @Test
    void reportsLineAndColumnOfMalformedXmlBeforeEmittingAnything() {
        String xml = "<TestRun><Results>\n<UnitTestResult testName=\"a\" outcome=\"Passed\"/>\n<UnitTestResult testName=\"b\" outcome=\"Passed\">\n</Results></TestRun>";

        assertThatThrownBy(() -> parse(xml))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).startsWith("malformed XML: ");
                    assertThat(e.getLine()).isEqualTo(4);
                });
        assertThat(received).isEmpty();
    }

    @Test
    void rejectsTrailingGarbage() {
        assertThatThrownBy(() -> parse(run("", "") + "<TestRun/>"))
                .isInstanceOf(ReportParseException.class).hasMessageContaining("malformed XML");
    }

    @Test
    void emitsFlatDataRowsAndDropsTheirSummary() throws Exception {
        parse(run("""
                <UnitTestResult testId="p" testName="Rows" outcome="Failed" resultType="DataDrivenTest"/>
                <UnitTestResult testId="p" testName="Rows (Data Row 0)" outcome="Passed" resultType="DataDrivenDataRow"/>
                <UnitTestResult testId="p" testName="Rows (Data Row 1)" outcome="Failed" resultType="DataDrivenDataRow"/>
                """, "<TestDefinitions><UnitTest id=\"p\"><TestMethod className=\"C\" name=\"Rows\"/></UnitTest></TestDefinitions>"));

        assertThat(received).extracting(ReportedTest::name).containsExactly("Rows (Data Row 0)", "Rows (Data Row 1)");
        assertThat(received).extracting(ReportedTest::className).containsOnly("C");
    }

    /** Issue 23: two tests with one class and display name were published with one id and the failure was lost. */
    @Test
    void tellsApartDifferentTestsSharingClassAndNameInDocumentOrder() throws Exception {
        parse(run("""
                <UnitTestResult executionId="e1" testId="t1" testName="Add" outcome="Passed"/>
                <UnitTestResult executionId="e2" testId="t2" testName="Add" outcome="Failed"/>
                <UnitTestResult executionId="e3" testId="t3" testName="Add" outcome="Passed"/>
                """, """
                <TestDefinitions>
                  <UnitTest id="t1"><TestMethod className="Calc.Tests" name="Add"/></UnitTest>
                  <UnitTest id="t2"><TestMethod className="Calc.Tests" name="Add"/></UnitTest>
                  <UnitTest id="t3"><TestMethod className="Calc.Tests" name="Add"/></UnitTest>
                </TestDefinitions>"""));

        assertThat(received).extracting(ReportedTest::name).containsExactly("Add", "Add #2", "Add #3");
        assertThat(received).extracting(ReportedTest::status).containsExactly(Status.PASSED, Status.FAILED, Status.PASSED);
        assertThat(received).extracting(ReportedTest::className).containsOnly("Calc.Tests");
    }

    @Test
    void keepsTheNameOfAnotherResultOfTheSameTestSoItCountsAsItsNextTry() throws Exception {
        parse(run("""
                <UnitTestResult executionId="e1" testId="t1" testName="Add" outcome="Failed"/>
                <UnitTestResult executionId="e2" testId="t1" testName="Add" outcome="Passed"/>
                """, ""));

        assertThat(received).extracting(ReportedTest::name).containsExactly("Add", "Add");
    }

    @Test
    void tellsApartDataRowsWithTheSameDisplayNameByTheirRow() throws Exception {
        parse(run("""
                <UnitTestResult executionId="p" testId="d" testName="Rows" outcome="Failed" resultType="DataDrivenTest">
                  <InnerResults>
                    <UnitTestResult executionId="r1" testId="d" testName="Rows" outcome="Passed" parentExecutionId="p"/>
                    <UnitTestResult executionId="r2" testId="d" testName="Rows" outcome="Failed" parentExecutionId="p"/>
                  </InnerResults>
                </UnitTestResult>
                <UnitTestResult testId="f" testName="Flat" outcome="Passed" resultType="DataDrivenDataRow"/>
                <UnitTestResult testId="f" testName="Flat" outcome="Failed" resultType="DataDrivenDataRow"/>
                """, ""));

        assertThat(received).extracting(ReportedTest::name).containsExactly("Rows", "Rows #2", "Flat", "Flat #2");
    }

    @Test
    void takesCategoriesAndUserTestListsAsTags() throws Exception {
        parse(run("<UnitTestResult testId=\"a\" testName=\"t\" outcome=\"Passed\" testListId=\"L\"/>"
                + "<UnitTestResult testId=\"b\" testName=\"u\" outcome=\"Passed\" testListId=\"N\"/>", """
                <TestDefinitions>
                  <UnitTest id="a"><TestCategory><TestCategoryItem TestCategory="smoke"/><TestCategoryItem TestCategory=" "/></TestCategory>
                    <TestMethod className="C" name="t"/></UnitTest>
                </TestDefinitions>
                <TestLists><TestList name="Nightly" id="L"/><TestList name="Results Not in a List" id="N"/></TestLists>
                """));

        assertThat(received.get(0).tags()).containsExactly("smoke", "Nightly");
        assertThat(received.get(1).tags()).isEmpty();
        assertThat(received.get(1).suite()).isEqualTo("default");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"00:00:00, 0", "00:00:00.0004999, 0", "00:00:00.0005, 1", "00:00:01.2345678, 1235",
            "01:02:03.5, 3723500", "1.00:00:00, 86400000", "not a time, 0"})
    void readsDotNetTimeSpans(String duration, long millis) throws Exception {
        parse(run("<UnitTestResult testName=\"t\" outcome=\"Passed\" duration=\"" + duration + "\"/>", ""));

        assertThat(received.get(0).durationMs()).isEqualTo(millis);
    }

    @Test
    void acceptsUtf8BomAndAnEmptyRun() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(("<?xml version=\"1.0\" encoding=\"utf-8\"?><TestRun xmlns=\"" + NS + "\"/>").getBytes(StandardCharsets.UTF_8));

        assertThat(parser.parse(new ByteArrayInputStream(bytes.toByteArray()), "bom.trx", received::add).tests()).isZero();
    }

    @Test
    void truncatesMessageAndTrace() throws Exception {
        String big = "x".repeat(20_000);

        parse(run("<UnitTestResult testName=\"t\" outcome=\"Failed\"><Output><ErrorInfo><Message>" + big
                + "</Message><StackTrace>" + big + "</StackTrace></ErrorInfo></Output></UnitTestResult>", ""));

        assertThat(received.get(0).failure().message()).hasSize(4 * 1024);
        assertThat(received.get(0).failure().trace()).hasSize(8 * 1024);
    }

    private void parse(String xml) throws ReportParseException {
        parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "report.trx", received::add);
    }

    private static String run(String results, String after) {
        return "<TestRun xmlns=\"" + NS + "\"><Results>" + results + "</Results>" + after + "</TestRun>";
    }
}
