package dev.testpulse.analysis.goals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.windows.WindowedCounts.TestId;

/** Baselines (with the tests a snapshot measured) and targets of a project ({@code suite = ""}) and of its suites, in PostgreSQL. */
@ApplicationScoped
public class GoalStore {

    public static final String PROJECT = "";

    private final DataSource dataSource;

    public GoalStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Sets a baseline and, in the same transaction, replaces the keys of the tests it measured (none unless it is a
     * snapshot).
     */
    public void putBaseline(String project, String suite, Baseline baseline, Set<TestId> tests) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                upsertBaseline(connection, project, suite, baseline);
                replaceTests(connection, project, suite, tests);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void upsertBaseline(Connection connection, String project, String suite, Baseline baseline)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                        insert into baselines (project, suite, rate, passed, failed, error, skipped, source, source_window, branch, set_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz)
                        on conflict (project, suite) do update set rate = excluded.rate, passed = excluded.passed,
                            failed = excluded.failed, error = excluded.error, skipped = excluded.skipped, source = excluded.source,
                            source_window = excluded.source_window, branch = excluded.branch, set_at = excluded.set_at""")) {
            upsert.setString(1, project);
            upsert.setString(2, suite);
            upsert.setDouble(3, baseline.rate());
            Counts counts = baseline.counts();
            for (int i = 0; i < 4; i++) {
                if (counts == null) {
                    upsert.setNull(4 + i, Types.BIGINT);
                }
            }
            if (counts != null) {
                upsert.setLong(4, counts.passed());
                upsert.setLong(5, counts.failed());
                upsert.setLong(6, counts.error());
                upsert.setLong(7, counts.skipped());
            }
            upsert.setString(8, baseline.source());
            upsert.setString(9, baseline.window());
            upsert.setString(10, baseline.branch());
            upsert.setString(11, baseline.setAt().toString());
            upsert.executeUpdate();
        }
    }

    private static void replaceTests(Connection connection, String project, String scope, Set<TestId> tests)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from baseline_tests where project = ? and scope = ?")) {
            delete.setString(1, project);
            delete.setString(2, scope);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into baseline_tests (project, scope, suite, test_key) values (?, ?, ?, ?)")) {
            for (TestId test : tests) {
                insert.setString(1, project);
                insert.setString(2, scope);
                insert.setString(3, test.suite());
                insert.setString(4, test.testKey());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The tests a snapshot baseline of the project ({@link #PROJECT}) or of a suite measured; empty for other baselines. */
    public Set<TestId> baselineTests(String project, String scope) throws SQLException {
        Set<TestId> tests = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select suite, test_key from baseline_tests where project = ? and scope = ?")) {
            query.setString(1, project);
            query.setString(2, scope);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tests.add(new TestId(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return tests;
    }

    public void putTarget(String project, String suite, Target target) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        insert into targets (project, suite, rate, set_at) values (?, ?, ?, ?::timestamptz)
                        on conflict (project, suite) do update set rate = excluded.rate, set_at = excluded.set_at""")) {
            upsert.setString(1, project);
            upsert.setString(2, suite);
            upsert.setDouble(3, target.rate());
            upsert.setString(4, target.setAt().toString());
            upsert.executeUpdate();
        }
    }

    /** Baselines of the project and its suites, by suite ({@link #PROJECT} for the project's own). */
    public Map<String, Baseline> baselines(String project) throws SQLException {
        Map<String, Baseline> baselines = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select suite, rate, passed, failed, error, skipped, source, source_window, branch, set_at
                        from baselines where project = ?""")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(3);
                    Counts counts = rs.wasNull() ? null : new Counts(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
                    baselines.put(rs.getString(1), new Baseline(rs.getDouble(2), counts, rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getTimestamp(10).toInstant()));
                }
            }
        }
        return baselines;
    }

    /** The project's own target ({@link #PROJECT}), in the caller's transaction; empty when it has none. */
    public Optional<Target> projectTarget(Connection connection, String project) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select rate, set_at from targets where project = ? and suite = ?")) {
            query.setString(1, project);
            query.setString(2, PROJECT);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(new Target(rs.getDouble(1), rs.getTimestamp(2).toInstant())) : Optional.empty();
            }
        }
    }

    /** Targets of the project and its suites, by suite ({@link #PROJECT} for the project's own). */
    public Map<String, Target> targets(String project) throws SQLException {
        Map<String, Target> targets = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select suite, rate, set_at from targets where project = ?")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    targets.put(rs.getString(1), new Target(rs.getDouble(2), rs.getTimestamp(3).toInstant()));
                }
            }
        }
        return targets;
    }
}
