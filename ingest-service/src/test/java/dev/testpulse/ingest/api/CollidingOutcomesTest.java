package dev.testpulse.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.TopicProbe;
import dev.testpulse.ingest.support.OutcomeSchema;
import dev.testpulse.ingest.support.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Issue 23: what an upload reports as accepted is what analysis counts. Two outcomes of one upload that would derive
 * the same id were published with it and analysis-service counted one of them; here every upload's records reach the
 * real topic with distinct ids, and the same upload sent again gets the same ids.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class CollidingOutcomesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String project = "collide-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void trxResultsOfTwoTestsSharingClassAndNameAreBothPublished() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context()).contentType("application/xml").body(trx("t1", "Passed").replace("</Results>",
                            "<UnitTestResult executionId=\"e2\" testId=\"t2\" testName=\"Add\" outcome=\"Failed\"/></Results>")
                            .replace("</TestDefinitions>",
                                    "<UnitTest id=\"t2\"><TestMethod className=\"Calc.Tests\" name=\"Add\"/></UnitTest></TestDefinitions>"))
                    .post("/api/v1/reports/trx")
                    .then().statusCode(202).body("accepted", equalTo(2))
                    .body("statuses.passed", equalTo(1)).body("statuses.failed", equalTo(1));

            List<JsonNode> outcomes = outcomes(probe.read(2));
            assertThat(outcomes).extracting(o -> o.get("id").asText()).doesNotHaveDuplicates();
            assertThat(outcomes).extracting(o -> o.at("/test/name").asText() + " " + o.get("status").asText())
                    .containsExactlyInAnyOrder("Add passed", "Add #2 failed");
        }
    }

    @Test
    void oneTrxPerTargetFrameworkInOneUploadCountsEachAsATryAndTheSameIdsWhenResent() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            for (int send = 0; send < 2; send++) {
                as().queryParams(context())
                        .multiPart("net8", "net8.0.trx", trx("t1", "Passed").getBytes(StandardCharsets.UTF_8), "application/xml")
                        .multiPart("net9", "net9.0.trx", trx("t1", "Failed").getBytes(StandardCharsets.UTF_8), "application/xml")
                        .post("/api/v1/reports/trx")
                        .then().statusCode(202).body("accepted", equalTo(2))
                        .body("warnings", hasItem(startsWith("1 outcome repeated a test already in this upload")))
                        .body("warnings", hasItem(endsWith("the first at /files/net9.0.trx/tests/0")));
            }
            List<JsonNode> outcomes = outcomes(probe.read(4));
            assertThat(outcomes).extracting(o -> o.at("/test/name").asText() + " " + o.get("status").asText() + " " + o.get("retry"))
                    .containsExactlyInAnyOrder("Add passed 0", "Add failed 1", "Add passed 0", "Add failed 1");
            List<String> ids = outcomes.stream().map(o -> o.get("id").asText()).toList();
            assertThat(ids.subList(0, 2)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids.subList(2, 4));
        }
    }

    @Test
    void theSameJUnitTestInTwoFilesOfOneUploadCountsTwice() throws Exception {
        String report = "<testsuite name=\"s\"><testcase classname=\"C\" name=\"t\"/></testsuite>";
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context())
                    .multiPart("a", "TEST-a.xml", report.getBytes(StandardCharsets.UTF_8), "application/xml")
                    .multiPart("b", "TEST-b.xml", report.replace("<testcase classname=\"C\" name=\"t\"/>",
                            "<testcase classname=\"C\" name=\"t\"><failure message=\"boom\"/></testcase>").getBytes(StandardCharsets.UTF_8),
                            "application/xml")
                    .post("/api/v1/reports/junit")
                    .then().statusCode(202).body("accepted", equalTo(2));

            List<JsonNode> outcomes = outcomes(probe.read(2));
            assertThat(outcomes).extracting(o -> o.get("id").asText()).doesNotHaveDuplicates();
            assertThat(outcomes).extracting(o -> o.get("status").asText() + " " + o.get("retry"))
                    .containsExactlyInAnyOrder("passed 0", "failed 1");
        }
    }

    @Test
    void twoCtrfEntriesOfOneTestCountAsTwoTries() throws Exception {
        String ctrf = """
                {"results":{"tool":{"name":"jest"},"tests":[
                  {"name":"adds","suite":"calc","status":"failed","duration":3},
                  {"name":"adds","suite":"calc","status":"passed","duration":2}]}}""";
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context()).contentType("application/json").body(ctrf).post("/api/v1/reports/ctrf")
                    .then().statusCode(202).body("accepted", equalTo(2));

            List<JsonNode> outcomes = outcomes(probe.read(2));
            assertThat(outcomes).extracting(o -> o.get("id").asText()).doesNotHaveDuplicates();
            assertThat(outcomes).extracting(o -> o.get("status").asText() + " " + o.get("retry"))
                    .containsExactlyInAnyOrder("failed 0", "passed 1");
        }
    }

    @Test
    void twoJsonOutcomesWithoutIdThatDeriveOneIdAreBothPublishedAndTheAnswerSaysSo() throws Exception {
        String outcome = "{\"project\":\"%s\",\"pipeline\":\"ci\",\"run\":{\"id\":\"r1\"},\"suite\":\"api\","
                + "\"test\":{\"name\":\"same\"},\"status\":\"%s\"}";
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().contentType("application/x-ndjson")
                    .body((outcome.formatted(project, "failed") + "\n" + outcome.formatted(project, "passed") + "\n")
                            .getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/outcomes")
                    .then().statusCode(202).body("accepted", equalTo(2))
                    .body("warnings", contains("1 outcome repeated a test already in this upload (same suite, class, name"
                            + " and retry) and counted as its next retry, the first at /line/2"));

            List<JsonNode> outcomes = outcomes(probe.read(2));
            assertThat(outcomes).extracting(o -> o.get("id").asText()).doesNotHaveDuplicates();
            assertThat(outcomes).extracting(o -> o.get("status").asText() + " " + o.get("retry"))
                    .containsExactlyInAnyOrder("failed 0", "passed 1");
        }
    }

    /** Over ReportIngestion.KEEP_PARSED_BYTES the outcomes are parsed again to publish: both passes number alike. */
    @Test
    void aLargeUploadPublishesTheIdsItsFirstPassCounted() throws Exception {
        // Two files just over the limit together, within the test profile's 2 MB body limit.
        String filler = "x".repeat((int) ReportIngestion.KEEP_PARSED_BYTES / 2 + 10_000);
        String report = "<testsuite name=\"s\"><testcase classname=\"C\" name=\"t\"><system-out>" + filler
                + "</system-out></testcase><testcase classname=\"C\" name=\"u\"/></testsuite>";
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            as().queryParams(context())
                    .multiPart("a", "TEST-a.xml", report.getBytes(StandardCharsets.UTF_8), "application/xml")
                    .multiPart("b", "TEST-b.xml", report.getBytes(StandardCharsets.UTF_8), "application/xml")
                    .post("/api/v1/reports/junit")
                    .then().statusCode(202).body("accepted", equalTo(4));

            List<JsonNode> outcomes = outcomes(probe.read(4));
            assertThat(outcomes).extracting(o -> o.get("id").asText()).doesNotHaveDuplicates();
            assertThat(outcomes).extracting(o -> o.at("/test/name").asText() + " " + o.get("retry"))
                    .containsExactlyInAnyOrder("t 0", "u 0", "t 1", "u 1");
        }
    }

    /** A TRX report of one test, Calc.Tests.Add, with this testId and outcome. */
    private static String trx(String testId, String outcome) {
        return "<TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\"><Results>"
                + "<UnitTestResult executionId=\"e-" + testId + "\" testId=\"" + testId + "\" testName=\"Add\" outcome=\""
                + outcome + "\"/></Results><TestDefinitions><UnitTest id=\"" + testId + "\"><TestMethod className=\"Calc.Tests\""
                + " name=\"Add\"/></UnitTest></TestDefinitions></TestRun>";
    }

    private List<JsonNode> outcomes(List<ConsumerRecord<String, String>> records) throws IOException {
        assertThat(records).allSatisfy(record -> {
            assertThat(record.key()).startsWith(project + "/");
            assertThat(OutcomeSchema.violations(record.value())).isEmpty();
        });
        List<JsonNode> outcomes = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            outcomes.add(JSON.readTree(record.value()));
        }
        return outcomes;
    }

    private Map<String, String> context() {
        return Map.of("project", project, "pipeline", "ci", "run", "build-7", "commit", "9fceb02", "branch", "main");
    }

    private RequestSpecification as() {
        return given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project)));
    }
}
