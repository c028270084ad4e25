package dev.testpulse.analysis.alerts.delivery;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.AlertStream;
import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The live alert stream: nothing published after the feed started is missed, and a replay never holds an event loop. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class AlertStreamTest {

    private final String project = "stream-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    DataSource dataSource;

    /**
     * A rule names a topic no one has published to: the relay's first event creates it, before the feed's reader
     * knows it exists. Read from its end once found (as it used to be), the topic's first event never reached a stream.
     */
    @Test
    void aStreamOpenBeforeARuleNamesANewTopicGetsThatTopicsFirstEvent() throws Exception {
        String topic = "testpulse.alerts.team-" + UUID.randomUUID().toString().substring(0, 8);
        try (AlertStream stream = AlertStream.open(project, null)) {
            assertThat(stream.status()).isEqualTo(200);
            String ruleId = asAdmin().contentType("application/json").body("""
                    {"project":"%s","kind":"rate_below","suite_glob":"*","window":"runs:1","below":0.8,"min_samples":3,
                     "topic":"%s"}""".formatted(project, topic)).post("/api/v1/rules").then().statusCode(201).extract().path("id");
            Instant at = Instant.now();
            List<Map.Entry<String, String>> run = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                run.add(Map.entry(project + "/api", OutcomeTopic.outcome(UUID.randomUUID().toString(), project, "r1", "main", "api",
                        "t" + i, i < 2 ? "passed" : "failed", at)));
            }
            OutcomeTopic.sendTogether(run);
            AlertStream.Event fired = stream.next(event -> event.data().contains(ruleId));
            assertThat(fired.data()).contains("dev.testpulse.alert.fired");
            assertThat(fired.id()).isNotBlank();
        }
    }

    /**
     * Streams that resume from an id no longer in memory read the outbox table. With that table locked, their reads
     * wait: more such streams than the server has event loops, and every event loop must still answer other requests.
     * On the event loop (as it used to be), each waiting read held its loop and the server stopped answering.
     */
    @Test
    void aReplayFromTheTableNeverHoldsAnEventLoop() throws Exception {
        // Quarkus runs 2 event loops per core; twice that many streams reach every loop (connections go round-robin),
        // and stay below the 16 connections of the pool
        int streams = Math.min(12, 4 * Runtime.getRuntime().availableProcessors());
        List<AlertStream> open = new ArrayList<>();
        try (Connection locking = dataSource.getConnection()) {
            locking.setAutoCommit(false);
            try (Statement lock = locking.createStatement()) {
                lock.execute("lock table alert_events in access exclusive mode");
            }
            try {
                for (int i = 0; i < streams; i++) {
                    open.add(AlertStream.open(project, "evt_gone_" + i));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> waitingReplays() >= streams);
                for (int i = 0; i < 2 * streams; i++) {
                    // a client of its own each time: a new connection, to the next event loop
                    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":"
                            + RestAssured.port + "/dashboard/index.html")).timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(page.statusCode()).as("request %d while %d replays wait", i, streams).isEqualTo(200);
                }
            } finally {
                locking.rollback();
            }
            for (AlertStream stream : open) {
                assertThat(stream.status()).isEqualTo(200);
            }
        } finally {
            open.forEach(AlertStream::close);
        }
    }

    /** Replays of the stream waiting for the lock on alert_events (the query of AlertOutbox.publishedAfter). */
    private int waitingReplays() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and query like '%e.seq > (select seq from alert_events%'""");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
