package dev.testpulse.ingest.ctrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.testpulse.ingest.report.ParseSummary;
import dev.testpulse.ingest.report.ReportParseException;
import dev.testpulse.ingest.report.ReportedTest;
import dev.testpulse.ingest.outcome.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules of the CTRF parser, one behaviour per test, on small inline documents. */
class CtrfReportParserTest {

    private final CtrfReportParser parser = new CtrfReportParser();
    private final List<ReportedTest> received = new ArrayList<>();

    @Test
    void mapsEveryCtrfStatus() throws Exception {
        ParseSummary summary = parse(report("""
                {"name":"a","status":"passed"},{"name":"b","status":"failed"},{"name":"c","status":"skipped"},
                {"name":"d","status":"pending"},{"name":"e","status":"other"},{"name":"f","status":"FAILED"}
                """));

        assertThat(received).extracting(ReportedTest::status).containsExactly(Status.PASSED, Status.FAILED,
                Status.SKIPPED, Status.SKIPPED, Status.ERROR, Status.FAILED);
        assertThat(summary.tests()).isEqualTo(6);
        assertThat(received.get(1).failure()).isNotNull();
        assertThat(received.get(4).failure()).isNotNull();
        assertThat(received.get(0).failure()).isNull();
    }

    @Test
    void emitsFlakyPassOnceWithTheRetryCount() throws Exception {
        parse(report("""
                {"name":"a","status":"passed","retries":3,"flaky":true,"duration":120},
                {"name":"b","status":"failed","retries":2,"flaky":false},
                {"name":"c","status":"passed"}
                """));

        assertThat(received).extracting(ReportedTest::name, ReportedTest::status, ReportedTest::retry, ReportedTest::flaky)
                .containsExactly(tuple("a", Status.PASSED, 3, true), tuple("b", Status.FAILED, 2, false),
                        tuple("c", Status.PASSED, 0, false));
    }

