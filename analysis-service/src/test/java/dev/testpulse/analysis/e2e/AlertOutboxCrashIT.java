package dev.testpulse.analysis.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.support.PackagedPair;
import dev.testpulse.devstack.TopicProbe;
import dev.testpulse.devstack.DevStack;

/**
 * The outbox through a crash: the packaged analysis-service commits a state change and its event, is killed with
 * SIGKILL before its relay publishes, and after the restart the event is published — once, or again with the same id.
 */
class AlertOutboxCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PackagedPair pair;

    @BeforeAll
    static void startPair() {
        pair = PackagedPair.start("outbox-crash");
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void anEventCommittedBeforeACrashIsPublishedAfterTheRestart() throws Exception {
        String project = "outbox-" + UUID.randomUUID().toString().substring(0, 8);
        // The fault: a relay that is not woken and will not poll for an hour, so the event can only wait in the outbox.
        pair.analysis().stop();
        pair.analysis().restart(Map.of("testpulse.analysis.outbox-poll", "1h", "testpulse.analysis.outbox-wake", "false"));
        String token = PackagedPair.projectToken(pair.ingest(), project);
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            given().baseUri(pair.ingest().url()).header("Authorization", "Bearer " + token).contentType("application/json")
                    .body("""
                            [{"project":"%s","run":{"id":"r1"},"suite":"pay","test":{"class":"T","name":"checkout","tags":["critical"]},
                              "status":"failed","failure":{"type":"AssertionError","message":"card declined"}}]""".formatted(project))
                    .post("/api/v1/outcomes").then().statusCode(202);
            String eventId = await().atMost(Duration.ofSeconds(60)).until(() -> firstOutboxEventId(project), id -> id != null);
            assertThat(eventsOf(alerts, project, Duration.ofSeconds(3))).as("nothing published before the crash").isEmpty();

            pair.analysis().kill();
            pair.analysis().restart(Map.of("testpulse.analysis.outbox-poll", "1s"));

            List<JsonNode> published = eventsOf(alerts, project, Duration.ofSeconds(30));
            assertThat(published).isNotEmpty().allSatisfy(event -> {
                assertThat(event.get("id").asText()).isEqualTo(eventId);
                assertThat(event.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            });
        }
    }

    private static String firstOutboxEventId(String project) {
        List<String> ids = given().baseUri(pair.analysis().url()).queryParam("project", project).get("/api/v1/alerts")
                .then().statusCode(200).extract().path("id");
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** Reads the alerts topic for the given time and keeps this project's events. */
    private static List<JsonNode> eventsOf(TopicProbe alerts, String project, Duration within) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && (events.isEmpty() || within.toSeconds() < 10)) {
            for (ConsumerRecord<String, String> record : alerts.poll()) {
                JsonNode event = JSON.readTree(record.value());
                if (event.at("/data/project").asText().equals(project)) {
                    events.add(event);
                }
            }
        }
        return events;
    }
}
