package dev.testpulse.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.shared.stream.StreamPosition;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.ingest.support.OutcomeSchema;
import dev.testpulse.ingest.support.TestTokens;
import dev.testpulse.devstack.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The outcomes endpoint against the real broker: what it accepts is on the topic, what it rejects is not. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OutcomesResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String project = "ingest-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void publishesEveryAcceptedOutcomeAsAValidV1Record() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/json")
                    .body("[" + outcome("a", "passed") + "," + outcome("b", "failed") + "," + outcome("c", "skipped") + "]")
                    .post("/api/v1/outcomes")
                    .then().statusCode(202)
                    .body("accepted", equalTo(3))
                    .body("statuses.passed", equalTo(1))
                    .body("statuses.failed", equalTo(1))
                    .body("statuses.skipped", equalTo(1))
                    .body("runs", hasItems("ci#r1.1"));

            List<ConsumerRecord<String, String>> records = probe.read(3);
            assertThat(records).hasSize(3);
            assertThat(records).allSatisfy(record -> {
                assertThat(record.key()).isEqualTo(project + "/api");
                assertThat(OutcomeSchema.violations(record.value())).isEmpty();
            });
            assertThat(records).extracting(record -> JSON.readTree(record.value()).at("/test/name").asText())
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    /** Read your own writes (issue 28): the 202 says where the upload's records lie, the offset after the last of each partition. */
    @Test
    void the202NamesThePositionAfterTheUploadsLastRecordInBodyAndHeader() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            io.restassured.response.Response accepted = given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project)))
                    .contentType("application/json").body("[" + outcome("a", "passed") + "," + outcome("b", "failed") + "]")
                    .post("/api/v1/outcomes");
            accepted.then().statusCode(202);
            String position = accepted.jsonPath().getString("position");
            assertThat(accepted.header(StreamPosition.HEADER)).isEqualTo(position);
            List<ConsumerRecord<String, String>> records = probe.read(2);
            ConsumerRecord<String, String> last = records.get(1);
            assertThat(StreamPosition.parse(position).nextOffsets()).containsExactly(java.util.Map.entry(last.partition(), last.offset() + 1));
            assertThat(StreamPosition.parse(position).encode()).isEqualTo(position);
        }
    }

    @Test
    void givesTheSameExecutionTheSameIdWhenSentTwice() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            for (int i = 0; i < 2; i++) {
                given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/json").body("[" + outcome("same", "passed") + "]")
                        .post("/api/v1/outcomes").then().statusCode(202);
            }
            List<ConsumerRecord<String, String>> records = probe.read(2);
            assertThat(records).hasSize(2);
            JsonNode first = JSON.readTree(records.get(0).value());
            JsonNode second = JSON.readTree(records.get(1).value());
            assertThat(first.get("id").asText()).hasSize(32).isEqualTo(second.get("id").asText());
        }
    }

    @Test
    void acceptsNdjsonStreams() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/x-ndjson")
                    .body((oneLine(outcome("x", "passed")) + "\n" + oneLine(outcome("y", "error")) + "\n")
                            .getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/outcomes")
                    .then().statusCode(202).body("accepted", equalTo(2)).body("statuses.error", equalTo(1));
            assertThat(probe.read(2)).hasSize(2);
        }
    }

    @Test
    void rejectsMalformedJsonWithLineAndColumnAndPublishesNothing() {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/json")
                    .body("[" + outcome("ok", "passed") + ",\n {\"project\": \"" + project + "\", \"suite\": }]")
                    .post("/api/v1/outcomes")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:testpulse:problem:malformed-body"))
                    .body("line", equalTo(3))
                    .body("column", notNullValue())
                    .body("instance", equalTo("/api/v1/outcomes"));
            assertNothingPublishedBefore(probe);
        }
    }

    @Test
    void rejectsInvalidOutcomesNamingEachFieldAndPublishesNothing() {
        String missingStatus = "{\"project\":\"" + project + "\",\"run\":{\"id\":\"r1\"},\"suite\":\"api\",\"test\":{\"name\":\"n\"}}";
        String unknownStatus = outcome("z", "ok");
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/json")
                    .body("[" + outcome("fine", "passed") + "," + missingStatus + "," + unknownStatus + "]")
                    .post("/api/v1/outcomes")
                    .then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("detail", containsString("2 outcome(s) invalid"))
                    .body("errors.pointer", hasItems("/1/status", "/2/status"))
                    .body("errors.find { it.pointer == '/2/status' }.detail", containsString("was 'ok'"));
            assertNothingPublishedBefore(probe);
        }
    }

    @Test
    void passesTheReportersMutedMarkOnToTheTopic() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            String muted = outcome("muted-one", "failed").replace("\"duration_ms\":12", "\"duration_ms\":12,\"muted\":true");
            given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/json")
                    .body("[" + muted + "," + outcome("plain", "failed") + "]").post("/api/v1/outcomes")
                    .then().statusCode(202).body("accepted", equalTo(2));
            List<ConsumerRecord<String, String>> records = probe.read(2);
            assertThat(records).hasSize(2).allSatisfy(record -> assertThat(OutcomeSchema.violations(record.value())).isEmpty());
            for (ConsumerRecord<String, String> record : records) {
                JsonNode value = JSON.readTree(record.value());
                boolean mutedOne = value.at("/test/name").asText().equals("muted-one");
                assertThat(value.has("muted")).as("muted present only when true").isEqualTo(mutedOne);
                if (mutedOne) {
                    assertThat(value.get("muted").asBoolean()).isTrue();
                }
            }
        }
    }

    @Test
    void repairsANulInATestNameInsteadOfPassingItOnToADatabaseThatRefusesIt() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/json")
                    .body("[" + outcome("nul\\u0000in\\tname", "passed") + "]")
                    .post("/api/v1/outcomes")
                    .then().statusCode(202).body("accepted", equalTo(1));
            List<ConsumerRecord<String, String>> records = probe.read(1);
            assertThat(records).singleElement().satisfies(record -> {
                assertThat(OutcomeSchema.violations(record.value())).isEmpty();
                assertThat(record.value()).doesNotContain("\\u0000");
                assertThat(JSON.readTree(record.value()).at("/test/name").asText()).isEqualTo("nul\uFFFDin name");
            });
        }
    }

    @Test
    void refusesAnOutcomeObservedInTheYear9999NamingTheField() {
        String fromTheFuture = outcome("late", "passed").replace("\"duration_ms\":12", "\"observed_at\":\"9999-01-01T00:00:00Z\"");
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/json")
                    .body("[" + outcome("fine", "passed") + "," + fromTheFuture + "]")
                    .post("/api/v1/outcomes")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors.pointer", equalTo(List.of("/1/observed_at")))
                    .body("errors[0].detail", containsString("clock skew tolerated up to a day"));
            assertNothingPublishedBefore(probe);
        }
    }

    @Test
    void refusesANameOverItsLimitInUtf8BytesThoughFewerChars() {
        String name = "試".repeat(334); // 334 chars, 1002 bytes of UTF-8
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project)))
                    .contentType("application/json; charset=utf-8")
                    .body(("[" + outcome(name, "passed") + "]").getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/outcomes")
                    .then().statusCode(422)
                    .body("errors.pointer", equalTo(List.of("/0/test/name")))
                    .body("errors[0].detail", equalTo("must be at most 1000 bytes of UTF-8, was 1002"));
            assertNothingPublishedBefore(probe);
        }
    }

    @Test
    void countsEachJobOfOneRunUnderItsOwnIdsAndEachJobOnceWhenResent() throws Exception {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            for (String job : List.of("test (ubuntu-latest, 17)", "test (ubuntu-latest, 21)", "test (ubuntu-latest, 17)")) {
                given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/json")
                        .body("[" + outcome("same", "passed").replace("\"run\":{", "\"run\":{\"job\":\"" + job + "\",") + "]")
                        .post("/api/v1/outcomes").then().statusCode(202).body("runs", equalTo(List.of("ci#r1.1")));
            }
            List<JsonNode> records = probe.read(3).stream().map(record -> readTree(record.value())).toList();
            assertThat(records).extracting(record -> record.at("/run/job").asText())
                    .containsExactly("test (ubuntu-latest, 17)", "test (ubuntu-latest, 21)", "test (ubuntu-latest, 17)");
            List<String> ids = records.stream().map(record -> record.get("id").asText()).toList();
            assertThat(ids.get(0)).isNotEqualTo(ids.get(1)).isEqualTo(ids.get(2));
        }
    }

    @Test
    void rejectsUnsupportedMediaTypeAsProblem() {
        given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("text/plain").body("hello")
                .post("/api/v1/outcomes")
                .then().statusCode(415).contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    /**
     * Publishes a marker on the same key after a rejected request: the partition keeps order, so if the marker is the
     * first record the probe sees, the rejected request published nothing.
     */
    private void assertNothingPublishedBefore(TopicProbe probe) {
        given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project))).contentType("application/json").body("[" + outcome("marker", "passed") + "]")
                .post("/api/v1/outcomes").then().statusCode(202);
        List<ConsumerRecord<String, String>> records = probe.readUntil(
                list -> list.stream().anyMatch(r -> r.value().contains("\"marker\"")), Duration.ofSeconds(30));
        assertThat(records).filteredOn(r -> r.key().startsWith(project + "/")).hasSize(1)
                .first().extracting(ConsumerRecord::value).asString().contains("\"marker\"");
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oneLine(String json) {
        return json.replace('\n', ' ');
    }

    private String outcome(String name, String status) {
        return """
                {"project":"%s","pipeline":"ci","run":{"id":"r1","commit":"abc123","branch":"main"},
                 "suite":"api","test":{"class":"ApiTest","name":"%s"},"status":"%s","duration_ms":12}"""
                .formatted(project, name, status);
    }
}
