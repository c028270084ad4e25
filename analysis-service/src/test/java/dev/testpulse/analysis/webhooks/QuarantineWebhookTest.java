package dev.testpulse.analysis.webhooks;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.webhooks.WebhookReceiver.Received;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A test's state changes reach the project's webhooks like alert events (issue 27): the fan-out takes every outbox row,
 * and the relay sends the state event whole (its data is not an alert's, and must not be cut to one).
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class QuarantineWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String project = "qhook-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aMuteAndItsReleaseAreDeliveredSignedAndWhole() throws Exception {
        int port = WebhookReceiver.unusedPort();
        String secret = asAdmin().contentType("application/json").body(Map.of("url", WebhookReceiver.url(port)))
                .post("/api/v1/projects/{p}/webhooks", project).then().statusCode(201).extract().path("secret");
        try (WebhookReceiver receiver = new WebhookReceiver(port, secret, 0)) {
            for (String state : List.of("muted", "enabled")) {
                asAdmin().contentType("application/json").body(Map.of("suite", "s", "class", "C", "name", "t", "state", state,
                        "reason", "because")).put("/api/v1/projects/{p}/quarantine", project).then().statusCode(200);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() >= 2);
            List<Received> received = List.copyOf(receiver.received);
            assertThat(received).allMatch(Received::signatureValid, "signed with the target's secret");
            JsonNode muted = JSON.readTree(received.get(0).body());
            assertThat(muted.get("type").asText()).isEqualTo("dev.testpulse.test.muted");
            assertThat(muted.at("/data/name").asText()).isEqualTo("t");
            assertThat(muted.at("/data/reason").asText()).isEqualTo("because");
            assertThat(muted.at("/data/until").asText()).isNotEmpty();
            assertThat(JSON.readTree(received.get(1).body()).get("type").asText()).isEqualTo("dev.testpulse.test.released");
        }
    }
}
