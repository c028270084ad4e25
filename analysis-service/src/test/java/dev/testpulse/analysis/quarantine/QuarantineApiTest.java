package dev.testpulse.analysis.quarantine;

import static dev.testpulse.analysis.support.TestAuth.as;
import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.analysis.support.TestAuth;
import dev.testpulse.auth.TokenRecord;
import dev.testpulse.auth.TokenRegistry;
import dev.testpulse.auth.Tokens;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Test states through the real service (REST, PostgreSQL, Kafka): set, listed with a strong ETag and 304, released by
 * hand and by expiry, every change a CloudEvent on testpulse.alerts in order per test; bad requests are problems
 * naming the field.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class QuarantineApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String project = "quar-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    TokenRegistry registry;

    @Test
    void anUnknownProjectHasAnEmptyListWhoseEtagAnswers304() {
        String etag = list(null).statusCode(200).body("project", equalTo(project)).body("tests", empty())
                .extract().header("ETag");
        assertThat(etag).startsWith("\"").endsWith("\"");
        list(etag).statusCode(304).body(emptyString());
        list("\"q999\", W/" + etag).statusCode(304);
        list("\"q999\"").statusCode(200);
    }

    @Test
    void aMutedThenSkippedThenReleasedTestIsListedVersionedAndPublishedInOrder() throws Exception {
        String before = list(null).extract().header("ETag");
        Instant start = Instant.now();
        asAdmin().contentType("application/json").body(Map.of("suite", "api", "class", "com.acme.PayTest", "name", "refunds",
                "state", "muted", "reason", "flaky since the gateway mock changed")).put("/api/v1/projects/{p}/quarantine", project)
                .then().statusCode(200).body("state", equalTo("muted")).body("by", equalTo("admin"));

        String muted = list(before).statusCode(200).body("tests.size()", equalTo(1)).body("tests[0].suite", equalTo("api"))
                .body("tests[0].class", equalTo("com.acme.PayTest")).body("tests[0].name", equalTo("refunds"))
                .body("tests[0].state", equalTo("muted")).body("tests[0].reason", equalTo("flaky since the gateway mock changed"))
                .body("tests[0].by", equalTo("admin")).extract().header("ETag");
        assertThat(muted).isNotEqualTo(before);
        Instant until = Instant.parse(list(null).extract().path("tests[0].until"));
        assertThat(until).isBetween(start.plus(Duration.ofDays(14)), Instant.now().plus(Duration.ofDays(14)));
        list(muted).statusCode(304);

        String secret = Tokens.newSecret();
        TokenRecord token = TestAuth.publish(project, secret);
        assertThat(registry.awaitSeen(token.id(), seen -> true, Duration.ofSeconds(20))).isTrue();
        String soon = Instant.now().plus(Duration.ofDays(3)).toString();
        as(secret).contentType("application/json").body(Map.of("suite", "api", "class", "com.acme.PayTest", "name", "refunds",
                "state", "skipped", "reason", "hangs", "until", soon)).put("/api/v1/projects/{p}/quarantine", project)
                .then().statusCode(200).body("by", equalTo("token")).body("until", equalTo(soon));
        String skipped = list(muted).statusCode(200).body("tests[0].state", equalTo("skipped")).extract().header("ETag");

        asAdmin().contentType("application/json").body(Map.of("suite", "api", "class", "com.acme.PayTest", "name", "refunds",
                "state", "enabled", "reason", "fixed in #123")).put("/api/v1/projects/{p}/quarantine", project)
                .then().statusCode(200).body("state", equalTo("enabled"));
        list(skipped).statusCode(200).body("tests", empty());

        String key = new TestKey("api", "com.acme.PayTest", "refunds").fingerprint(project);
        List<JsonNode> events = awaitEvents(key, 3);
        assertThat(events).extracting(event -> event.get("type").asText())
                .containsExactly("dev.testpulse.test.muted", "dev.testpulse.test.skipped", "dev.testpulse.test.released");
        assertThat(events.get(1).at("/data/previous").asText()).isEqualTo("muted");
        assertThat(events.get(1).at("/data/by").asText()).isEqualTo("token");
        assertThat(events.get(2).at("/data/reason").asText()).isEqualTo("fixed in #123");
        assertThat(events.get(0).at("/data/class").asText()).isEqualTo("com.acme.PayTest");
        assertThat(events.get(0).get("subject").asText()).isEqualTo(key);
        // they are published with the alerts, but they are not alerts: the alert history leaves them out
        given().queryParam("project", project).get("/api/v1/alerts").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aStatePastItsUntilIsReleasedAndThatIsAnEventToo() throws Exception {
        asAdmin().contentType("application/json").body(Map.of("suite", "ui", "name", "login", "state", "muted", "reason", "briefly",
                "until", Instant.now().plusSeconds(2).toString())).put("/api/v1/projects/{p}/quarantine", project)
                .then().statusCode(200);
        // the mute is seen in its event (listing it before it expires would race the clock)
        await().atMost(PATIENCE).untilAsserted(() -> list(null).body("tests", empty()));
        List<JsonNode> events = awaitEvents(new TestKey("ui", null, "login").fingerprint(project), 2);
        assertThat(events.get(0).get("type").asText()).isEqualTo("dev.testpulse.test.muted");
        assertThat(events.get(0).at("/data/class").isNull()).isTrue();
        assertThat(events.get(1).get("type").asText()).isEqualTo("dev.testpulse.test.released");
        assertThat(events.get(1).at("/data/by").asText()).isEqualTo("expiry");
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        Map<String, Object> good = Map.of("suite", "s", "name", "n", "state", "muted", "reason", "r");
        rejected(with(good, "state", "quarantined"), "state");
        rejected(with(good, "reason", null), "reason");
        rejected(with(good, "reason", " "), "reason");
        rejected(with(good, "until", Instant.now().plus(Duration.ofDays(91)).toString()), "until");
        rejected(with(good, "until", Instant.now().minusSeconds(60).toString()), "until");
        rejected(with(good, "until", "next week"), "until");
        rejected(with(good, "name", "a\u0000b"), "name");
        rejected(with(good, "class", "x\ny"), "class");
        rejected(with(good, "suite", "s".repeat(1_001)), "suite");
        rejected(with(good, "name", null), "name");
        given().contentType("application/json").body(good).put("/api/v1/projects/{p}/quarantine", project).then().statusCode(401);
        list(null).body("tests", empty());
    }

    private void rejected(Map<String, Object> body, String field) {
        asAdmin().contentType("application/json").body(body).put("/api/v1/projects/{p}/quarantine", project).then()
                .statusCode(422).contentType("application/problem+json").body("parameter", equalTo(field))
                .body("detail", startsWith(field + " "));
    }

    private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> body = new HashMap<>(base);
        body.put(field, value);
        return body;
    }

    private ValidatableResponse list(String ifNoneMatch) {
        var request = given();
        if (ifNoneMatch != null) {
            request = request.header("If-None-Match", ifNoneMatch);
        }
        return request.get("/api/v1/projects/{p}/quarantine", project).then();
    }

    private static List<JsonNode> awaitEvents(String key, int count) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            events.clear();
            for (ConsumerRecord<String, String> record : OutcomeTopic.readToEnd("testpulse.alerts", key)) {
                events.add(JSON.readTree(record.value()));
            }
            return events.size() >= count;
        });
        assertThat(events).hasSize(count);
        return events;
    }
}
