package dev.testpulse.analysis.owners;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.support.AlertStream;
import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Ownership rules set through the API, on the real pipeline: owner labels on alert events, owner= filters, the summary. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OwnersApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CODEOWNERS = """
            # everything under com.acme is the platform's, but payments and search own their packages
            /com/acme/ @acme/platform
            /com/acme/pay/ @acme/payments
            com.acme.search.* @acme/search
            """;

    private final String project = "owners-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aCodeownersUploadReadsBackAsRulesAndAsText() {
        asAdmin().contentType("text/plain").body(CODEOWNERS).put("/api/v1/projects/{p}/owners", project).then().statusCode(200)
                .body("rules.pattern", contains("/com/acme/", "/com/acme/pay/", "com.acme.search.*"))
                .body("rules[1].owners", contains("@acme/payments")).body("rules[1].line", equalTo(3));
        given().accept("text/plain").get("/api/v1/projects/{p}/owners", project).then().statusCode(200).body(equalTo(CODEOWNERS));
        given().queryParam("class", "com.acme.pay.CardTest").get("/api/v1/projects/{p}/owners/match", project).then()
                .statusCode(200).body("matched", equalTo(true)).body("owners", contains("@acme/payments"));
        given().queryParam("class", "org.other.Thing").get("/api/v1/projects/{p}/owners/match", project).then()
                .statusCode(200).body("matched", equalTo(false));

        asAdmin().contentType("application/json").body("""
                {"rules":[{"pattern":"*","owners":["@acme/all"]},{"pattern":"legacy/","owners":[]}]}""")
                .put("/api/v1/projects/{p}/owners", project).then().statusCode(200);
        given().accept("text/plain").get("/api/v1/projects/{p}/owners", project).then().body(equalTo("* @acme/all\nlegacy/\n"));
    }

    @Test
    void badUploadsAreProblemsNamingTheLine() {
        asAdmin().contentType("text/plain").body("* @a\n[ab].txt @b\n").put("/api/v1/projects/{p}/owners", project).then()
                .statusCode(422).contentType("application/problem+json").body("detail", startsWith("line 2: "));
        asAdmin().contentType("text/plain").body("* @a\n\n*.js @team\u0001x\n").put("/api/v1/projects/{p}/owners", project).then()
                .statusCode(422).body("detail", startsWith("line 3: "));
        asAdmin().contentType("application/json").body("{\"rules\":[{\"pattern\":\"*\",\"owners\":[\"@a\"]},{\"pattern\":\"x\",\"owners\":[\"no team\"]}]}")
                .put("/api/v1/projects/{p}/owners", project).then().statusCode(422).body("detail", startsWith("rules[1]: "));
        asAdmin().contentType("text/plain").body("*.js @a\n".repeat(40_000)).put("/api/v1/projects/{p}/owners", project).then()
                .statusCode(413).contentType("application/problem+json");
        given().get("/api/v1/projects/{p}/owners", project).then().statusCode(404);
    }

    @Test
    void alertEventsCarryTheOwnersAndEveryApiFiltersByOwner() throws Exception {
        asAdmin().contentType("text/plain").body(CODEOWNERS).put("/api/v1/projects/{p}/owners", project).then().statusCode(200);
        String ruleId = "default:" + project + ":critical_failed";
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC);
                AlertStream payments = AlertStream.query("project=" + project + "&owner=%40acme%2Fpayments")) {
            assertThat(payments.status()).isEqualTo(200);
            // search fails first and is on the topic before payments fails: a payments-only stream must skip it
            send(outcome("s1", "search", "com.acme.search.IndexTest", "finds", "failed", true));
            JsonNode search = awaitEvent(alerts, ruleId, "search");
            assertThat(search.at("/data/labels/owners").asText()).isEqualTo("@acme/search");
            send(outcome("p1", "pay", "com.acme.pay.CardTest", "declines", "failed", true));
            JsonNode pay = awaitEvent(alerts, ruleId, "pay");
            assertThat(pay.at("/data/labels/owners").asText()).isEqualTo("@acme/payments");

            AlertStream.Event first = payments.next(event -> event.data().contains(ruleId));
            assertThat(first.data()).contains("\"suite\":\"pay\"").doesNotContain("@acme/search");
        }
        send(outcome("u1", "misc", "org.other.Thing", "works", "passed", false));

        given().queryParam("project", project).queryParam("owner", "@acme/payments").get("/api/v1/alerts").then().statusCode(200)
                .body("data.labels.suite", contains("pay"));
        given().queryParam("project", project).queryParam("owner", "@acme/search").queryParam("state", "firing")
                .get("/api/v1/alerts").then().statusCode(200).body("labels.suite", contains("search"));
        given().queryParam("window", "24h").queryParam("owner", "@acme/payments").get("/api/v1/projects/{p}/suites/{s}/tests", project, "pay")
                .then().statusCode(200).body("tests.name", contains("declines")).body("tests[0].owners", contains("@acme/payments"));
        given().queryParam("window", "24h").queryParam("owner", "@acme/search").get("/api/v1/projects/{p}/suites/{s}/tests", project, "pay")
                .then().statusCode(200).body("tests", empty());
        given().queryParam("window", "24h").queryParam("owner", "@acme/payments").get("/api/v1/projects/{p}/critical", project)
                .then().statusCode(200).body("tests.name", contains("declines"));
        given().queryParam("window", "24h").queryParam("owner", "@acme/search").get("/api/v1/projects/{p}/critical", project)
                .then().statusCode(200).body("tests.name", contains("finds"));
        // both failures share one cause ("boom"): the team's groups count only its own test's, and project its own rate
        given().queryParam("window", "24h").get("/api/v1/projects/{p}/failures", project)
                .then().statusCode(200).body("groups.failures", contains(2)).body("groups[0].tests_hit", equalTo(2));
        given().queryParam("window", "24h").queryParam("owner", "@acme/payments").get("/api/v1/projects/{p}/failures", project)
                .then().statusCode(200).body("groups.failures", contains(1)).body("groups[0].tests_hit", equalTo(1))
                .body("groups[0].example_test", equalTo("com.acme.pay.CardTest.declines"))
                .body("groups[0].projected_rate_pct", equalTo(100.0f));
        given().queryParam("window", "24h").queryParam("owner", "@acme/nobody").get("/api/v1/projects/{p}/failures", project)
                .then().statusCode(200).body("groups", empty());
        // three tests known, one (org.other.Thing) matched by no rule
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("window", "24h")
                .get("/api/v1/projects/{p}/summary", project).then().statusCode(200)
                .body("owners.tests", equalTo(3)).body("owners.unmatched", equalTo(1)));
    }

    private JsonNode awaitEvent(TopicProbe alerts, String ruleId, String suite) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : alerts.poll()) {
                JsonNode event = JSON.readTree(record.value());
                if (event.at("/data/rule/id").asText().equals(ruleId)) {
                    seen.add(event);
                    if (event.at("/data/labels/suite").asText().equals(suite)) {
                        return event;
                    }
                }
            }
        }
        throw new AssertionError("no event of " + ruleId + " for suite " + suite + "; saw " + seen);
    }

    private String outcome(String run, String suite, String className, String name, String status, boolean critical) {
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1,"branch":"main"},
                 "suite":"%s","test":{"class":"%s","name":"%s","tags":[%s]},"status":"%s","duration_ms":1,"retry":0,
                 %s"observed_at":"%s"}""".formatted(UUID.randomUUID(), project, run, suite, className, name, critical ? "\"critical\"" : "",
                status, "failed".equals(status) ? "\"failure\":{\"type\":\"AssertionError\",\"message\":\"boom\"}," : "", Instant.now());
    }

    private void send(String outcome) {
        OutcomeTopic.sendTogether(List.of(Map.entry(project + "/x", outcome)));
    }
}
