package dev.testpulse.analysis.webhooks;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.alerts.delivery.CloudEvent;
import dev.testpulse.analysis.webhooks.WebhookReceiver.Mode;
import dev.testpulse.analysis.webhooks.WebhookReceiver.Received;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Webhook delivery end to end on the real database, with a local HTTP receiver: events written to the outbox reach
 * it through refused connections, 500s and answers slower than the timeout, once per id in order per series, signed;
 * a dead target neither holds back the others nor the Kafka relay; one instance at a time delivers to a target.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class WebhookDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    WebhookRelay relay;

    @Inject
    WebhookOutbox outbox;

    private final String project = "hooks-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aReceiverThatRefusesFailsAndStallsThenRecoversSeesEveryEventOncePerIdInOrderPerSeriesSigned() throws Exception {
        int port = WebhookReceiver.unusedPort();
        JsonPath target = create(Map.of("url", WebhookReceiver.url(port)));
        String dead = create(Map.of("url", WebhookReceiver.url(WebhookReceiver.unusedPort()))).getString("id");
        String otherTopic = create(Map.of("url", WebhookReceiver.url(WebhookReceiver.unusedPort()),
                "topic", "testpulse.alerts.elsewhere")).getString("id");
        String ruleB = create(Map.of("url", WebhookReceiver.url(WebhookReceiver.unusedPort()), "rule_ids", List.of("rule_b")))
                .getString("id");
        String id = target.getString("id");
        String secret = target.getString("secret");

        List<String> series = List.of("fp-a-" + project, "fp-b-" + project, "fp-c-" + project);
        Map<String, List<String>> written = Map.of(series.get(0), new ArrayList<>(), series.get(1), new ArrayList<>(),
                series.get(2), new ArrayList<>());
        for (int round = 0; round < 4; round++) {
            for (String fingerprint : series) {
                written.get(fingerprint).add(writeEvent(fingerprint, ruleOf(fingerprint, series), round % 2 == 0));
            }
        }

        // nothing listens yet: connections are refused
        await().atMost(PATIENCE).until(() -> state(id).getInt("delivery.consecutive_failures") >= 2);
        assertThat(state(id).getString("delivery.last_failure.error")).contains("ConnectException");
        assertThat((Object) state(id).get("delivery.last_failure.status")).isNull();

        try (WebhookReceiver receiver = new WebhookReceiver(port, secret, 8_000)) {
            receiver.mode(Mode.FAIL);
            await().atMost(PATIENCE).until(() -> receiver.count(Mode.FAIL) >= 2 && state(id).getInt("delivery.last_failure.status") == 500);

            receiver.mode(Mode.SLOW); // answers after 8 s; the relay gives up after 3 s (%test timeout)
            await().atMost(PATIENCE).until(() -> receiver.count(Mode.SLOW) >= 1
                    && String.valueOf(state(id).getString("delivery.last_failure.error")).startsWith("no answer within"));

            receiver.mode(Mode.OK);
            await().atMost(PATIENCE).until(() -> state(id).getLong("delivery.pending") == 0);
            for (String fingerprint : series) { // and events written after the recovery follow
                written.get(fingerprint).add(writeEvent(fingerprint, ruleOf(fingerprint, series), false));
            }
            await().atMost(PATIENCE).until(() -> state(id).getLong("delivery.pending") == 0 && receiver.count(Mode.OK) >= 15);

            List<Received> received = List.copyOf(receiver.received);
            assertThat(received).allMatch(Received::signatureValid, "signature verifies")
                    .allMatch(r -> r.contentType().startsWith("application/cloudevents+json"), "structured CloudEvent");
            List<String> accepted = received.stream().filter(r -> r.answeredAs() == Mode.OK).map(Received::id).toList();
            assertThat(Set.copyOf(accepted)).as("every event accepted")
                    .containsExactlyInAnyOrderElementsOf(written.values().stream().flatMap(List::stream).toList());
            assertRepeatsOnlyAfterFailedAttempts(id, received);
            for (String fingerprint : series) {
                Set<String> firstSeen = new LinkedHashSet<>();
                received.stream().filter(r -> r.subject().equals(fingerprint)).forEach(r -> firstSeen.add(r.id()));
                assertThat(List.copyOf(firstSeen)).as("series %s in the order written", fingerprint).isEqualTo(written.get(fingerprint));
                assertThat(received.stream().filter(r -> r.subject().equals(fingerprint) && r.answeredAs() == Mode.OK).map(Received::id))
                        .as("accepted in order").containsExactlyElementsOf(written.get(fingerprint));
            }
            assertThat(received.size()).as("the first event was also tried while failing").isGreaterThan(accepted.size());
        }

        JsonPath healthy = state(id);
        assertThat(healthy.getBoolean("delivery.failing")).isFalse();
        assertThat(healthy.getInt("delivery.consecutive_failures")).isZero();
        assertThat(healthy.getString("delivery.last_success_at")).isNotNull();
        assertThat(healthy.getString("delivery.last_failure.error")).startsWith("no answer within");
        assertThat(healthy.getString("secret")).as("the secret is shown only once").isNull();
        JsonPath deliveries = asAdmin().get("/api/v1/projects/{p}/webhooks/{id}/deliveries", project, id).then().statusCode(200).extract().jsonPath();
        assertThat(deliveries.getList("event_id")).hasSize(15);
        assertThat(deliveries.getList("last_status", Integer.class)).containsOnly(200);
        assertThat(deliveries.getList("delivered_at")).doesNotContainNull();
        String first = written.get(series.get(0)).get(0);
        assertThat(deliveries.getInt("find { it.event_id == '" + first + "' }.attempts"))
                .as("refused, 500 twice, timed out, then delivered").isGreaterThanOrEqualTo(5);

        // the dead target is failing, keeps every event pending, and held back neither the receiver nor Kafka
        await().atMost(PATIENCE).until(() -> state(dead).getBoolean("delivery.failing"));
        assertThat(state(dead).getLong("delivery.pending")).isEqualTo(15);
        assertThat(state(dead).getString("delivery.last_failure.error")).contains("ConnectException");
        assertThat(state(dead).getString("delivery.next_attempt_at")).isNotNull();
        await().atMost(PATIENCE).until(() -> unsentToKafka() == 0);

        // filters: another topic gets none of these events, a rule filter only that rule's
        assertThat(asAdmin().get("/api/v1/projects/{p}/webhooks/{id}/deliveries", project, otherTopic).then().statusCode(200)
                .extract().jsonPath().getList("event_id")).isEmpty();
        assertThat(asAdmin().get("/api/v1/projects/{p}/webhooks/{id}/deliveries?pending=true", project, ruleB).then().statusCode(200)
                .extract().jsonPath().getList("event_id", String.class)).containsExactlyInAnyOrderElementsOf(written.get(series.get(1)));
    }

    @Test
    void whileOneInstanceHoldsATargetAnotherDeliversNothingToItAndAlertWritesDoNotWait() throws Exception {
        int port = WebhookReceiver.unusedPort();
        JsonPath target = create(Map.of("url", WebhookReceiver.url(port)));
        String id = target.getString("id");
        try (WebhookReceiver receiver = new WebhookReceiver(port, target.getString("secret"), 0);
                Connection otherInstance = DriverManager.getConnection(DevStack.shared().jdbcUrl(), PostgresServer.USER, "unused-trust-auth")) {
            otherInstance.setAutoCommit(false);
            // another instance's relay holds the target, as while it delivers
            assertThat(outbox.claim(otherInstance, id)).isPresent();
            // an alert transaction writing an event for the held target must not wait for that delivery
            String event = writeEventWithin(Duration.ofSeconds(5), "fp-held-" + project, "rule_a", true);

            assertThat(relay.deliver(id)).isEqualTo(WebhookRelay.Result.BUSY);
            assertThat(state(id).getLong("delivery.pending")).isEqualTo(1);
            assertThat(receiver.received).as("claimed by no one but the holder").isEmpty();

            otherInstance.rollback(); // the other instance is done (or gone)
            await().atMost(PATIENCE).until(() -> state(id).getLong("delivery.pending") == 0);
            assertThat(receiver.received).extracting(Received::id).containsOnly(event);
            assertRepeatsOnlyAfterFailedAttempts(id, receiver.received);
        }
    }

    @Test
    void anEventThatFailsHoldsBackTheEventsAfterItUntilItIsDelivered() throws Exception {
        int port = WebhookReceiver.unusedPort();
        JsonPath target = create(Map.of("url", WebhookReceiver.url(port)));
        String id = target.getString("id");
        String fingerprint = "fp-order-" + project;
        List<String> written = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver(port, target.getString("secret"), 0)) {
            try (Connection holder = dataSource.getConnection()) {
                holder.setAutoCommit(false);
                assertThat(outbox.claim(holder, id)).isPresent(); // so that all three are pending when delivery starts
                for (int i = 0; i < 3; i++) {
                    written.add(writeEvent(fingerprint, "rule_a", i % 2 == 0));
                }
                receiver.failOnce(written.get(1));
                holder.rollback();
            }
            await().atMost(PATIENCE).until(() -> state(id).getLong("delivery.pending") == 0);
            assertThat(receiver.received).extracting(Received::id, Received::answeredAs).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(written.get(0), Mode.OK), org.assertj.core.groups.Tuple.tuple(written.get(1), Mode.FAIL),
                    org.assertj.core.groups.Tuple.tuple(written.get(1), Mode.OK), org.assertj.core.groups.Tuple.tuple(written.get(2), Mode.OK));
        }
        assertThat(state(id).getInt("delivery.last_failure.status")).isEqualTo(500);
        assertThat(state(id).getInt("delivery.consecutive_failures")).isZero();
    }

    @Test
    void aProjectTokenManagesItsOwnProjectsTargetsOnly() throws Exception {
        String secret = "tp_webhooks_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(tokens.awaitSeen(dev.testpulse.analysis.support.TestAuth.publish(project, secret).id(), seen -> true,
                Duration.ofSeconds(20))).isTrue();
        String id = dev.testpulse.analysis.support.TestAuth.as(secret).contentType("application/json")
                .body(Map.of("url", "https://example.com/hook")).post("/api/v1/projects/{p}/webhooks", project)
                .then().statusCode(201).extract().path("id");
        dev.testpulse.analysis.support.TestAuth.as(secret).contentType("application/json").body(Map.of("url", "https://example.com/hook"))
                .post("/api/v1/projects/{p}/webhooks", "other-" + project).then().statusCode(403);
        dev.testpulse.analysis.support.TestAuth.as(secret).delete("/api/v1/projects/{p}/webhooks/{id}", "other-" + project, id)
                .then().statusCode(403);
        dev.testpulse.analysis.support.TestAuth.as(secret).delete("/api/v1/projects/{p}/webhooks/{id}", project, id).then().statusCode(204);
    }

    @Inject
    dev.testpulse.auth.TokenRegistry tokens;

    @Test
    void targetsAreCheckedAndBelongToTheirProject() throws Exception {
        asAdmin().contentType("application/json").body(Map.of("url", "ftp://example.com/hook"))
                .post("/api/v1/projects/{p}/webhooks", project).then().statusCode(422)
                .contentType("application/problem+json").body("parameter", org.hamcrest.Matchers.equalTo("url"))
                .body("detail", org.hamcrest.Matchers.containsString("http or https"));
        asAdmin().contentType("application/json").body(Map.of("url", "javascript:alert(1)"))
                .post("/api/v1/projects/{p}/webhooks", project).then().statusCode(422).body("parameter", org.hamcrest.Matchers.equalTo("url"));
        asAdmin().contentType("application/json").body(Map.of("url", "https://user:pw@example.com/hook"))
                .post("/api/v1/projects/{p}/webhooks", project).then().statusCode(422).body("parameter", org.hamcrest.Matchers.equalTo("url"));
        asAdmin().contentType("application/json").body(Map.of("url", "https://example.com/hook", "topic", "testpulse.tokens"))
                .post("/api/v1/projects/{p}/webhooks", project).then().statusCode(422).body("parameter", org.hamcrest.Matchers.equalTo("topic"));
        asAdmin().contentType("application/json").body(Map.of("url", "https://example.com/hook", "rule_ids", List.of()))
                .post("/api/v1/projects/{p}/webhooks", project).then().statusCode(422).body("parameter", org.hamcrest.Matchers.equalTo("rule_ids"));
        given().contentType("application/json").body(Map.of("url", "https://example.com/hook"))
                .post("/api/v1/projects/{p}/webhooks", project).then().statusCode(401);

        String id = create(Map.of("url", "https://example.com/hook")).getString("id");
        asAdmin().get("/api/v1/projects/{p}/webhooks", project).then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(id)).body("[0].secret", org.hamcrest.Matchers.nullValue());
        asAdmin().get("/api/v1/projects/{p}/webhooks/{id}", "another-" + project, id).then().statusCode(404);
        asAdmin().get("/api/v1/projects/{p}/webhooks/{id}/deliveries?limit=0", project, id).then().statusCode(400)
                .body("parameter", org.hamcrest.Matchers.equalTo("limit"));
        asAdmin().delete("/api/v1/projects/{p}/webhooks/{id}", project, id).then().statusCode(204);
        asAdmin().get("/api/v1/projects/{p}/webhooks/{id}", project, id).then().statusCode(404);
    }

    /**
     * At least once, deduplicated by id: an event reaches the receiver again only after an attempt the relay counted
     * as failed (a 500, or an answer later than the timeout, which a loaded machine can also produce), so each id's
     * receptions are at most its attempts, and an id received twice has a recorded failure.
     */
    private void assertRepeatsOnlyAfterFailedAttempts(String id, List<Received> received) {
        JsonPath deliveries = asAdmin().get("/api/v1/projects/{p}/webhooks/{id}/deliveries?limit=1000", project, id).then().statusCode(200)
                .extract().jsonPath();
        for (String eventId : received.stream().map(Received::id).distinct().toList()) {
            long receptions = received.stream().filter(r -> r.id().equals(eventId)).count();
            assertThat(receptions).as("receptions of %s", eventId)
                    .isLessThanOrEqualTo(deliveries.getInt("find { it.event_id == '" + eventId + "' }.attempts"));
        }
    }

    private JsonPath create(Map<String, Object> body) {
        JsonPath created = asAdmin().contentType("application/json").body(body).post("/api/v1/projects/{p}/webhooks", project)
                .then().statusCode(201).extract().jsonPath();
        assertThat(created.getString("secret")).startsWith("whsec_");
        assertThat(created.getString("signature_header")).isEqualTo(WebhookSignature.HEADER);
        return created;
    }

    private JsonPath state(String id) {
        return asAdmin().get("/api/v1/projects/{p}/webhooks/{id}", project, id).then().statusCode(200).extract().jsonPath();
    }

    private static String ruleOf(String fingerprint, List<String> series) {
        return fingerprint.equals(series.get(1)) ? "rule_b" : "rule_a";
    }

    private String writeEvent(String fingerprint, String ruleId, boolean fired) throws SQLException {
        return writeEventWithin(Duration.ofSeconds(30), fingerprint, ruleId, fired);
    }

    /** Writes an event to the outbox as AlertOutbox does, in a transaction that may take at most {@code limit}. */
    private String writeEventWithin(Duration limit, String fingerprint, String ruleId, boolean fired) throws SQLException {
        Instant now = Instant.now();
        CloudEvent event = new CloudEvent("1.0", UUID.randomUUID().toString(), CloudEvent.SOURCE,
                fired ? CloudEvent.FIRED : CloudEvent.RESOLVED, fingerprint, now, "application/json",
                new CloudEvent.Data(fingerprint, fired ? "firing" : "resolved", new CloudEvent.Rule(ruleId, ruleId, "rate_below", "warning"),
                        project, Map.of("project", project), now, fired ? null : now, 0.5, null, null, 0.9, "runs:20",
                        "pass rate 50%", Map.of()));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement timeout = connection.prepareStatement("set local statement_timeout = " + limit.toMillis())) {
                timeout.execute();
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into alert_events (id, fingerprint, rule_id, project, type, topic, cloud_event, created_at)
                    values (?, ?, ?, ?, ?, 'testpulse.alerts', ?::jsonb, ?::timestamptz)""")) {
                insert.setString(1, event.id());
                insert.setString(2, fingerprint);
                insert.setString(3, ruleId);
                insert.setString(4, project);
                insert.setString(5, event.type());
                insert.setString(6, mapper.writeValueAsString(event));
                insert.setString(7, now.toString());
                insert.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            connection.commit();
        }
        return event.id();
    }

    private long unsentToKafka() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from alert_events where project = ? and sent_at is null")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
