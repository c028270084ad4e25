package dev.testpulse.analysis.alerts.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.alerts.delivery.CloudEvent;
import dev.testpulse.analysis.retention.Retention;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The alert clock on the real database: one instance at a time, and another takes over when the holder's session
 * ends (as when its process dies); and alert history has a retention.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class AlertClockTest {

    @Inject
    AlertClock clock;

    @Inject
    Retention retention;

    @Inject
    DataSource dataSource;

    private final String project = "clock-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void stepsNothingWhileAnotherInstanceHoldsTheClockAndTakesOverWhenItsSessionEnds() throws Exception {
        String ruleId = "rule_" + project;
        // a session of its own, outside the pool: closing a pooled connection would keep its session (and the lock)
        // alive in the pool, and the clock of every later test in this JVM would find the lock taken
        try (Connection otherInstance = DriverManager.getConnection(DevStack.shared().jdbcUrl(), PostgresServer.USER, "unused-trust-auth")) {
            otherInstance.setAutoCommit(true);
            try (PreparedStatement lock = otherInstance.prepareStatement("select pg_advisory_lock(?)")) {
                lock.setLong(1, AlertClock.CLOCK_LOCK);
                lock.execute();
            }
            execute("insert into alert_rules (id, project, name, kind, window_spec, severity, topic, keep_firing_for_seconds) "
                    + "values ('" + ruleId + "', '" + project + "', 'n', 'new_failure_group', 'runs:20', 'warning', 'testpulse.alerts', 1)");
            // a one-shot alert that fired an hour ago and is due to resolve: only the clock can resolve it now
            execute("insert into alert_series (rule_id, fingerprint, project, labels, state, since, breach_streak, last_breach, notified, fired_at) "
                    + "values ('" + ruleId + "', 'fp-" + project + "', '" + project + "', '{\"project\":\"" + project + "\"}', 'FIRING', "
                    + "now() - interval '1 hour', 0, now() - interval '1 hour', true, now() - interval '1 hour')");
            assertThat(clock.pass()).as("another instance holds the clock").isZero();
            assertThat(state()).isEqualTo("FIRING");
        } // the holder's session ends (as when its process dies), and its lock with it

        // this instance's clock (a pass of ours, or its own next tick) takes over and resolves the series, once
        clock.pass();
        await().atMost(Duration.ofSeconds(30)).until(() -> state().equals("OK"));
        assertThat(eventTypes()).containsExactly(CloudEvent.RESOLVED);
    }

    @Inject
    AlertEvaluator evaluator;

    @Test
    void leavesAProjectThatABatchHoldsToThatBatchAndStepsItOnceFree() throws Exception {
        String ruleId = "rule_" + project;
        // a session of its own (see above); it also holds the clock, so this JVM's own ticks stay out of the way
        try (Connection batch = DriverManager.getConnection(DevStack.shared().jdbcUrl(), PostgresServer.USER, "unused-trust-auth");
                Connection clockConnection = dataSource.getConnection()) {
            try (PreparedStatement lock = batch.prepareStatement("select pg_advisory_lock(?)")) {
                lock.setLong(1, AlertClock.CLOCK_LOCK);
                lock.execute();
            }
            batch.setAutoCommit(false);
            ProjectLocks.lock(batch, project); // as a batch's evaluation holds it until its commit
            execute("insert into alert_rules (id, project, name, kind, window_spec, severity, topic, keep_firing_for_seconds) "
                    + "values ('" + ruleId + "', '" + project + "', 'n', 'new_failure_group', 'runs:20', 'warning', 'testpulse.alerts', 1)");
            // a one-shot alert that fired an hour ago and is due to resolve
            execute("insert into alert_series (rule_id, fingerprint, project, labels, state, since, breach_streak, last_breach, notified, fired_at) "
                    + "values ('" + ruleId + "', 'fp-" + project + "', '" + project + "', '{\"project\":\"" + project + "\"}', 'FIRING', "
                    + "now() - interval '1 hour', 0, now() - interval '1 hour', true, now() - interval '1 hour')");

            clockConnection.setAutoCommit(false);
            assertThat(evaluator.evaluateTime(clockConnection, project, java.time.Instant.now(), false))
                    .as("the clock does not wait for the batch").isEmpty();
            clockConnection.rollback();
            assertThat(state()).isEqualTo("FIRING");

            batch.rollback(); // the batch ends
            assertThat(evaluator.evaluateTime(clockConnection, project, java.time.Instant.now(), false))
                    .as("free again: the one-shot alert resolves").hasValue(1);
            clockConnection.commit();
        }
        assertThat(state()).isEqualTo("OK");
        assertThat(eventTypes()).containsExactly(CloudEvent.RESOLVED);
    }

    @Test
    void onceItsPatienceIsSpentTheClockWaitsForTheBatchAndThenSteps() throws Exception {
        String ruleId = "rule_" + project;
        try (Connection batch = DriverManager.getConnection(DevStack.shared().jdbcUrl(), PostgresServer.USER, "unused-trust-auth")) {
            try (PreparedStatement lock = batch.prepareStatement("select pg_advisory_lock(?)")) {
                lock.setLong(1, AlertClock.CLOCK_LOCK); // this JVM's own ticks stay out of the way
                lock.execute();
            }
            batch.setAutoCommit(false);
            ProjectLocks.lock(batch, project);
            execute("insert into alert_rules (id, project, name, kind, window_spec, severity, topic, keep_firing_for_seconds) "
                    + "values ('" + ruleId + "', '" + project + "', 'n', 'new_failure_group', 'runs:20', 'warning', 'testpulse.alerts', 1)");
            execute("insert into alert_series (rule_id, fingerprint, project, labels, state, since, breach_streak, last_breach, notified, fired_at) "
                    + "values ('" + ruleId + "', 'fp-" + project + "', '" + project + "', '{\"project\":\"" + project + "\"}', 'FIRING', "
                    + "now() - interval '1 hour', 0, now() - interval '1 hour', true, now() - interval '1 hour')");

            java.util.concurrent.CompletableFuture<java.util.OptionalInt> clockStep = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    java.util.OptionalInt events = evaluator.evaluateTime(connection, project, java.time.Instant.now(), true);
                    connection.commit();
                    return events;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the clock's backend is seen waiting for this project's lock (a bigint key: high and low halves), which the batch holds
            await().atMost(Duration.ofSeconds(30)).until(() -> strings("""
                    select count(*) from pg_locks, (select hashtextextended('testpulse.alerts:%s', 7157) as k) lock
                    where locktype = 'advisory' and not granted and objsubid = 1
                      and classid::bigint = ((lock.k >> 32) & 4294967295) and objid::bigint = (lock.k & 4294967295)"""
                    .formatted(project)).get(0).equals("1"));
            assertThat(clockStep).isNotDone();
            assertThat(state()).isEqualTo("FIRING");

            batch.rollback(); // the batch ends, the clock goes on
            assertThat(clockStep.get(30, java.util.concurrent.TimeUnit.SECONDS)).hasValue(1);
        }
        assertThat(state()).isEqualTo("OK");
    }

    @Test
    void publishedEventsAndResolvedSeriesOlderThanTheRetentionAreForgotten() throws Exception {
        String ruleId = "rule_" + project;
        execute("insert into alert_rules (id, project, name, kind, window_spec, severity, topic) "
                + "values ('" + ruleId + "', '" + project + "', 'n', 'critical_failed', 'runs:20', 'warning', 'testpulse.alerts')");
        execute("insert into alert_events (id, fingerprint, rule_id, project, type, topic, cloud_event, created_at, sent_at) values "
                + "('old-" + project + "', 'fp-" + project + "', '" + ruleId + "', '" + project + "', 't', 'testpulse.alerts', '{}', now() - interval '40 days', now() - interval '40 days'), "
                + "('unsent-" + project + "', 'fp-" + project + "', '" + ruleId + "', '" + project + "', 't', 'testpulse.alerts', '{}', now() - interval '40 days', null), "
                + "('new-" + project + "', 'fp-" + project + "', '" + ruleId + "', '" + project + "', 't', 'testpulse.alerts', '{}', now(), now())");
        execute("insert into alert_series (rule_id, fingerprint, project, labels, state, since, notified, updated_at) values "
                + "('" + ruleId + "', 'resolved-old', '" + project + "', '{}', 'OK', now() - interval '40 days', false, now() - interval '40 days'), "
                + "('" + ruleId + "', 'firing-old', '" + project + "', '{}', 'FIRING', now() - interval '40 days', true, now() - interval '40 days')");

        // the unsent one waits for a retry a day away, so no relay touches it meanwhile
        execute("update alert_events set next_attempt_at = now() + interval '1 day' where id = 'unsent-" + project + "'");
        retention.maintain();

        assertThat(strings("select id from alert_events where project = '" + project + "' order by id"))
                .as("published and old: gone; never published: kept").containsExactly("new-" + project, "unsent-" + project);
        assertThat(strings("select fingerprint from alert_series where project = '" + project + "'"))
                .as("a resolved series is forgotten, a firing one never").containsExactly("firing-old");
    }

    private String state() throws SQLException {
        return strings("select state from alert_series where project = '" + project + "'").get(0);
    }

    private List<String> eventTypes() throws SQLException {
        return strings("select type from alert_events where project = '" + project + "' order by seq");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
