package dev.testpulse.analysis.quarantine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.delivery.AlertOutbox;
import dev.testpulse.analysis.alerts.delivery.OutboxRelay;
import dev.testpulse.analysis.alerts.rules.RuleValidator;

/**
 * Test states of a project: changes (by hand, by the automatic rule, by expiry), each written with its CloudEvent in
 * the alert outbox in one transaction, so an event exists exactly when its change committed; and the list, read
 * behind a version that every change bumps.
 */
@ApplicationScoped
public class Quarantine {

    /** Written in place of a rule id on the outbox rows of state events. */
    static final String SOURCE = "quarantine";
    static final String EVENT_SOURCE = "/testpulse/analysis-service/quarantine";
    /** Who released a state that reached its until. */
    static final String EXPIRY = "expiry";
    private static final int EXPIRY_BATCH = 500;

    private final DataSource dataSource;
    private final TestStates states;
    private final AlertOutbox outbox;
    private final OutboxRelay relay;

    public Quarantine(DataSource dataSource, TestStates states, AlertOutbox outbox, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.states = states;
        this.outbox = outbox;
        this.relay = relay;
    }

    /** The list, or only its version when it is still {@code ifNoneMatch} (tests null: answer 304). */
    public QuarantineList read(String project, String ifNoneMatch, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            // expiry is released here too, not only by the clock, so a list never shows a state past its until
            if (states.anyExpired(connection, project, now)) {
                expire(project, now);
            }
            long version = states.version(connection, project);
            if (QuarantineList.matches(ifNoneMatch, version)) {
                return new QuarantineList(project, null, version);
            }
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // the list and its version agree
            try {
                QuarantineList list = new QuarantineList(project, states.listed(connection, project), states.version(connection, project));
                connection.commit();
                return list;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** A change by hand, in a transaction of its own. @return the test's state now */
    public QuarantinedTest set(String project, Change change, String by, Instant now) throws SQLException {
        QuarantinedTest result = inTransaction(connection -> {
            Optional<TestStates.Row> current = states.lock(connection, project, change.key());
            int autoMutes = current.map(TestStates.Row::autoMutes).orElse(0);
            return apply(connection, project, current, change, by, null, autoMutes, now);
        });
        relay.wake();
        return result;
    }

    /**
     * Writes a change of a locked (or absent) row and its event, in the caller's transaction. A release of a test that
     * is enabled changes nothing and publishes nothing.
     */
    QuarantinedTest apply(Connection connection, String project, Optional<TestStates.Row> current, Change change, String by,
            String evidence, int autoMutes, Instant now) throws SQLException {
        TestState previous = current.map(TestStates.Row::state).orElse(TestState.ENABLED);
        TestKey key = change.key();
        if (change.state() == TestState.ENABLED && previous == TestState.ENABLED) {
            return current.map(TestStates.Row::test).orElse(new QuarantinedTest(key.suite(), key.className(), key.name(),
                    TestState.ENABLED.wire(), null, null, null, null, null));
        }
        QuarantinedTest test = new QuarantinedTest(key.suite(), key.className(), key.name(), change.state().wire(), change.reason(),
                by.equals(EXPIRY) ? "auto" : by, now, change.until(), evidence);
        states.put(connection, project, test, autoMutes);
        publish(connection, project, test, previous, by, now);
        return test;
    }

    /** Releases states past their until (of one project, or all when null). @return how many */
    public int expire(String project, Instant now) throws SQLException {
        int released = inTransaction(connection -> {
            List<TestStates.Row> expired = states.expired(connection, project, now, EXPIRY_BATCH);
            for (TestStates.Row row : expired) {
                apply(connection, row.project(), Optional.of(row), new Change(row.test().key(), TestState.ENABLED,
                        "its " + row.test().state() + " state reached its until " + row.test().until(), null), EXPIRY, null,
                        row.autoMutes(), now);
            }
            return expired.size();
        });
        if (released > 0) {
            relay.wake();
        }
        return released;
    }

    private void publish(Connection connection, String project, QuarantinedTest test, TestState previous, String by, Instant now)
            throws SQLException {
        String fingerprint = test.key().fingerprint(project);
        Map<String, String> links = new LinkedHashMap<>();
        links.put("quarantine", "/api/v1/projects/" + project + "/quarantine");
        TestState state = TestState.of(test.state()).orElseThrow();
        TestStateEvent event = new TestStateEvent("1.0", UUID.randomUUID().toString(), EVENT_SOURCE, state.eventType(), fingerprint,
                now, "application/json", new TestStateEvent.Data(project, test.suite(), test.className(), test.name(), test.state(),
                        previous.wire(), test.reason(), by, test.since(), test.until(), test.evidence(), links));
        outbox.addEvent(connection, event.id(), fingerprint, SOURCE, project, event.type(), RuleValidator.DEFAULT_TOPIC, event, now);
    }

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
