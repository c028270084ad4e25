package dev.testpulse.analysis.quarantine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** The SQL of the tables {@code test_states} and {@code quarantine_versions}, in the caller's transaction. */
@ApplicationScoped
public class TestStates {

    /** A stored row: the test's state, and how often the automatic rule muted it. */
    public record Row(String project, QuarantinedTest test, int autoMutes) {
        public TestState state() {
            return TestState.of(test.state()).orElseThrow();
        }
    }

    private static final String COLUMNS = "project, suite, class_name, test_name, state, reason, set_by, since, until, evidence, auto_mutes";

    /** The project's list version; 0 for a project whose list never changed. */
    public long version(Connection connection, String project) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select version from quarantine_versions where project = ?")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Whether a state of the project has reached its until and waits for its release. */
    public boolean anyExpired(Connection connection, String project, Instant now) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select exists (select 1 from test_states where project = ? and state <> 'enabled' and until <= ?::timestamptz)")) {
            query.setString(1, project);
            query.setString(2, now.toString());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The project's tests that are not enabled, by suite, class and name. */
    public List<QuarantinedTest> listed(Connection connection, String project) throws SQLException {
        return rows(connection, "select " + COLUMNS + " from test_states where project = ? and state <> 'enabled'"
                + " order by suite, class_name, test_name", project).stream().map(Row::test).toList();
    }

    /** One test's row, locked until the transaction ends (so changes of one test are serialised). */
    public Optional<Row> lock(Connection connection, String project, TestKey key) throws SQLException {
        return rows(connection, "select " + COLUMNS + " from test_states where project = ? and suite = ? and class_name = ?"
                + " and test_name = ? for update", project, key.suite(), key.storedClass(), key.name()).stream().findFirst();
    }

    /** The rows of the given tests of a project (not locked): what the automatic rule starts from. */
    public List<Row> of(Connection connection, String project, List<TestKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return List.of();
        }
        // plain strings: a text block strips its common indentation, and with it the space before "from"
        try (PreparedStatement query = connection.prepareStatement("select " + COLUMNS + " from test_states where project = ?"
                + " and (suite, class_name, test_name) in (select * from unnest(?::text[], ?::text[], ?::text[]))")) {
            query.setString(1, project);
            query.setArray(2, connection.createArrayOf("text", keys.stream().map(TestKey::suite).toArray()));
            query.setArray(3, connection.createArrayOf("text", keys.stream().map(TestKey::storedClass).toArray()));
            query.setArray(4, connection.createArrayOf("text", keys.stream().map(TestKey::name).toArray()));
            return read(query);
        }
    }

    /** States past their until, oldest first, locked (rows another transaction holds are left to it). */
    public List<Row> expired(Connection connection, String project, Instant now, int limit) throws SQLException {
        return rows(connection, "select " + COLUMNS + " from test_states where state <> 'enabled' and until <= ?::timestamptz"
                + " and (?::text is null or project = ?) order by until limit " + limit + " for update skip locked",
                now.toString(), project, project);
    }

    /** Writes the test's new state and bumps the project's list version. */
    public void put(Connection connection, String project, QuarantinedTest test, int autoMutes) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into test_states (project, suite, class_name, test_name, state, reason, set_by, since, until, evidence,
                                         auto_mutes, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?, now())
                on conflict (project, suite, class_name, test_name) do update set state = excluded.state,
                    reason = excluded.reason, set_by = excluded.set_by, since = excluded.since, until = excluded.until,
                    evidence = excluded.evidence, auto_mutes = excluded.auto_mutes, updated_at = now()""")) {
            upsert.setString(1, project);
            upsert.setString(2, test.suite());
            upsert.setString(3, test.key().storedClass());
            upsert.setString(4, test.name());
            upsert.setString(5, test.state());
            upsert.setString(6, test.reason());
            upsert.setString(7, test.by());
            upsert.setString(8, test.since().toString());
            upsert.setString(9, test.until() == null ? null : test.until().toString());
            upsert.setString(10, test.evidence());
            upsert.setInt(11, autoMutes);
            upsert.executeUpdate();
        }
        try (PreparedStatement bump = connection.prepareStatement("""
                insert into quarantine_versions (project, version) values (?, 1)
                on conflict (project) do update set version = quarantine_versions.version + 1""")) {
            bump.setString(1, project);
            bump.executeUpdate();
        }
    }

    private static List<Row> rows(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            return read(query);
        }
    }

    private static List<Row> read(PreparedStatement query) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                Timestamp until = rs.getTimestamp(9);
                rows.add(new Row(rs.getString(1), new QuarantinedTest(rs.getString(2), TestKey.fromStored(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                        until == null ? null : until.toInstant(), rs.getString(10)), rs.getInt(11)));
            }
        }
        return rows;
    }
}
