package dev.testpulse.analysis.alerts.evaluation;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.AlertInbox;
import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A rule cannot publish where it likes, stall the consumer with its glob, nor stop counting or other rules by failing. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class RulesThatCannotHurtTest {

    private final String project = "harm-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    DataSource dataSource;

    @Test
    void refusesTopicsOutsideTheAlertTopicsAndOverlongGlobs() {
        for (String topic : List.of("testpulse.tokens", "testpulse.outcomes", "__consumer_offsets", "other")) {
            rule("{\"project\":\"%s\",\"kind\":\"critical_failed\",\"topic\":\"%s\"}".formatted(project, topic))
                    .then().statusCode(422).contentType("application/problem+json").body("parameter", equalTo("topic"));
        }
        rule("{\"project\":\"%s\",\"kind\":\"critical_failed\",\"topic\":\"testpulse.alerts.team-a\"}".formatted(project))
                .then().statusCode(201);
        rule("{\"project\":\"%s\",\"kind\":\"rate_below\",\"below\":0.5,\"suite_glob\":\"%s\"}".formatted(project, "*a".repeat(101)))
                .then().statusCode(422).body("parameter", equalTo("suite_glob"));
        asAdmin().contentType("application/json").body("{\"project\":\"%s\",\"test_glob\":\"%s\",\"until\":\"%s\"}"
                .formatted(project, "x".repeat(201), java.time.Instant.now().plus(java.time.Duration.ofDays(30)))).post("/api/v1/silences").then().statusCode(422).body("parameter", equalTo("test_glob"));
    }

    @Test
    void aHostileGlobDoesNotStallCounting() {
        String glob = "*a".repeat(99) + "*b";
        String id = rule("{\"project\":\"%s\",\"kind\":\"rate_below\",\"below\":0.5,\"window\":\"runs:1\",\"suite_glob\":\"%s\"}"
                .formatted(project, glob)).then().statusCode(201).extract().path("id");
        String suite = "a".repeat(5_000);
        OutcomeTopic.sendTogether(List.of(Map.entry(project + "/" + suite,
                OutcomeTopic.outcome(UUID.randomUUID().toString(), project, "r1", "main", suite, "t", "failed", Instant.now()))));
        awaitCounted(1);
        asAdmin().get("/api/v1/rules/{id}", id).then().statusCode(200).body("broken_at", equalTo(null));
    }

    @Test
    void aRuleThatThrowsIsMarkedBrokenAndNeitherCountingNorOtherRulesStop() throws SQLException {
        String broken = "rule_broken_" + UUID.randomUUID().toString().substring(0, 6);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into alert_rules (id, project, name, kind, window_spec, below, recover_above, severity, topic)
                        values (?, ?, 'from an older version', 'rate_below', 'runs:many', 0.9, 0.9, 'warning', 'testpulse.alerts')""")) {
            insert.setString(1, broken);
            insert.setString(2, project);
            insert.executeUpdate();
        }
        String good = rule("{\"project\":\"%s\",\"kind\":\"rate_below\",\"below\":0.9,\"window\":\"runs:1\"}".formatted(project))
                .then().statusCode(201).extract().path("id");
        List<Map.Entry<String, String>> run = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            run.add(Map.entry(project + "/api", OutcomeTopic.outcome(UUID.randomUUID().toString(), project, "r1", "main", "api",
                    "t" + i, i == 0 ? "passed" : "failed", Instant.now())));
        }
        OutcomeTopic.sendTogether(run);
        awaitCounted(4);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("project", project)
                .queryParam("state", "firing").get("/api/v1/alerts").then().statusCode(200).body("rule_id", org.hamcrest.Matchers.hasItem(good)));
        given().get("/api/v1/rules/{id}", broken).then().statusCode(200).body("broken_at", notNullValue())
                .body("broken_reason", containsString("runs:many"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("testpulse_analysis_rules_broken_total"));

        // a change is a fix until proven otherwise: PUT clears the mark
        asAdmin().contentType("application/json").body("{\"project\":\"%s\",\"kind\":\"rate_below\",\"below\":0.9}".formatted(project))
                .put("/api/v1/rules/{id}", broken).then().statusCode(200).body("broken_at", equalTo(null));
    }

    @Test
    void anEventForAForbiddenTopicIsSetAsideAndTheEventsBehindItAreStillPublished() throws Exception {
        String blocked = UUID.randomUUID().toString();
        String fine = UUID.randomUUID().toString();
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC); TopicProbe tokens = new TopicProbe(DevStack.TOKENS_TOPIC)) {
            insertEvent(blocked, "testpulse.tokens", Instant.now().minusSeconds(60));
            insertEvent(fine, "testpulse.alerts", Instant.now());
            assertThat(alerts.readUntil(records -> records.stream().anyMatch(r -> r.value().contains(fine)), Duration.ofSeconds(30)))
                    .anyMatch(r -> r.value().contains(fine));
            assertThat(tokens.readUntil(records -> false, Duration.ofSeconds(2))).noneMatch(r -> r.value().contains(blocked));
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select sent_at, failed_at, last_error from alert_events where id = ?")) {
            query.setString(1, blocked);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getTimestamp(1)).isNull();
                assertThat(rs.getTimestamp(2)).isNotNull();
                assertThat(rs.getString(3)).contains("not an alert topic");
            }
        }
        given().get("/q/health/ready").then().statusCode(200).body(containsString("Background workers"))
                .body(containsString("alert outbox relay"));
    }

    private void insertEvent(String id, String topic, Instant at) throws SQLException {
        String event = """
                {"specversion":"1.0","id":"%s","source":"/testpulse/analysis-service","type":"dev.testpulse.alert.fired","subject":"fp-%s",
                 "time":"%s","datacontenttype":"application/json","data":{"fingerprint":"fp-%s","status":"firing","project":"%s"}}"""
                .formatted(id, project, at, project, project);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into alert_events (id, fingerprint, rule_id, project, type, topic, cloud_event, created_at)
                        values (?, ?, 'rule_x', ?, 'dev.testpulse.alert.fired', ?, ?::jsonb, ?::timestamptz)""")) {
            insert.setString(1, id);
            insert.setString(2, "fp-" + project); // this test's own series: events of other tests never hold it up
            insert.setString(3, project);
            insert.setString(4, topic);
            insert.setString(5, event);
            insert.setString(6, at.toString());
            insert.executeUpdate();
        }
    }

    private io.restassured.response.Response rule(String json) {
        return asAdmin().contentType("application/json").body(json).post("/api/v1/rules");
    }

    private void awaitCounted(int total) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("window", "24h")
                .get("/api/v1/projects/{p}/summary", project).then().statusCode(200).body("overall.rate.total", equalTo(total)));
        AlertInbox.awaitEvaluated(dataSource, project); // evaluation follows the counting commit
    }
}
