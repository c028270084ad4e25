package dev.testpulse.ingest.api;

import static dev.testpulse.ingest.support.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.TopicProbe;
import dev.testpulse.ingest.support.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code POST /api/v1/runs/finished}: a reporter's word that a run (its job) finished, on testpulse.runs once 202. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class RunsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String project = "runs-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aFinishedRunIsPublishedForAnalysisWithTheRunAsOutcomesNameIt() throws Exception {
        try (TopicProbe topic = new TopicProbe(DevStack.RUNS_TOPIC)) {
            given().header("Authorization", bearer(TestTokens.forProject(project))).contentType("application/json")
                    .body("{\"pipeline\":\"ci\",\"run\":{\"id\":\"42\",\"attempt\":2,\"job\":\"unit\"},\"outcomes\":12}")
                    .post("/api/v1/runs/finished").then().statusCode(202).body("run", equalTo("ci#42.2/unit"))
                    .body("state", equalTo("finished"));
            List<ConsumerRecord<String, String>> records = topic.readUntil(
                    read -> read.stream().anyMatch(record -> project.equals(record.key())), Duration.ofSeconds(30));
            JsonNode record = JSON.readTree(records.stream().filter(r -> project.equals(r.key())).findFirst().orElseThrow().value());
            assertThat(record.get("schema").asText()).isEqualTo("testpulse.run/v1");
            assertThat(record.get("project").asText()).isEqualTo(project);
            assertThat(record.get("pipeline").asText()).isEqualTo("ci");
            assertThat(record.at("/run/id").asText()).isEqualTo("42");
            assertThat(record.at("/run/attempt").asInt()).isEqualTo(2);
            assertThat(record.at("/run/job").asText()).isEqualTo("unit");
            assertThat(record.get("state").asText()).isEqualTo("finished");
            assertThat(record.get("outcomes").asLong()).isEqualTo(12);
        }
    }

    @Test
    void aPartOfARunIsPublishedWhenItStartsAndWhenItFinishes() throws Exception {
        try (TopicProbe topic = new TopicProbe(DevStack.RUNS_TOPIC)) {
            given().header("Authorization", bearer(TestTokens.forProject(project))).contentType("application/json")
                    .body("{\"pipeline\":\"ci\",\"run\":{\"id\":\"43\",\"attempt\":1},\"part\":\"4711-a1b2c3\"}")
                    .post("/api/v1/runs/started").then().statusCode(202).body("run", equalTo("ci#43.1"))
                    .body("part", equalTo("4711-a1b2c3")).body("state", equalTo("started"));
            given().header("Authorization", bearer(TestTokens.forProject(project))).contentType("application/json")
                    .body("{\"pipeline\":\"ci\",\"run\":{\"id\":\"43\",\"attempt\":1},\"part\":\"4711-a1b2c3\",\"outcomes\":3}")
                    .post("/api/v1/runs/finished").then().statusCode(202).body("part", equalTo("4711-a1b2c3"));
            List<ConsumerRecord<String, String>> records = topic.readUntil(
                    read -> read.stream().filter(record -> project.equals(record.key())).count() >= 2, Duration.ofSeconds(30));
            List<JsonNode> mine = records.stream().filter(r -> project.equals(r.key())).map(r -> {
                try {
                    return JSON.readTree(r.value());
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            }).toList();
            assertThat(mine).extracting(record -> record.get("state").asText()).containsExactly("started", "finished");
            assertThat(mine).extracting(record -> record.get("part").asText()).containsOnly("4711-a1b2c3");
            assertThat(mine.get(0).has("outcomes")).isFalse();
            assertThat(mine.get(1).get("outcomes").asLong()).isEqualTo(3);
        }
        given().header("Authorization", bearer(TestTokens.forProject(project))).contentType("application/json")
                .body("{\"run\":{\"id\":\"43\"}}").post("/api/v1/runs/started").then().statusCode(422)
                .contentType("application/problem+json").body("errors.pointer", hasItem("/part"));
    }

    @Test
    void defaultsAreThoseOfOutcomesAndBadRunsAreProblemsNamingTheField() {
        given().header("Authorization", bearer(TestTokens.forProject(project))).contentType("application/json")
                .body("{\"run\":{\"id\":\"7\"}}").post("/api/v1/runs/finished").then().statusCode(202)
                .body("run", equalTo("default#7.1"));
        given().header("Authorization", bearer(TestTokens.forProject(project))).contentType("application/json")
                .body("{\"run\":{\"attempt\":0},\"outcomes\":-1}").post("/api/v1/runs/finished").then().statusCode(422)
                .contentType("application/problem+json").body("errors.pointer", hasItem("/run/id"))
                .body("errors.pointer", hasItem("/run/attempt")).body("errors.pointer", hasItem("/outcomes"));
        given().header("Authorization", bearer(TestTokens.forProject(project))).contentType("application/json")
                .post("/api/v1/runs/finished").then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void onlyTheProjectsOwnTokenMayFinishItsRuns() {
        String body = "{\"project\":\"" + project + "\",\"run\":{\"id\":\"1\"}}";
        given().contentType("application/json").body(body).post("/api/v1/runs/finished").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", bearer(TestTokens.forProject("other-" + project))).contentType("application/json").body(body)
                .post("/api/v1/runs/finished").then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", bearer(TestTokens.ADMIN)).contentType("application/json").body(body)
                .post("/api/v1/runs/finished").then().statusCode(401);
    }
}
