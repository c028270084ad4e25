package dev.testpulse.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.ingest.support.OutcomeSchema;
import dev.testpulse.ingest.support.TestTokens;
import dev.testpulse.devstack.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** JUnit XML, CTRF and TRX uploads through HTTP onto the real topic: every producer, every way to get it wrong. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ReportsResourceTest {

    private static final Path JUNIT = Path.of("src/test/resources/junit");
    private static final Path CTRF = Path.of("src/test/resources/ctrf");
    private static final Path TRX = Path.of("src/test/resources/trx");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String project = "reports-" + UUID.randomUUID().toString().substring(0, 8);

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/junit/expected-counts.csv", numLinesToSkip = 1)
    void acceptsEveryJUnitProducerWithExactCounts(String file, int tests, int passed, int failed, int error, int skipped,
            int flaky, int warnings) throws IOException {
        upload("junit", "application/xml", JUNIT.resolve(file))
                .then().statusCode(202)
                .body("accepted", equalTo(tests))
                .body("statuses.passed", equalTo(passed))
                .body("statuses.failed", equalTo(failed))
                .body("statuses.error", equalTo(error))
                .body("statuses.skipped", equalTo(skipped))
                .body("warnings", hasSize(warnings));
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/ctrf/expected-counts.csv", numLinesToSkip = 1)
    void acceptsEveryCtrfProducerWithExactCounts(String file, int tests, int passed, int failed, int error, int skipped,
            int flaky, int warnings) throws IOException {
        upload("ctrf", "application/json", CTRF.resolve(file))
                .then().statusCode(202)
                .body("accepted", equalTo(tests))
                .body("statuses.passed", equalTo(passed))
                .body("statuses.failed", equalTo(failed))
                .body("statuses.error", equalTo(error))
                .body("statuses.skipped", equalTo(skipped))
                .body("warnings", hasSize(warnings));
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/trx/expected-counts.csv", numLinesToSkip = 1)
    void acceptsEveryTrxProducerWithExactCounts(String file, int tests, int passed, int failed, int error, int skipped,
            int flaky, int warnings) throws IOException {
        upload("trx", "application/xml", TRX.resolve(file))
                .then().statusCode(202)
                .body("accepted", equalTo(tests))
                .body("statuses.passed", equalTo(passed))
                .body("statuses.failed", equalTo(failed))
                .body("statuses.error", equalTo(error))
                .body("statuses.skipped", equalTo(skipped))
                .body("warnings", hasSize(warnings));
    }

    @Test
    void publishesTrxResultsAsValidOutcomesWithClassAndCategories() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().multiPart("ms", TRX.resolve("mstest.trx").toFile(), "application/xml")
                    .multiPart("x", TRX.resolve("xunit.trx").toFile(), "application/xml")
                    .queryParams(context()).post("/api/v1/reports/trx")
                    .then().statusCode(202).body("accepted", equalTo(8 + 5));
            List<ConsumerRecord<String, String>> records = probe.read(13);
            assertThat(records).hasSize(13)
                    .allSatisfy(record -> assertThat(OutcomeSchema.violations(record.value())).isEmpty());
            assertThat(records).filteredOn(record -> read(record.value(), "/test/name").equals("IsPrime (4)"))
                    .singleElement().satisfies(record -> {
                        assertThat(record.key()).isEqualTo(project + "/Calc.Tests.CalculatorTests");
                        assertThat(read(record.value(), "/status")).isEqualTo("failed");
                        assertThat(read(record.value(), "/test/class")).isEqualTo("Calc.Tests.CalculatorTests");
                        assertThat(JSON.readTree(record.value()).at("/test/tags").toString()).contains("math", "nightly");
                    });
        }
    }

    @Test
    void rejectsATrxReportWithAnUnknownOutcomeNamingLineAndPublishesNothing() throws Exception {
        String trx = "<TestRun><Results>\n<UnitTestResult testName=\"a\" outcome=\"Passed\"/>\n"
                + "<UnitTestResult testName=\"b\" outcome=\"Sometimes\"/>\n</Results></TestRun>";
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context()).contentType("application/xml").body(trx).post("/api/v1/reports/trx")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:testpulse:problem:malformed-report"))
                    .body("line", equalTo(3))
                    .body("detail", containsString("unknown outcome 'Sometimes'"));
            assertNothingPublished(probe);
        }
    }

    @Test
    void publishesEachExecutionOfAReportAsAValidOutcomeWithTheRunContext() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            upload("junit", "application/xml", JUNIT.resolve("surefire-TEST-com.acme.shop.CartServiceTest.xml"))
                    .then().statusCode(202).body("runs", equalTo(List.of("ci#build-42.2")));
            List<ConsumerRecord<String, String>> records = probe.read(13);
            assertThat(records).hasSize(13).allSatisfy(record -> {
                assertThat(OutcomeSchema.violations(record.value())).isEmpty();
                var outcome = JSON.readTree(record.value());
                assertThat(outcome.at("/project").asText()).isEqualTo(project);
                assertThat(outcome.at("/run/id").asText()).isEqualTo("build-42");
                assertThat(outcome.at("/run/attempt").asInt()).isEqualTo(2);
                assertThat(outcome.at("/run/branch").asText()).isEqualTo("main");
                assertThat(outcome.at("/test/tags").toString()).contains("nightly");
            });
            // Surefire's flakyFailure/flakyError: the failed tries and the final pass all carry the mark, no one else.
            assertThat(records).filteredOn(record -> !read(record.value(), "/flaky").isEmpty())
                    .hasSize(5)
                    .allSatisfy(record -> assertThat(read(record.value(), "/flaky")).isEqualTo("true"));
        }
    }

    /**
     * Issue #16: a report is a run that is over, so each job it held is said finished on testpulse.runs once its
     * outcomes are stored; an upload with {@code partial=true} (more files of the run follow) leaves its run running.
     */
    @Test
    void anUploadFinishesEachJobOfItsRunUnlessMoreFollow() throws Exception {
        java.util.Map<String, String> partial = new java.util.HashMap<>(context());
        partial.put("run", "partial-1");
        partial.put("partial", "true");
        try (TopicProbe runs = new TopicProbe(DevStack.RUNS_TOPIC)) {
            as().queryParams(partial).contentType("application/xml").body(Files.readAllBytes(JUNIT.resolve("playwright.xml")))
                    .post("/api/v1/reports/junit").then().statusCode(202);
            upload("junit", "application/xml", JUNIT.resolve("playwright.xml")).then().statusCode(202);
            // one key (the project), so one partition: a record of the partial upload would come before these two
            List<com.fasterxml.jackson.databind.JsonNode> finished = runs.readUntil(read -> read.stream()
                    .filter(record -> project.equals(record.key())).count() >= 2, Duration.ofSeconds(30)).stream()
                    .filter(record -> project.equals(record.key())).map(record -> tree(record.value())).toList();
            assertThat(finished).hasSize(2).allSatisfy(run -> {
                assertThat(run.at("/run/id").asText()).isEqualTo("build-42");
                assertThat(run.at("/run/attempt").asInt()).isEqualTo(2);
                assertThat(run.get("pipeline").asText()).isEqualTo("ci");
                assertThat(run.get("state").asText()).isEqualTo("finished");
                assertThat(run.get("outcomes").asLong()).isEqualTo(3);
            });
            assertThat(finished).extracting(run -> run.at("/run/job").asText()).containsExactlyInAnyOrder("chromium", "firefox");
        }
        partial.put("partial", "maybe");
        as().queryParams(partial).contentType("application/xml").body(Files.readAllBytes(JUNIT.resolve("playwright.xml")))
                .post("/api/v1/reports/junit").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("?partial"));
    }

    /** Suites may name a job each (their hostname): hundreds of them are all finished, sent in groups, not one by one. */
    @Test
    void anUploadOfManyJobsFinishesEveryOne() throws Exception {
        StringBuilder xml = new StringBuilder("<testsuites>");
        for (int i = 0; i < 300; i++) {
            xml.append("<testsuite name=\"s\" hostname=\"shard-").append(i).append("\"><testcase name=\"t\"/></testsuite>");
        }
        xml.append("</testsuites>");
        try (TopicProbe runs = new TopicProbe(DevStack.RUNS_TOPIC)) {
            as().queryParams(context()).contentType("application/xml").body(xml.toString()).post("/api/v1/reports/junit")
                    .then().statusCode(202).body("accepted", equalTo(300));
            List<String> jobs = runs.readUntil(read -> read.stream().filter(record -> project.equals(record.key())).count() >= 300,
                    Duration.ofSeconds(60)).stream().filter(record -> project.equals(record.key()))
                    .map(record -> tree(record.value()).at("/run/job").asText()).toList();
            assertThat(jobs).hasSize(300).doesNotHaveDuplicates().allSatisfy(job -> assertThat(job).startsWith("shard-"));
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void givesTheSameIdsWhenTheSameReportIsSentAgain() throws Exception {
        Path report = JUNIT.resolve("gradle-TEST-com.acme.orders.OrderServiceTest.xml");
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            upload("junit", "application/xml", report).then().statusCode(202);
            upload("junit", "application/xml", report).then().statusCode(202);
            List<String> ids = probe.read(14).stream().map(r -> read(r.value(), "/id")).toList();
            assertThat(ids).hasSize(14);
            assertThat(ids.subList(0, 7)).containsExactlyInAnyOrderElementsOf(ids.subList(7, 14)).doesNotHaveDuplicates();
        }
    }

    @Test
    void takesTheJobFromTheSuiteHostnameSoPlaywrightProjectsCountApart() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            upload("junit", "application/xml", JUNIT.resolve("playwright.xml")).then().statusCode(202).body("accepted", equalTo(6));
            List<ConsumerRecord<String, String>> records = probe.read(6);
            assertThat(records).extracting(r -> read(r.value(), "/run/job"))
                    .containsExactlyInAnyOrder("chromium", "chromium", "chromium", "firefox", "firefox", "firefox");
            // The same tests in two browsers: before jobs they shared their ids and one browser went uncounted.
            assertThat(records).extracting(r -> read(r.value(), "/id")).doesNotHaveDuplicates();
        }
    }

    @Test
    void aJobGivenWithTheUploadWinsOverTheHostname() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context()).queryParam("job", "e2e 2/3").contentType("application/xml")
                    .body("<testsuite name=\"s\" hostname=\"runner-7\"><testcase name=\"t\"/></testsuite>")
                    .post("/api/v1/reports/junit").then().statusCode(202);
            assertThat(probe.read(1)).singleElement()
                    .satisfies(record -> assertThat(read(record.value(), "/run/job")).isEqualTo("e2e 2/3"));
        }
    }

    @Test
    void carriesTheRunUrlFromTheQueryOrTheHeaderIntoEveryOutcome() throws Exception {
        String url = "https://github.com/acme/shop/actions/runs/4242";
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context()).queryParam("run_url", url).contentType("application/xml")
                    .body("<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>")
                    .post("/api/v1/reports/junit").then().statusCode(202);
            as().queryParams(context()).header("X-Testpulse-Run-Url", url + "?attempt=2").contentType("application/xml")
                    .body("<testsuite name=\"s\"><testcase name=\"u\"/></testsuite>")
                    .post("/api/v1/reports/junit").then().statusCode(202);
            List<ConsumerRecord<String, String>> records = probe.read(2);
            assertThat(records).extracting(record -> read(record.value(), "/run/url")).containsExactly(url, url + "?attempt=2");
            assertThat(records).allSatisfy(record -> assertThat(OutcomeSchema.violations(record.value())).isEmpty());
        }
    }

    @Test
    void refusesARunUrlThatIsNotHttpNamingTheParameterAndPublishesNothing() {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context()).queryParam("run_url", "javascript:alert(1)").contentType("application/xml")
                    .body("<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>")
                    .post("/api/v1/reports/junit").then().statusCode(422).contentType("application/problem+json")
                    .body("errors.pointer", equalTo(List.of("?run_url")))
                    .body("errors[0].detail", containsString("http or https"));
            assertNothingPublished(probe);
        }
    }

    @Test
    void countsTwoMatrixLegsOfOneRunApartAndEachLegOnceWhenResent() throws Exception {
        byte[] report = Files.readAllBytes(JUNIT.resolve("surefire-TEST-com.acme.shop.CartServiceTest.xml"));
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context()).header("X-Testpulse-Job", "test (17)").contentType("application/xml").body(report)
                    .post("/api/v1/reports/junit").then().statusCode(202).body("runs", equalTo(List.of("ci#build-42.2")));
            as().queryParams(context()).queryParam("job", "test (21)").contentType("application/xml").body(report)
                    .post("/api/v1/reports/junit").then().statusCode(202);
            as().queryParams(context()).header("X-Testpulse-Job", "test (17)").contentType("application/xml").body(report)
                    .post("/api/v1/reports/junit").then().statusCode(202);
            List<String> ids = probe.read(3 * 13).stream().map(r -> read(r.value(), "/id")).toList();
            assertThat(ids).hasSize(3 * 13);
            List<String> leg17 = ids.subList(0, 13);
            List<String> leg21 = ids.subList(13, 26);
            assertThat(leg17).doesNotHaveDuplicates().doesNotContainAnyElementsOf(leg21);
            assertThat(ids.subList(26, 39)).containsExactlyInAnyOrderElementsOf(leg17);
        }
    }

    @Test
    void acceptsManyReportsAsMultipartWhole() {
        as().multiPart("a", JUNIT.resolve("jest-junit.xml").toFile(), "application/xml")
                .multiPart("b", JUNIT.resolve("go-junit-report.xml").toFile(), "application/xml")
                .queryParams(context()).post("/api/v1/reports/junit")
                .then().statusCode(202).body("accepted", equalTo(8 + 7));
    }

    @Test
    void rejectsAMultipartUploadWholeWhenOneFileIsMalformedNamingFileLineAndColumn() throws Exception {
        Path broken = Files.createTempFile("broken", ".xml");
        Files.writeString(broken, "<testsuite name=\"s\">\n  <testcase name=\"a\"/>\n  <testcase name=\"b\">\n</testsuite>");
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().multiPart("good", JUNIT.resolve("gotestsum.xml").toFile(), "application/xml")
                    .multiPart("bad", broken.toFile(), "application/xml")
                    .queryParams(context()).post("/api/v1/reports/junit")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:testpulse:problem:malformed-report"))
                    .body("file", equalTo(broken.getFileName().toString()))
                    .body("line", equalTo(4))
                    .body("column", equalTo(3))
                    .body("detail", containsString("nothing was published"));
            assertNothingPublished(probe);
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void rejectsAnyDoctypeSoEntitiesCanNeverExpand() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE testsuite [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <testsuite name="s"><testcase name="&xxe;"/></testsuite>""";
        as().queryParams(context()).contentType("application/xml").body(xxe).post("/api/v1/reports/junit")
                .then().statusCode(400).body("detail", containsString("DOCTYPE")).body("line", equalTo(2));
    }

    @Test
    void requiresTheRunAndNamesWhereToGiveIt() {
        as().contentType("application/xml").body("<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>")
                .post("/api/v1/reports/junit")
                .then().statusCode(422).body("errors.pointer", hasItem("?run"))
                .body("errors.find { it.pointer == '?run' }.detail", containsString("X-Testpulse-Run"));
    }

    @Test
    void takesTheRunContextFromHeadersAndTheProjectFromTheToken() {
        as().header("X-Testpulse-Run", "h-1").header("X-Testpulse-Started-At", "2026-11-24T10:00:00Z")
                .contentType("application/xml").body("<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>")
                .post("/api/v1/reports/junit")
                .then().statusCode(202).body("runs", equalTo(List.of("default#h-1.1")));
    }

    @Test
    void namesABadParameter() {
        as().queryParam("run", "1").queryParam("attempt", "second").contentType("application/xml")
                .body("<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>").post("/api/v1/reports/junit")
                .then().statusCode(400).body("type", equalTo("urn:testpulse:problem:bad-parameter"))
                .body("errors[0].pointer", equalTo("?attempt"));
    }

    @Test
    void rejectsAReportThatIsNotCtrf() {
        as().queryParams(context()).contentType("application/json").body("{\"reportFormat\":\"JUnit\",\"results\":{\"tests\":[]}}")
                .post("/api/v1/reports/ctrf")
                .then().statusCode(400).body("type", equalTo("urn:testpulse:problem:malformed-report"))
                .body("line", equalTo(1));
    }

    @Test
    void answersAnOversizedBodyWith413Problem() {
        byte[] big = new byte[3 * 1024 * 1024];
        as().queryParams(context()).contentType("application/xml").body(big).post("/api/v1/reports/junit")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("at most"));
    }

    @Test
    void answersAnUnsupportedMediaTypeWith415Problem() {
        as().queryParams(context()).contentType("text/plain").body("hello").post("/api/v1/reports/junit")
                .then().statusCode(415).contentType("application/problem+json").body("errors", nullValue());
    }

    private io.restassured.response.Response upload(String format, String mediaType, Path report) throws IOException {
        return as().queryParams(context()).contentType(mediaType).body(Files.readAllBytes(report))
                .post("/api/v1/reports/" + format);
    }

    private java.util.Map<String, String> context() {
        return java.util.Map.of("project", project, "pipeline", "ci", "run", "build-42", "attempt", "2",
                "commit", "9fceb02", "branch", "main", "tags", "nightly");
    }

    private RequestSpecification as() {
        return given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project)));
    }

    private void assertNothingPublished(TopicProbe probe) {
        assertThat(probe.readUntil(records -> false, Duration.ofSeconds(2)))
                .noneMatch(record -> record.key().startsWith(project + "/"));
    }

    private static String read(String json, String pointer) {
        try {
            return JSON.readTree(json).at(pointer).asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
