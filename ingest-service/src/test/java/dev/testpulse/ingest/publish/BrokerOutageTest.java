package dev.testpulse.ingest.publish;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.KafkaBroker;
import dev.testpulse.ingest.support.TestTokens;
import dev.testpulse.devstack.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The real broker taken away mid-test: ingest answers 503 with Retry-After, never 202, and recovers on its own. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class BrokerOutageTest {

    private final String project = "outage-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void answers503WithRetryAfterWhileKafkaIsDownAndAcceptsTheRetryOnceItIsBack() {
        String token = TestTokens.forProject(project);
        String upload = """
                [{"project":"%s","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed"}]""".formatted(project);
        KafkaBroker kafka = DevStack.shared().kafka();
        kafka.stop();
        try {
            given().header("Authorization", TestTokens.bearer(token)).contentType("application/json").body(upload)
                    .post("/api/v1/outcomes")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "10")
                    .body("type", equalTo("urn:testpulse:problem:kafka-unavailable"))
                    .body("detail", containsString("Retry the same upload"));
        } finally {
            kafka.restart();
        }
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    given().header("Authorization", TestTokens.bearer(token)).contentType("application/json").body(upload)
                            .post("/api/v1/outcomes").then().statusCode(202));
            assertThat(probe.readUntil(records -> records.stream().anyMatch(r -> r.key().equals(project + "/s")),
                    Duration.ofSeconds(30))).anyMatch(r -> r.key().equals(project + "/s"));
        }
    }
}
