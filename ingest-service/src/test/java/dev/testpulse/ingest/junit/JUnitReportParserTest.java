package dev.testpulse.ingest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportLimits;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.outcome.Status;
import dev.testpulse.ingest.xml.XmlCursor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules of the JUnit XML parser, one behaviour per test, on small inline documents. */
class JUnitReportParserTest {

    private final JUnitReportParser parser = new JUnitReportParser();
    private final List<ReportedTest> received = new ArrayList<>();

    @Test
    void rejectsAnAttributeLongerThanTheLimitWithoutKeepingIt() {
        String xml = "<testsuite name=\"s\"><testcase name=\"" + "n".repeat(XmlCursor.MAX_ATTRIBUTE_CHARS + 1) + "\"/></testsuite>";

        assertThatThrownBy(() -> parse(xml)).isInstanceOf(ReportParseException.class)
                .hasMessageContaining("attribute 'name' is longer than " + XmlCursor.MAX_ATTRIBUTE_CHARS);
        assertThat(received).isEmpty();
    }

    @Test
    void aTimeWithAHugeExponentIsIgnoredAtOnce() throws ReportParseException {
        long started = System.nanoTime();
        parse("<testsuite name=\"s\" time=\"1e999999999\"><testcase name=\"t\" time=\"9E+2147483647\"/></testsuite>");

        assertThat(received).hasSize(1);
        assertThat(received.get(0).durationMs()).isZero();
        assertThat(System.nanoTime() - started).isLessThan(2_000_000_000L);
    }

