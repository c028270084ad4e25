package dev.testpulse.analysis.alerts.evaluation;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.inbox.EvaluationInbox;
import dev.testpulse.analysis.inbox.Pending;
import dev.testpulse.analysis.support.AlertInbox;
import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStackTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Counting does only counting (issue 25): a batch never waits for a project's alert lock, what evaluation needs goes
 * to the alert inbox in the batch's transaction, and the evaluation after the commit takes a project's pending rows
 * together, exactly once. The tests hold the project's alert lock themselves, as an evaluation running on another
 * instance (or one not run yet because the process died) would.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class InboxEvaluationTest {

    private final String project = "inbox-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    DataSource dataSource;

    @Inject
    EvaluationInbox inbox;

    @Inject
    AlertEvaluator evaluator;

    @Inject
    InboxEvaluation worker;

    @Inject
    MeterRegistry registry;

    /**
     * Three batches counted while the project is being evaluated elsewhere make one evaluation of their union once it
     * is free: a rule that fires after three breaching evaluations is one step along, not firing. Before, each batch
     * took the project's lock in its own transaction and waited for it: nothing was counted while the lock was held.
     */
    @Test
    void batchesCountedWhileTheProjectIsHeldAreCountedAtOnceAndEvaluatedTogether() throws Exception {
        String ruleId = rule("""
                {"project":"%s","kind":"rate_below","window":"runs:5","below":0.9,"min_samples":1,"for_evaluations":3}""");
        double evaluationsBefore = registry.counter("testpulse.analysis.alerts.evaluations").count();
        double rowsBefore = registry.counter("testpulse.analysis.alerts.inbox.rows.evaluated").count();
        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            ProjectLocks.lock(held, project);
            for (int run = 1; run <= 3; run++) {
                sendRun("r" + run); // half failed: below 0.9, and no infra incident (that needs most of a run failed)
                awaitCounted(4 * run); // counted while the lock is held: counting never takes it
            }
            assertThat(AlertInbox.pending(dataSource, project)).as("one inbox row per batch").isEqualTo(3);
            given().get("/q/metrics").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("testpulse_analysis_alerts_inbox_depth"))
                    .body(org.hamcrest.Matchers.containsString("testpulse_analysis_alerts_inbox_oldest_age_seconds"));
            assertThat(registry.get("testpulse.analysis.alerts.inbox.depth").gauge().value()).isGreaterThanOrEqualTo(3);
            assertThat(registry.get("testpulse.analysis.alerts.inbox.oldest.age").gauge().value()).isGreaterThan(0);
            held.rollback(); // the other evaluation ends
        }
        AlertInbox.awaitEvaluated(dataSource, project);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select state, breach_streak from alert_series where rule_id = ?")) {
            query.setString(1, ruleId);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("the rule's series").isTrue();
                assertThat(rs.getString(1)).isEqualTo("PENDING");
                assertThat(rs.getInt(2)).as("breaching evaluations: the three batches made one").isEqualTo(1);
            }
        }
        assertThat(events(ruleId)).isZero();
        assertThat(registry.counter("testpulse.analysis.alerts.evaluations").count() - evaluationsBefore).isGreaterThanOrEqualTo(1);
        assertThat(registry.counter("testpulse.analysis.alerts.inbox.rows.evaluated").count() - rowsBefore).isGreaterThanOrEqualTo(3);
    }

    /**
     * A crash between the counting commit and the evaluation's: the counted outcomes and their inbox row are there;
     * an evaluation that wrote its event but died before committing left both; the next pass evaluates them once:
     * one fired event, not two, not none.
     */
    @Test
    void anEvaluationThatDiesBeforeItsCommitLeavesTheRowsForExactlyOneLaterEvaluation() throws Exception {
        String ruleId = "default:" + project + ":critical_failed";
        try (Connection crashing = dataSource.getConnection()) {
            crashing.setAutoCommit(false);
            ProjectLocks.lock(crashing, project); // the evaluation that is about to crash holds the project
            OutcomeTopic.sendTogether(List.of(Map.entry(project + "/pay", critical("c1", "failed"))));
            awaitCounted(1);
            assertThat(AlertInbox.pending(dataSource, project)).as("inbox rows of the counted batch").isEqualTo(1);
            assertThat(runOutcomes()).as("the run's tally waits for the project's evaluation, not counting").isNull();
            assertThat(signatures()).as("so does the project's new failure cause").isZero();

            Pending pending = inbox.take(crashing, project);
            assertThat(pending.rows()).isEqualTo(1);
            assertThat(pending.outcomes()).singleElement().satisfies(outcome -> {
                assertThat(outcome.status()).isEqualTo("failed");
                assertThat(outcome.failure().message()).isEqualTo("card declined");
                assertThat(outcome.failure().trace()).as("traces stay out of the inbox").isNull();
            });
            assertThat(evaluator.evaluate(crashing, pending, Set.of(), Instant.now())).as("events the crashed evaluation wrote").isEqualTo(1);
            crashing.rollback(); // the process dies: nothing of it was committed
        }
        AlertInbox.awaitEvaluated(dataSource, project);
        await().atMost(Duration.ofSeconds(30)).until(() -> events(ruleId) >= 1);
        worker.pass(); // another pass finds nothing left to evaluate
        assertThat(events(ruleId)).as("fired events of the critical test").isEqualTo(1);
        assertThat(AlertInbox.pending(dataSource, project)).isZero();
        assertThat(runOutcomes()).as("the run's tally, added once by the evaluation that committed").isEqualTo(1L);
        assertThat(signatures()).as("the failure cause, remembered by that evaluation").isEqualTo(1);
    }

    private int signatures() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from failure_signatures where project = ?")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The outcomes the runs table counts for run c1 of the project; null while it has no row. */
    private Long runOutcomes() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select outcomes from runs where project = ? and run_id = 'c1'")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private String rule(String json) {
        return asAdmin().contentType("application/json").body(json.formatted(project)).post("/api/v1/rules").then().statusCode(201)
                .extract().path("id");
    }

    private void sendRun(String run) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(Map.entry(project + "/api", OutcomeTopic.outcome(UUID.randomUUID().toString(), project, run, "main", "api",
                    "t" + i, i < 2 ? "passed" : "failed", Instant.now())));
        }
        OutcomeTopic.sendTogether(records);
    }

    private String critical(String run, String status) {
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1,"branch":"main"},
                 "suite":"pay","test":{"class":"T","name":"checkout","tags":["critical"]},"status":"%s","duration_ms":1,"retry":0,
                 "failure":{"type":"AssertionError","message":"card declined","trace":"at T.checkout(T.java:1)"},"observed_at":"%s"}"""
                .formatted(UUID.randomUUID(), project, run, status, Instant.now());
    }

    private void awaitCounted(int total) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("window", "24h")
                .get("/api/v1/projects/{p}/summary", project).then().statusCode(200).body("overall.rate.total", equalTo(total)));
    }

    private int events(String ruleId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from alert_events where rule_id = ? and type = ?")) {
            query.setString(1, ruleId);
            query.setString(2, "dev.testpulse.alert.fired");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
