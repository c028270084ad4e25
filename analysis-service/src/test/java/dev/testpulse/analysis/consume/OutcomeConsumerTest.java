package dev.testpulse.analysis.consume;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Records on the real topic become the right counts in the real database, each exactly once. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OutcomeConsumerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ARRIVAL = Duration.ofSeconds(30);

    private final String project = "an-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void countsEveryGoldenExampleOfTheContract() throws Exception {
        String webshop = project + "-webshop";
        String payments = project + "-payments";
        List<Map.Entry<String, String>> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "docs", "schemas", "examples"))) {
            for (Path file : files.sorted().toList()) {
                ObjectNode outcome = (ObjectNode) JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
                String renamed = outcome.get("project").asText().equals("webshop") ? webshop : payments;
                // Event time moved to now: the files are shapes, and a fixed date would age past retention.
                outcome.put("project", renamed).put("id", outcome.get("id").asText() + "-" + project)
                        .put("observed_at", Instant.now().minusSeconds(3600).toString());
                records.add(Map.entry(renamed + "/" + outcome.get("suite").asText(), outcome.toString()));
            }
        }
        assertThat(records).hasSize(5);
        OutcomeTopic.send(records);

        awaitSummary(webshop, summary -> summary.body("overall.rate.total", equalTo(4)));
        summary(webshop).body("overall.rate.passed", equalTo(2))
                .body("overall.rate.failed", equalTo(1))
                .body("overall.rate.skipped", equalTo(1))
                .body("overall.rate.success_rate_pct", equalTo(66.7f))
                .body("suites.suite", equalTo(List.of("checkout", "search", "websocket")));
        awaitSummary(payments, summary -> summary.body("overall.rate.error", equalTo(1)));
        summary(payments).body("overall.rate.success_rate_pct", equalTo(0.0f));
    }

    @Test
    void countsARedeliveredOutcomeOnce() {
        String id = UUID.randomUUID().toString();
        String key = project + "/suite";
        OutcomeTopic.send(List.of(
                Map.entry(key, OutcomeTopic.outcome(id, project, "suite", "t", "failed")),
                Map.entry(key, OutcomeTopic.outcome(id, project, "suite", "t", "failed")),
                Map.entry(key, OutcomeTopic.outcome(project, "suite", "last", "passed"))));
        awaitSummary(project, summary -> summary.body("overall.rate.passed", equalTo(1)));
        summary(project).body("overall.rate.failed", equalTo(1))
                .body("overall.rate.total", equalTo(2));
    }

    @Test
    void sendsAPoisonRecordToTheDeadLetterTopicAndGoesOn() {
        String key = project + "/suite";
        OutcomeTopic.send(List.of(
                Map.entry(key, "{this is not json"),
                Map.entry(key, OutcomeTopic.outcome(project, "suite", "t", "unknown-status")),
                Map.entry(key, OutcomeTopic.outcome(project, "suite", "after-poison", "passed"))));

        awaitSummary(project, summary -> summary.body("overall.rate.passed", equalTo(1)));
        summary(project).body("overall.rate.total", equalTo(1));
        List<ConsumerRecord<String, String>> dead = OutcomeTopic.readFromStart(DevStack.OUTCOMES_DLQ_TOPIC, key, 2);
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo("{this is not json");
        assertThat(header(dead.get(0), DeadLetterRelay.REASON_HEADER)).startsWith("not a JSON outcome");
        assertThat(header(dead.get(1), DeadLetterRelay.REASON_HEADER)).isEqualTo("unknown status unknown-status");
        assertThat(header(dead.get(1), DeadLetterRelay.ORIGIN_HEADER)).startsWith(DevStack.OUTCOMES_TOPIC + "/");
    }

    @Test
    void answersAnUnknownProjectWithAProblem() {
        when().get("/api/v1/projects/{p}/summary", "never-seen-" + project).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:testpulse:problem:not-found"))
                .body("detail", equalTo("no outcomes for project 'never-seen-" + project + "'"));
    }

    @Test
    void listsProjectsWithOutcomes() {
        String key = project + "/suite";
        OutcomeTopic.send(List.of(Map.entry(key, OutcomeTopic.outcome(project, "suite", "t", "passed"))));
        await().atMost(ARRIVAL).untilAsserted(() -> when().get("/api/v1/projects").then().body("$", hasItem(project)));
    }

    /** Waits until the project's summary satisfies {@code arrived}: records arrive in batches, in any order across partitions. */
    private static void awaitSummary(String project, Consumer<ValidatableResponse> arrived) {
        await().atMost(ARRIVAL).untilAsserted(() -> arrived.accept(summary(project)));
    }

    private static ValidatableResponse summary(String project) {
        return given().get("/api/v1/projects/{p}/summary", project).then().statusCode(200);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