    @Test
    void rejectsWrongReportFormatBeforeEmittingTests() {
        String json = "{\"reportFormat\":\"JUnit\",\"results\":{\"tests\":[{\"name\":\"a\",\"status\":\"passed\"}]}}";

        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("reportFormat is 'JUnit', expected \"CTRF\"");
                    assertThat(e.getLine()).isEqualTo(1);
                    assertThat(e.getColumn()).isEqualTo(17);
                });
        assertThat(received).isEmpty();
    }

    @Test
    void acceptsReportWrittenBeforeReportFormatExisted() throws Exception {
        String json = "{\"results\":{\"tool\":{\"name\":\"jest\"},\"tests\":[{\"name\":\"a\",\"status\":\"passed\"}]}}";

        ParseSummary summary = parse(json);

        assertThat(summary.tests()).isEqualTo(1);
        assertThat(summary.warnings()).isEmpty();
    }

    @Test
    void acceptsAnySpecVersion() throws Exception {
        parse("{\"reportFormat\":\"CTRF\",\"specVersion\":\"0.0.0\",\"results\":{\"tests\":[{\"name\":\"a\",\"status\":\"passed\"}]}}");
        parse("{\"reportFormat\":\"CTRF\",\"specVersion\":\"1.0.0\",\"results\":{\"tests\":[{\"name\":\"b\",\"status\":\"passed\"}]}}");

        assertThat(received).extracting(ReportedTest::name).containsExactly("a", "b");
    }

    @Test
    void rejectsDocumentWithoutResults() {
        assertThatThrownBy(() -> parse("{\"reportFormat\":\"CTRF\",\"tests\":[]}"))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).startsWith("results is missing");
                    assertThat(e.getLine()).isEqualTo(1);
                });
    }

    @Test
    void rejectsTestsThatAreNotAnArray() {
        assertThatThrownBy(() -> parse("{\"results\":{\"tests\":{\"name\":\"a\",\"status\":\"passed\"}}}"))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("results.tests must be an array");
                    assertThat(e.getLine()).isEqualTo(1);
                    assertThat(e.getColumn()).isEqualTo(21);
                });
    }

    @Test
    void expandsRetryAttemptsIntoNumberedTriesBeforeTheFinalResult() throws Exception {
        parse(report("""
                {"name":"a","status":"passed","duration":80,"retries":2,"flaky":true,"retryAttempts":[
                   {"attempt":1,"status":"failed","duration":120,"message":"boom","trace":"Error: boom\\n  at a.ts:3"},
                   {"attempt":2,"status":"other","duration":5000,"start":1709288131000}]},
                {"name":"b","status":"failed","retries":1,"retryAttempts":[{"attempt":1,"status":"failed"}]}
                """));

        assertThat(received).extracting(ReportedTest::name, ReportedTest::status, ReportedTest::retry,
                        ReportedTest::flaky, ReportedTest::durationMs)
                .containsExactly(
                        tuple("a", Status.FAILED, 0, true, 120L),
                        tuple("a", Status.ERROR, 1, true, 5000L),
                        tuple("a", Status.PASSED, 2, true, 80L),
                        tuple("b", Status.FAILED, 0, false, 0L),
                        tuple("b", Status.FAILED, 1, false, 0L));
        assertThat(received.get(0).failure().message()).isEqualTo("boom");
        assertThat(received.get(1).timestamp()).isEqualTo(Instant.ofEpochMilli(1709288131000L));
        assertThat(received.get(2).failure()).isNull();
    }

    @Test
    void countsFinalResultsNotTriesAgainstTheSummary() throws Exception {
        ParseSummary summary = parse("""
                {"results":{"summary":{"tests":1,"passed":1,"failed":0},
                 "tests":[{"name":"a","status":"passed","flaky":true,"retryAttempts":[{"attempt":1,"status":"failed"}]}]}}
                """);

        assertThat(summary.warnings()).isEmpty();
        assertThat(summary.tests()).isEqualTo(2);
        assertThat(summary.flaky()).isEqualTo(2);
    }

    @Test
    void rejectsTryWithStatusOutsideTheEnum() {
        String json = report("{\"name\":\"a\",\"status\":\"passed\",\"retryAttempts\":[{\"attempt\":1,\"status\":\"timedOut\"}]}");

        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(ReportParseException.class, e -> assertThat(e.getReason())
                        .isEqualTo("results.tests[0].retryAttempts[0] has unknown status 'timedOut'"));
    }

    @Test
    void readsLegacyRetryAndFlakeLikeRetriesAndFlaky() throws Exception {
        parse(report("""
                {"name":"a","status":"passed","retry":2,"flake":true},
                {"name":"b","status":"passed","retry":5,"retries":1}
                """));

        assertThat(received).extracting(ReportedTest::retry, ReportedTest::flaky)
                .containsExactly(tuple(2, true), tuple(1, false));
    }

    @Test
    void readsStartInEpochSecondsAsOlderPlaywrightReportersWroteIt() throws Exception {
        parse(report("""
                {"name":"a","status":"passed","start":1709288131,"stop":1709288131.812},
                {"name":"b","status":"passed","start":1709288131.5},
                {"name":"c","status":"passed","start":1709288131000}
                """));

        assertThat(received).extracting(ReportedTest::timestamp).containsExactly(
                Instant.ofEpochMilli(1709288131000L), Instant.ofEpochMilli(1709288131500L),
                Instant.ofEpochMilli(1709288131000L));
    }

    @Test
    void roundsFractionalDurations() throws Exception {
        parse(report("{\"name\":\"a\",\"status\":\"passed\",\"duration\":0.4},{\"name\":\"b\",\"status\":\"passed\",\"duration\":12.5}"));

        assertThat(received).extracting(ReportedTest::durationMs).containsExactly(0L, 13L);
    }

    @Test
    void rejectsMissingTests() {
        assertThatThrownBy(() -> parse("{\"reportFormat\":\"CTRF\",\"results\":{\"summary\":{\"tests\":0}}}"))
                .isInstanceOf(ReportParseException.class)
                .hasMessageContaining("results.tests is missing");
    }

    @Test
    void rejectsUnknownStatusNamingTheTestIndexAndValue() {
        String json = """
                {
                  "reportFormat": "CTRF",
                  "results": {
                    "tests": [
                      { "name": "fine", "status": "passed" },
                      { "name": "odd",
                        "status": "broken" }
                    ]
                  }
                }
                """;

        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).isEqualTo("results.tests[1] has unknown status 'broken'");
                    assertThat(e.getLine()).isEqualTo(7);
                    assertThat(e.getColumn()).isEqualTo(19);
                });
        assertThat(received).extracting(ReportedTest::name).containsExactly("fine");
    }

    @Test
    void rejectsTestWithoutNameOrStatus() {
        assertThatThrownBy(() -> parse(report("{\"status\":\"passed\"}")))
                .isInstanceOf(ReportParseException.class).hasMessageContaining("results.tests[0] has no name");
        assertThatThrownBy(() -> parse(report("{\"name\":\"a\"}")))
                .isInstanceOf(ReportParseException.class).hasMessageContaining("results.tests[0] has no status");
    }

    @Test
    void reportsLineAndColumnOfMalformedJson() {
        String json = "{\"reportFormat\":\"CTRF\",\n\"results\":{\"tests\":[\n{\"name\":\"a\" \"status\":\"passed\"}]}}";

        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).startsWith("malformed JSON: ");
                    assertThat(e.getLine()).isEqualTo(3);
                    assertThat(e.getColumn()).isEqualTo(13);
                });
    }

    @Test
    void rejectsContentAfterTheReport() {
        assertThatThrownBy(() -> parse(report("") + "\n {}"))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).contains("after the report");
                    assertThat(e.getLine()).isEqualTo(2);
                    assertThat(e.getColumn()).isEqualTo(2);
                });
    }

    @Test
    void rejectsTooDeepNesting() {
        String deep = "[".repeat(100) + "]".repeat(100);

        assertThatThrownBy(() -> parse(report("{\"name\":\"a\",\"status\":\"passed\",\"extra\":" + deep + "}")))
                .isInstanceOfSatisfying(ReportParseException.class, e -> {
                    assertThat(e.getReason()).contains("nesting depth");
                    assertThat(e.getLine()).isEqualTo(1);
                });
    }

    @Test
    void warnsWhenSummaryCountsDisagree() throws Exception {
        String json = """
                {"reportFormat":"CTRF","results":{
                  "tests":[{"name":"a","status":"passed"},{"name":"b","status":"pending"}],
                  "summary":{"tests":2,"passed":2,"failed":0,"pending":0,"skipped":0,"other":0,"suites":1}
                }}
                """;

        ParseSummary summary = parse(json);

        assertThat(summary.warnings()).containsExactly(
                "summary declares passed=2, pending=0 but the report contains passed=1, pending=1");
    }

    @Test
    void fallsBackToFilePathThenDefaultForTheSuite() throws Exception {
        parse(report("""
                {"name":"a","status":"passed","suite":"s > t"},
                {"name":"b","status":"passed","filePath":"src/b.test.js"},
                {"name":"c","status":"passed","suite":[]},
                {"name":"d","status":"passed","suite":["p","","q"]}
                """));

        assertThat(received).extracting(ReportedTest::suite).containsExactly("s > t", "src/b.test.js", "default", "p / q");
    }

    @Test
    void takesTimestampFromTestStartElseSummaryStart() throws Exception {
        parse("""
                {"reportFormat":"CTRF","results":{"summary":{"start":1709288130000},
                 "tests":[{"name":"a","status":"passed","start":1709288131000},
                          {"name":"b","status":"passed","start":0},
                          {"name":"c","status":"passed"}]}}
                """);

        assertThat(received).extracting(ReportedTest::timestamp).containsExactly(
                Instant.ofEpochMilli(1709288131000L), Instant.ofEpochMilli(1709288130000L),
                Instant.ofEpochMilli(1709288130000L));
    }

    @Test
    void readsFileLineTagsAndTypeLeniently() throws Exception {
        parse(report("""
                {"name":"a","status":"failed","filePath":"a.spec.ts","line":"12","tags":["@smoke",3,null,{"x":1}],
                 "duration":"15","trace":"Error: boom\\n  at a.spec.ts:12","type":"e2e","retries":null}
                """));

        ReportedTest test = received.get(0);
        assertThat(test.file()).isEqualTo("a.spec.ts");
        assertThat(test.line()).isEqualTo(12);
        assertThat(test.tags()).containsExactly("@smoke", "3");
        assertThat(test.durationMs()).isEqualTo(15);
        assertThat(test.retry()).isZero();
        assertThat(test.failure().message()).isEqualTo("Error: boom"); // first trace line when there is no message
        assertThat(test.properties()).containsEntry("type", "e2e");
        assertThat(test.className()).isNull();
    }

    @Test
    void truncatesMessageAndTrace() throws Exception {
        String big = "x".repeat(20_000);

        parse(report("{\"name\":\"a\",\"status\":\"failed\",\"message\":\"" + big + "\",\"trace\":\"" + big + "\"}"));

        assertThat(received.get(0).failure().message()).hasSize(4 * 1024);
        assertThat(received.get(0).failure().trace()).hasSize(8 * 1024);
    }

    @Test
    void skipsHugeValuesOfFieldsItDoesNotRead() throws Exception {
        String huge = "y".repeat(CtrfReportParser.MAX_STRING_CHARS + 1024);

        parse(report("{\"name\":\"a\",\"status\":\"passed\",\"stdout\":[\"" + huge + "\"],\"screenshot\":\"" + huge + "\"}"));

        assertThat(received).hasSize(1);
    }

    @Test
    void rejectsAStringTooLongToHoldInAFieldItReads() {
        String huge = "z".repeat(CtrfReportParser.MAX_STRING_CHARS + 1024);

        assertThatThrownBy(() -> parse(report("{\"name\":\"a\",\"status\":\"failed\",\"trace\":\"" + huge + "\"}")))
                .isInstanceOf(ReportParseException.class)
                .hasMessageContaining("String value length");
    }

    @Test
    void acceptsUtf8Bom() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(report("{\"name\":\"größer\",\"status\":\"passed\"}").getBytes(StandardCharsets.UTF_8));

        parser.parse(new ByteArrayInputStream(bytes.toByteArray()), "bom.json", received::add);

        assertThat(received).extracting(ReportedTest::name).containsExactly("größer");
    }

    @Test
    void leavesTheCallersStreamOpen() throws Exception {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(report("").getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        parser.parse(in, "r.json", received::add);

        assertThat(closed[0]).isFalse();
    }

    private ParseSummary parse(String json) throws ReportParseException {
        return parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "report.json", received::add);
    }

    private static String report(String tests) {
        return "{\"reportFormat\":\"CTRF\",\"specVersion\":\"0.0.0\",\"results\":{\"tool\":{\"name\":\"t\"},\"tests\":["
                + tests + "]}}";
    }
}
