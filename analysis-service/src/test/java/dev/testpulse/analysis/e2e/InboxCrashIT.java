package dev.testpulse.analysis.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.PackagedPair;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.PostgresServer;

/**
 * A crash between counting and alert evaluation: the packaged analysis-service counts an upload (its inbox row
 * committed with it), is killed with SIGKILL before it evaluates, and after the restart the inbox is evaluated once:
 * one fired event, not none, not two.
 */
class InboxCrashIT {

    private static PackagedPair pair;

    @BeforeAll
    static void startPair() {
        pair = PackagedPair.start("inbox-crash");
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void outcomesCountedBeforeACrashAreEvaluatedOnceAfterTheRestart() throws Exception {
        String project = "inbox-crash-" + UUID.randomUUID().toString().substring(0, 8);
        // The fault: an evaluation that is not woken and will not poll for an hour, so counted outcomes wait in the inbox.
        pair.analysis().stop();
        pair.analysis().restart(Map.of("testpulse.analysis.inbox-poll", "1h", "testpulse.analysis.inbox-wake", "false"));
        String token = PackagedPair.projectToken(pair.ingest(), project);
        given().baseUri(pair.ingest().url()).header("Authorization", "Bearer " + token).contentType("application/json")
                .body("""
                        [{"project":"%s","run":{"id":"r1"},"suite":"pay","test":{"class":"T","name":"checkout","tags":["critical"]},
                          "status":"failed","failure":{"type":"AssertionError","message":"card declined"}}]""".formatted(project))
                .post("/api/v1/outcomes").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(pair.analysis().url()).queryParam("window", "24h")
                .get("/api/v1/projects/{p}/summary", project).then().statusCode(200).body("overall.rate.total", equalTo(1)));
        assertThat(count("select count(*) from alert_inbox where project = ?", project)).as("inbox rows before the crash").isEqualTo(1);
        assertThat(firedEvents(project)).as("evaluated before the crash").isZero();

        pair.analysis().kill();
        pair.analysis().restart(Map.of("testpulse.analysis.inbox-poll", "1s", "testpulse.analysis.inbox-wake", "true"));

        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from alert_inbox where project = ?", project) == 0);
        assertThat(firedEvents(project)).as("fired events after the restart").isEqualTo(1);
        given().baseUri(pair.analysis().url()).queryParam("project", project).queryParam("state", "firing").get("/api/v1/alerts")
                .then().statusCode(200).body("size()", equalTo(1));
    }

    private static int firedEvents(String project) throws SQLException {
        return count("select count(*) from alert_events where project = ? and type = 'dev.testpulse.alert.fired'", project);
    }

    private static int count(String sql, String project) throws SQLException {
        try (Connection connection = DriverManager.getConnection(DevStack.shared().jdbcUrl(), PostgresServer.USER, "unused-trust-auth");
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