    @Test
    void rejectsDoctype() {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE testsuite>
                <testsuite name="s"><testcase name="t"/></testsuite>
                """;

        assertThatThrownBy(() -> parse(xml))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("DOCTYPE is not allowed");
                    assertThat(e.getLine()).isEqualTo(2);
                    assertThat(e.getColumn()).isPositive();
                    assertThat(e.getFileName()).isEqualTo("report.xml");
                });
        assertThat(received).isEmpty();
    }

    @Test
    void rejectsBillionLaughs() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">\n");
        }
        xml.append("]>\n<testsuite name=\"&lol9;\"><testcase name=\"&lol9;\"/></testsuite>");

        assertThatThrownBy(() -> parse(xml.toString()))
                .isInstanceOf(ReportParseException.class)
                .hasMessageContaining("DOCTYPE is not allowed");
        assertThat(received).isEmpty();
    }

    @Test
    void rejectsExternalEntity(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<testsuite name=\"s\"><testcase name=\"&xxe;\"/></testsuite>";

        assertThatThrownBy(() -> parse(xml))
                .isInstanceOf(ReportParseException.class)
                .hasMessageContaining("DOCTYPE is not allowed")
                .hasMessageNotContaining("TOP-SECRET");
        assertThat(received).isEmpty();
    }

    @Test
    void rejectsExternalDtdWithoutFetchingIt() {
        // An unresolvable host: fetching would fail with a network error instead of our message.
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE testsuite SYSTEM \"http://dtd.invalid/junit.dtd\">\n"
                + "<testsuite name=\"s\"/>";

        assertThatThrownBy(() -> parse(xml))
                .isInstanceOfSatisfying(ReportParseException.class,
                        e -> assertThat(e.getReason()).isEqualTo("DOCTYPE is not allowed"));
    }

    @Test
    void reportsLineAndColumnOfMalformedXml() {
        String xml = """
                <testsuite name="s">
                  <testcase name="a"/>
                  <testcase name="b">
                </testsuite>
                """;

        assertThatThrownBy(() -> parse(xml))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getLine()).isEqualTo(4);
                    assertThat(e.getColumn()).isPositive();
                    assertThat(e.getReason()).startsWith("malformed XML: ").contains("testcase");
                    assertThat(e.getMessage()).startsWith("report.xml:4:");
                });
    }

    @Test
    void deliversEachTestAsSoonAsItEndsEvenIfTheDocumentBreaksLater() {
        String xml = "<testsuite name=\"s\"><testcase name=\"first\"/><testcase name=\"second\"></testsuite>";

        assertThatThrownBy(() -> parse(xml)).isInstanceOf(ReportParseException.class);
        assertThat(received).extracting(ReportedTest::name).containsExactly("first");
    }

    @Test
    void rejectsTooDeepNesting() {
        String xml = "<testsuites>" + "<testsuite name=\"n\">".repeat(70) + "</testsuite>".repeat(70) + "</testsuites>";

        assertThatThrownBy(() -> parse(xml))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).contains("nested deeper than 64");
                    assertThat(e.getColumn()).isPositive();
                });
    }

    @Test
    void rejectsTooDeepNestingInsideIgnoredElements() {
        String xml = "<testsuite name=\"s\"><system-out>" + "<x>".repeat(100) + "</x>".repeat(100)
                + "</system-out></testsuite>";

        assertThatThrownBy(() -> parse(xml)).isInstanceOf(ReportParseException.class)
                .hasMessageContaining("nested deeper than 64");
    }

    @Test
    void rejectsAnotherRootElement() {
        assertThatThrownBy(() -> parse("<html><body/></html>"))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).contains("<html>");
                    assertThat(e.getLine()).isEqualTo(1);
                });
    }

    @Test
    void rejectsTestcaseWithoutName() {
        assertThatThrownBy(() -> parse("<testsuite name=\"s\"><testcase classname=\"C\"/></testsuite>"))
                .isInstanceOfSatisfying(ReportParseException.class,
                        e -> assertThat(e.getReason()).isEqualTo("testcase without a name"));
    }

    @Test
    void acceptsUtf8Bom() throws Exception {
        byte[] body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuite name=\"Prüfung\"><testcase name=\"größer\"/></testsuite>"
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(body);

        parser.parse(new ByteArrayInputStream(bytes.toByteArray()), "bom.xml", received::add);

        assertThat(received).extracting(ReportedTest::suite, ReportedTest::name).containsExactly(tuple("Prüfung", "größer"));
    }

    @Test
    void acceptsRootTestsuiteWithoutTestsuites() throws Exception {
        parse("<testsuite name=\"com.acme.FooTest\"><testcase name=\"a\" classname=\"com.acme.FooTest\"/></testsuite>");

        assertThat(received).extracting(ReportedTest::suite).containsExactly("com.acme.FooTest");
    }

    @Test
    void flattensNestedSuitesKeepingThePath() throws Exception {
        parse("""
                <testsuites>
                  <testsuite name="Unit" file="/app/tests/Outer.php">
                    <testsuite name="CalculatorTest" file="/app/tests/CalculatorTest.php">
                      <testcase name="testAdd"/>
                      <testsuite name="CalculatorTest::testDivide">
                        <testcase name="testDivide with data set #0"/>
                      </testsuite>
                    </testsuite>
                    <testcase name="loose"/>
                  </testsuite>
                </testsuites>
                """);

        assertThat(received).extracting(ReportedTest::name, ReportedTest::suite, ReportedTest::file).containsExactly(
                tuple("testAdd", "Unit / CalculatorTest", "/app/tests/CalculatorTest.php"),
                tuple("testDivide with data set #0", "Unit / CalculatorTest / CalculatorTest::testDivide",
                        "/app/tests/CalculatorTest.php"),
                tuple("loose", "Unit", "/app/tests/Outer.php"));
    }

    @Test
    void fallsBackToClassnameThenDefaultForTheSuite() throws Exception {
        parse("<testsuites><testsuite><testcase name=\"a\" classname=\"pkg.A\"/><testcase name=\"b\"/></testsuite></testsuites>");

        assertThat(received).extracting(ReportedTest::suite).containsExactly("pkg.A", "default");
    }

    @Test
    void prefersTestcaseFileAndLineOverTheSuiteFile() throws Exception {
        parse("<testsuite name=\"s\" file=\"suite.php\"><testcase name=\"a\" file=\"a.php\" line=\"7\"/><testcase name=\"b\"/></testsuite>");

        assertThat(received).extracting(ReportedTest::file, ReportedTest::line)
                .containsExactly(tuple("a.php", 7), tuple("suite.php", null));
    }

    @Test
    void countsSurefireFlakyFailureAsFailedTryThenPass() throws Exception {
        parse("""
                <testsuite name="FooTest" tests="1" failures="0" errors="0" skipped="0">
                  <testcase name="flaky" classname="FooTest" time="0.5">
                    <flakyFailure message="boom" type="java.lang.AssertionError">
                      <stackTrace>java.lang.AssertionError: boom
                	at FooTest.flaky(FooTest.java:10)</stackTrace>
                      <system-out>noise</system-out>
                    </flakyFailure>
                    <flakyFailure message="boom again" type="java.lang.AssertionError">
                      <stackTrace>java.lang.AssertionError: boom again</stackTrace>
                    </flakyFailure>
                  </testcase>
                </testsuite>
                """);

        assertThat(received).extracting(ReportedTest::retry, ReportedTest::status, ReportedTest::flaky).containsExactly(
                tuple(0, Status.FAILED, true), tuple(1, Status.FAILED, true), tuple(2, Status.PASSED, true));
        assertThat(received.get(0).failure().message()).isEqualTo("boom");
        assertThat(received.get(0).failure().trace()).contains("at FooTest.flaky").doesNotContain("noise");
        assertThat(received.get(2).durationMs()).isEqualTo(500);
    }

    @Test
    void countsSurefireRerunFailuresAsFurtherFailedTries() throws Exception {
        ParseSummary summary = parse("""
                <testsuite name="FooTest" tests="1" failures="1" errors="0" skipped="0">
                  <testcase name="broken" classname="FooTest">
                    <failure message="first" type="AssertionError">trace 1</failure>
                    <rerunFailure message="second" type="AssertionError"><stackTrace>trace 2</stackTrace></rerunFailure>
                    <rerunError message="third" type="IllegalStateException"><stackTrace>trace 3</stackTrace></rerunError>
                  </testcase>
                </testsuite>
                """);

        assertThat(received).extracting(ReportedTest::retry, ReportedTest::status, ReportedTest::flaky)
                .containsExactly(tuple(0, Status.FAILED, false), tuple(1, Status.FAILED, false),
                        tuple(2, Status.ERROR, false));
        assertThat(received).extracting(t -> t.failure().trace()).containsExactly("trace 1", "trace 2", "trace 3");
        assertThat(summary.warnings()).isEmpty(); // declared counts are per test case, not per try
    }

    @Test
    void numbersRepeatedTestCasesAsRetries() throws Exception {
        parse("""
                <testsuite name="pytest">
                  <testcase classname="t.test_a" name="test_x"><failure message="no"/></testcase>
                  <testcase classname="t.test_b" name="test_x"/>
                  <testcase classname="t.test_a" name="test_x"><failure message="no"/></testcase>
                  <testcase classname="t.test_a" name="test_x"/>
                </testsuite>
                """);

        assertThat(received).extracting(ReportedTest::className, ReportedTest::retry, ReportedTest::status).containsExactly(
                tuple("t.test_a", 0, Status.FAILED), tuple("t.test_b", 0, Status.PASSED),
                tuple("t.test_a", 1, Status.FAILED), tuple("t.test_a", 2, Status.PASSED));
    }

    @Test
    void aSuiteThatComesBackLaterContinuesItsNumbering() throws Exception {
        // gotestsum and Gradle's test-retry may write a rerun as a new testsuite element of the same name
        parse("""
                <testsuites>
                  <testsuite name="s1"><testcase classname="c" name="t"><failure message="no"/></testcase></testsuite>
                  <testsuite name="s2"><testcase classname="c" name="t"/></testsuite>
                  <testsuite name="s1"><testcase classname="c" name="t"/></testsuite>
                </testsuites>
                """);

        assertThat(received).extracting(ReportedTest::suite, ReportedTest::retry, ReportedTest::status).containsExactly(
                tuple("s1", 0, Status.FAILED), tuple("s2", 0, Status.PASSED), tuple("s1", 1, Status.PASSED));
    }

    @Test
    void sameTestInDifferentSuitesOrHostsIsNotARetry() throws Exception {
        parse("""
                <testsuites>
                  <testsuite name="a.spec.ts" hostname="chromium"><testcase classname="a.spec.ts" name="t"/></testsuite>
                  <testsuite name="a.spec.ts" hostname="firefox"><testcase classname="a.spec.ts" name="t"/></testsuite>
                  <testsuite name="b.spec.ts" hostname="firefox"><testcase classname="a.spec.ts" name="t"/></testsuite>
                </testsuites>
                """);

        assertThat(received).extracting(ReportedTest::retry).containsExactly(0, 0, 0);
    }

    @Test
    void handsOnTheSuiteHostnameInheritedByNestedSuites() throws Exception {
        parse("""
                <testsuites>
                  <testsuite name="outer" hostname="test (ubuntu-latest, 17)">
                    <testsuite name="inner"><testcase name="t"/></testsuite>
                  </testsuite>
                  <testsuite name="other"><testcase name="u"/></testsuite>
                </testsuites>
                """);

        assertThat(received).extracting(ReportedTest::hostname).containsExactly("test (ubuntu-latest, 17)", null);
    }

    @Test
    void errorWinsOverFailureWhichWinsOverSkipped() throws Exception {
        parse("""
                <testsuite name="s">
                  <testcase name="all"><skipped/><failure message="f"/><error message="e"/></testcase>
                  <testcase name="failedAndSkipped"><skipped/><failure message="f"/></testcase>
                  <testcase name="skippedOnly"><skipped message="later"/></testcase>
                </testsuite>
                """);

        assertThat(received).extracting(ReportedTest::status)
                .containsExactly(Status.ERROR, Status.FAILED, Status.SKIPPED);
        assertThat(received.get(0).failure().message()).isEqualTo("e");
        assertThat(received.get(2).failure()).isNull();
    }

    @Test
    void treatsNotRunStatusesAsSkippedWhateverTheirCase() throws Exception {
        parse("""
                <testsuite name="s">
                  <testcase name="a" status="disabled"/>
                  <testcase name="b" status="Skipped"/>
                  <testcase name="c" status="IGNORED"/>
                  <testcase name="d" status="notrun"/>
                  <testcase name="e" status="run"/>
                  <testcase name="f" status="notrun"><failure message="still failed"/></testcase>
                </testsuite>
                """);

        assertThat(received).extracting(ReportedTest::status).containsExactly(Status.SKIPPED, Status.SKIPPED,
                Status.SKIPPED, Status.SKIPPED, Status.PASSED, Status.FAILED);
    }

    @Test
    void parsesTimeWithThousandsSeparator() throws Exception {
        parse("""
                <testsuite name="s">
                  <testcase name="slow" time="1,234.5"/>
                  <testcase name="gtest" time="0."/>
                  <testcase name="rounded" time="0.0004"/>
                  <testcase name="half" time="0.0005"/>
                </testsuite>
                """);

        assertThat(received).extracting(ReportedTest::durationMs).containsExactly(1_234_500L, 0L, 0L, 1L);
    }

    @Test
    void toleratesMissingOrUnreadableTime() throws Exception {
        ParseSummary summary = parse("""
                <testsuite name="s">
                  <testcase name="missing"/>
                  <testcase name="garbage" time="fast"/>
                  <testcase name="negative" time="-1"/>
                </testsuite>
                """);

        assertThat(received).extracting(ReportedTest::durationMs).containsExactly(0L, 0L, 0L);
        assertThat(summary.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("unreadable time"));
    }

    @Test
    void takesTimestampFromSuiteAsUtcWhenItHasNoZone() throws Exception {
        parse("""
                <testsuites>
                  <testsuite name="local" timestamp="2024-03-01T10:15:30"><testcase name="a"/></testsuite>
                  <testsuite name="offset" timestamp="2024-03-01T10:15:30.5+02:00"><testcase name="b"/></testsuite>
                  <testsuite name="space" timestamp="2024-03-01 10:15:30"><testcase name="c"/></testsuite>
                  <testsuite name="own" timestamp="2024-03-01T10:15:30Z">
                    <testcase name="d" timestamp="2024-03-01T10:16:00Z"/>
                  </testsuite>
                </testsuites>
                """);

        assertThat(received).extracting(ReportedTest::timestamp).containsExactly(
                Instant.parse("2024-03-01T10:15:30Z"), Instant.parse("2024-03-01T08:15:30.5Z"),
                Instant.parse("2024-03-01T10:15:30Z"), Instant.parse("2024-03-01T10:16:00Z"));
    }

    @Test
    void warnsAboutAnUnreadableTimestampAndLeavesItOut() throws Exception {
        ParseSummary summary = parse("<testsuite name=\"s\" timestamp=\"yesterday\"><testcase name=\"a\"/></testsuite>");

        assertThat(received.get(0).timestamp()).isNull();
        assertThat(summary.warnings()).singleElement().asString().contains("unreadable timestamp 'yesterday'");
    }

    @Test
    void warnsWhenDeclaredCountsDisagree() throws Exception {
        ParseSummary summary = parse("""
                <testsuites>
                  <testsuite name="liar" tests="3" failures="0" errors="0" skipped="0">
                    <testcase name="a"/>
                    <testcase name="b"><failure message="x"/></testcase>
                  </testsuite>
                  <testsuite name="honest" tests="1" failures="1"><testcase name="c"><failure/></testcase></testsuite>
                  <testsuite name="silent"><testcase name="d"/></testsuite>
                </testsuites>
                """);

        assertThat(received).hasSize(4);
        assertThat(summary.warnings()).containsExactly(
                "testsuite 'liar' (line 2) declares tests=3, failures=0 but contains tests=2, failures=1");
    }

    @Test
    void checksNestedSuitesAgainstEverythingBelowThem() throws Exception {
        ParseSummary summary = parse("""
                <testsuite name="outer" tests="3" skipped="1">
                  <testsuite name="inner" tests="2" skipped="1" disabled="0">
                    <testcase name="a"/><testcase name="b"><skipped/></testcase>
                  </testsuite>
                  <testcase name="c"/>
                </testsuite>
                """);

        assertThat(summary.warnings()).isEmpty();
    }

    @Test
    void countsDisabledTestsAsDeclaredSkipped() throws Exception {
        ParseSummary summary = parse("""
                <testsuite name="gtest" tests="2" skipped="0" disabled="1">
                  <testcase name="a" status="run"/><testcase name="DISABLED_b" status="notrun"/>
                </testsuite>
                """);

        assertThat(summary.warnings()).isEmpty();
        assertThat(summary.skipped()).isEqualTo(1);
    }

    @Test
    void takesMessageFromFirstLineWhenAttributeMissing() throws Exception {
        parse("""
                <testsuite name="s">
                  <testcase name="a"><failure type="REQUIRE">

                  first real line
                second line</failure></testcase>
                  <testcase name="b"><error message="" type="E">  boom  </error></testcase>
                </testsuite>
                """);

        assertThat(received).extracting(t -> t.failure().message()).containsExactly("first real line", "boom");
        assertThat(received.get(0).failure().trace()).isEqualTo("  first real line\nsecond line");
        assertThat(received.get(0).failure().type()).isEqualTo("REQUIRE");
        assertThat(received.get(1).failure().type()).isEqualTo("E");
    }

    @Test
    void truncatesTraceAndMessageToTheLimits() throws Exception {
        String euros = "€".repeat(10_000); // 3 bytes each in UTF-8
        String xml = "<testsuite name=\"s\"><testcase name=\"a\"><failure message=\"" + euros + "\">"
                + euros + "</failure></testcase></testsuite>";

        parse(xml);

        ReportedTest test = received.get(0);
        assertThat(test.failure().trace().getBytes(StandardCharsets.UTF_8)).hasSize(8 * 1024 - 2);
        assertThat(test.failure().message().getBytes(StandardCharsets.UTF_8)).hasSize(4 * 1024 - 1);
        assertThat(test.failure().trace()).matches("€+");
    }

    @Test
    void truncatesTraceToAConfiguredLimit() throws Exception {
        JUnitReportParser smallTraces = new JUnitReportParser(ReportLimits.withMaxTraceBytes(10));

        smallTraces.parse(stream("<testsuite><testcase name=\"a\"><failure>0123456789abcdef</failure></testcase></testsuite>"),
                "r.xml", received::add);

        assertThat(received.get(0).failure().trace()).isEqualTo("0123456789");
        assertThat(received.get(0).failure().message()).isEqualTo("0123456789abcdef");
    }

    @Test
    void readsTagsAndPropertiesOfTheTestcaseOnly() throws Exception {
        parse("""
                <testsuite name="s">
                  <properties><property name="suite.level" value="ignored"/></properties>
                  <testcase name="a">
                    <properties>
                      <property name="tag" value="smoke"/>
                      <property name="tags" value="slow, db,,"/>
                      <property name="owner" value="team-cart"/>
                      <property name="testrun_comment"><![CDATA[multi
                line]]></property>
                    </properties>
                  </testcase>
                  <testcase name="b"/>
                </testsuite>
                """);

        assertThat(received.get(0).tags()).containsExactly("smoke", "slow", "db");
        assertThat(received.get(0).properties()).containsExactly(
                java.util.Map.entry("owner", "team-cart"), java.util.Map.entry("testrun_comment", "multi\nline"));
        assertThat(received.get(1).tags()).isEmpty();
        assertThat(received.get(1).properties()).isEmpty();
    }

    @Test
    void skipsOutputAndUnknownElements() throws Exception {
        parse("""
                <testsuite name="s">
                  <system-out><testcase name="not-a-test"/></system-out>
                  <testcase name="a"><system-out>out</system-out><system-err>err</system-err><vendor><x/></vendor></testcase>
                  <system-err/>
                </testsuite>
                """);

        assertThat(received).extracting(ReportedTest::name, ReportedTest::status).containsExactly(tuple("a", Status.PASSED));
    }

    @Test
    void reportsMalformedContentAfterTheRoot() {
        assertThatThrownBy(() -> parse("<testsuite name=\"s\"/><testsuite name=\"t\"/>"))
                .isInstanceOf(ReportParseException.class)
                .hasMessageContaining("malformed XML");
    }

    @Test
    void rejectsAnEmptyDocument() {
        assertThatThrownBy(() -> parse("")).isInstanceOf(ReportParseException.class);
    }

    private ParseSummary parse(String xml) throws ReportParseException {
        return parser.parse(stream(xml), "report.xml", received::add);
    }

    private static InputStream stream(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }
}
