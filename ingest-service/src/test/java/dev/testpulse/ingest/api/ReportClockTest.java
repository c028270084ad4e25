package dev.testpulse.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.TopicProbe;
import dev.testpulse.ingest.support.OutcomeSchema;
import dev.testpulse.ingest.support.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Issue #23: real reports whose own clock is old or wrong, at the production max-age of 400 days. A time a file
 * claims outside what analysis keeps gives way to the time ingest received the upload and the 202 says so; it used
 * to refuse the whole report with 422.
 */
@QuarkusTest
@TestProfile(ReportClockTest.ProductionMaxAge.class)
@WithTestResource(DevStackTestResource.class)
class ReportClockTest {

    /** The production max-age: the %test profile widens it so that other tests keep their fixtures' 2024 dates. */
    public static class ProductionMaxAge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("testpulse.ingest.max-age", "400d");
        }
    }

    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String project = "clock-" + UUID.randomUUID().toString().substring(0, 8);

    /** The fixtures of public producers from 2020-2024: each was refused whole with 422 before. */
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
            "junit, junit/jest-junit.xml, 8, 3",
            "junit, junit/mocha-junit-reporter.xml, 5, 1",
            "junit, junit/catch2.xml, 6, 1",
            "junit, junit/cargo-nextest.xml, 7, 7",
            "junit, junit/pytest-xunit1.xml, 6, 1",
            "ctrf, ctrf/jest-ctrf.json, 6, 1",
            "ctrf, ctrf/playwright-ctrf-legacy.json, 6, 6",
            "trx, trx/mstest.trx, 8, 6",
            "trx, trx/nunit.trx, 5, 5"})
    void acceptsAnOldProducerFixtureWithAWarningPerTimeItReplaced(String format, String fixture, int tests, int times)
            throws Exception {
        String file = Path.of(fixture).getFileName().toString();
        Instant before = Instant.now();
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context()).multiPart("report", RESOURCES.resolve(fixture).toFile(), mediaType(format))
                    .post("/api/v1/reports/" + format)
                    .then().statusCode(202).body("accepted", equalTo(tests))
                    .body("warnings.findAll { it.contains(' is older than max-age (400 days') }", hasSize(times))
                    .body("warnings.findAll { it.contains(' is older than max-age') }", everyItem(containsString(file + ": time 20")));
            assertThat(observedTimes(probe.read(tests))).hasSize(tests).allSatisfy(time -> assertThat(time).isBetween(before, Instant.now()));
        }
    }

    @Test
    void aPytestReportFrom2020InLocalTimeIsCountedAtTheTimeItArrived() throws Exception {
        Instant before = Instant.now();
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            String warning = upload("junit", "clock/pytest-2020-local-time.xml", context())
                    .statusCode(202).body("accepted", equalTo(5))
                    .body("statuses.passed", equalTo(3)).body("statuses.failed", equalTo(1)).body("statuses.skipped", equalTo(1))
                    .body("warnings", hasSize(1)).extract().path("warnings[0]");
            List<ConsumerRecord<String, String>> records = probe.read(5);
            assertThat(records).hasSize(5).allSatisfy(record -> assertThat(OutcomeSchema.violations(record.value())).isEmpty());
            Instant used = observedTimes(records).get(0);
            assertThat(observedTimes(records)).containsOnly(used);
            assertThat(used).isBetween(before, Instant.now());
            // pytest writes local time without an offset: read as UTC
            // the body of a request is the file named "body"
            assertThat(warning).isEqualTo("body: time 2020-09-14T12:31:40.123456Z is older than max-age "
                    + "(400 days, before " + used.minus(Duration.ofDays(400)) + "): its 5 outcome(s) take " + used
                    + ", the time ingest received the upload");
        }
    }

    @Test
    void theCtrfSpecificationsExampleFrom2021IsCountedWithOneWarningPerTestTime() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            List<String> warnings = upload("ctrf", "clock/ctrf-spec-example-2021.json", context())
                    .statusCode(202).body("accepted", equalTo(3)).body("statuses.failed", equalTo(1))
                    .extract().path("warnings");
            assertThat(warnings).hasSize(3).allSatisfy(warning -> assertThat(warning)
                    .startsWith("body: time 2021-06-15T10:00:0").contains("its 1 outcome(s) take"));
            assertThat(probe.read(3)).hasSize(3);
        }
    }

    /** Per time found: the suite of last week keeps its time, the 1970 and year-9999 suites take the received time. */
    @Test
    void decidesPerSuiteWhichTimeStays() throws Exception {
        Instant lastWeek = Instant.now().minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
        String xml = "<testsuites>"
                + "<testsuite name=\"recent\" timestamp=\"" + lastWeek + "\"><testcase name=\"a\"/><testcase name=\"b\"/></testsuite>"
                + "<testsuite name=\"epoch\" timestamp=\"1970-01-01T00:00:00\"><testcase name=\"c\"/><testcase name=\"d\"/></testsuite>"
                + "<testsuite name=\"far\" timestamp=\"9999-12-31T23:59:59Z\"><testcase name=\"e\"/></testsuite></testsuites>";
        Instant before = Instant.now();
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            List<String> warnings = as().queryParams(context()).contentType("application/xml").body(xml).post("/api/v1/reports/junit")
                    .then().statusCode(202).body("accepted", equalTo(5)).extract().path("warnings");
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0)).startsWith("body: time 1970-01-01T00:00:00Z is older than max-age").contains("its 2 outcome(s)");
            assertThat(warnings.get(1)).startsWith("body: time 9999-12-31T23:59:59Z is more than a day ahead").contains("its 1 outcome(s)");
            Map<String, Instant> bySuite = new HashMap<>();
            probe.read(5).forEach(record -> bySuite.put(tree(record.value()).get("suite").asText(), observedAt(record)));
            assertThat(bySuite.get("recent")).isEqualTo(lastWeek);
            assertThat(bySuite.get("epoch")).isBetween(before, Instant.now()).isEqualTo(bySuite.get("far"));
        }
    }

    /**
     * Over {@link ReportIngestion#KEEP_PARSED_BYTES} the outcomes are parsed again to be published: that second pass
     * must give them the time the first pass' warning names. Every test has its own 1970 time (SOURCE_DATE_EPOCH
     * plus its offset), yet the warnings stay bounded.
     */
    @Test
    void aLargeReportParsedTwiceTakesTheTimeItsWarningNamesWithBoundedWarnings() throws Exception {
        int tests = 9_000;
        StringBuilder xml = new StringBuilder("<testsuite name=\"reproducible\" timestamp=\"1970-01-01T00:00:00Z\">");
        for (int i = 0; i < tests; i++) {
            xml.append("<testcase classname=\"org.example.build.ReproducibleArchiveTest\" name=\"entry_").append(i)
                    .append("_has_a_stable_order\" timestamp=\"").append(Instant.EPOCH.plusSeconds(i)).append("\" time=\"0.001\"/>\n");
        }
        byte[] body = xml.append("</testsuite>").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat((long) body.length).isGreaterThan(ReportIngestion.KEEP_PARSED_BYTES);
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            List<String> warnings = as().queryParams(context()).contentType("application/xml").body(body).post("/api/v1/reports/junit")
                    .then().statusCode(202).body("accepted", equalTo(tests)).extract().path("warnings");
            assertThat(warnings).hasSize(ReportTimes.MAX_LISTED + 1);
            assertThat(warnings.get(0)).startsWith("body: time 1970-01-01T00:00:00Z is older than max-age");
            assertThat(warnings.get(ReportTimes.MAX_LISTED)).startsWith("body: " + (tests - ReportTimes.MAX_LISTED) + " more outcome(s)");
            String used = warnings.get(0).replaceAll(".* take (\\S+), .*", "$1");
            List<Instant> times = observedTimes(probe.readUntil(read -> read.stream()
                    .filter(record -> record.key().startsWith(project + "/")).count() >= tests, Duration.ofSeconds(60)).stream()
                    .filter(record -> record.key().startsWith(project + "/")).toList());
            assertThat(times).hasSize(tests).containsOnly(Instant.parse(used));
        }
    }

    @Test
    void aMultipartWarningNamesTheFileWhoseClockIsWrong() throws Exception {
        Path recent = Files.createTempFile("recent", ".xml");
        Files.writeString(recent, "<testsuite name=\"s\" timestamp=\"" + Instant.now().minus(Duration.ofDays(2))
                + "\"><testcase name=\"t\"/></testsuite>");
        try {
            as().queryParams(context())
                    .multiPart("a", recent.toFile(), "application/xml")
                    .multiPart("b", RESOURCES.resolve("clock/pytest-2020-local-time.xml").toFile(), "application/xml")
                    .post("/api/v1/reports/junit")
                    .then().statusCode(202).body("accepted", equalTo(1 + 5))
                    .body("warnings", hasSize(1))
                    .body("warnings[0]", containsString("pytest-2020-local-time.xml: time 2020-09-14T12:31:40.123456Z"))
                    .body("warnings", not(hasItem(containsString(recent.getFileName().toString()))));
        } finally {
            Files.delete(recent);
        }
    }

    @Test
    void aStartedAtGivenWithTheUploadIsTheTimeOfTestsWhoseFileTimeIsOutOfRange() throws Exception {
        Instant startedAt = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> context = new HashMap<>(context());
        context.put("started_at", startedAt.toString());
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            upload("junit", "clock/pytest-2020-local-time.xml", context).statusCode(202)
                    .body("warnings[0]", containsString("take " + startedAt + ", the upload's started_at"));
            assertThat(observedTimes(probe.read(5))).hasSize(5).containsOnly(startedAt);
        }
    }

    /** The caller states ?started_at itself, as observed_at in the JSON API: outside the window it is still 422. */
    @Test
    void refusesAStartedAtOutsideTheWindowOnceNamingTheParameter() throws Exception {
        Map<String, String> context = new HashMap<>(context());
        context.put("started_at", "2020-09-14T12:31:40Z");
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            upload("junit", "clock/pytest-2020-local-time.xml", context)
                    .statusCode(422).contentType("application/problem+json")
                    .body("errors.pointer", equalTo(List.of("?started_at")))
                    .body("errors[0].detail", containsString("must not be earlier than"));
            assertThat(probe.readUntil(records -> false, Duration.ofSeconds(2)))
                    .noneMatch(record -> record.key().startsWith(project + "/"));
        }
    }

    /** The JSON API keeps its 422: there the caller states observed_at itself. */
    @Test
    void theJsonApiStillRefusesAnObservedAtPastMaxAge() {
        as().contentType("application/json").body("""
                [{"project":"%s","run":{"id":"r1"},"suite":"s","test":{"name":"t"},"status":"passed",
                  "observed_at":"2020-09-14T12:31:40Z"}]""".formatted(project))
                .post("/api/v1/outcomes")
                .then().statusCode(422).body("errors.pointer", equalTo(List.of("/0/observed_at")));
    }

    private ValidatableResponse upload(String format, String fixture, Map<String, String> context) throws IOException {
        return as().queryParams(context).contentType(mediaType(format)).body(Files.readAllBytes(RESOURCES.resolve(fixture)))
                .post("/api/v1/reports/" + format).then();
    }

    private static String mediaType(String format) {
        return format.equals("ctrf") ? "application/json" : "application/xml";
    }

    private Map<String, String> context() {
        return Map.of("project", project, "pipeline", "ci", "run", "build-7", "branch", "main");
    }

    private RequestSpecification as() {
        return given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project)));
    }

    private static List<Instant> observedTimes(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ReportClockTest::observedAt).toList();
    }

    private static Instant observedAt(ConsumerRecord<String, String> record) {
        return Instant.parse(tree(record.value()).get("observed_at").asText());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
