package dev.testpulse.analysis.goals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.rates.Counts;

/** Baselines and targets of a project ({@code suite = ""}) and of its suites, in PostgreSQL. */
@ApplicationScoped
public class GoalStore {

    public static final String PROJECT = "";

    private final DataSource dataSource;

    public GoalStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void putBaseline(String project, String suite, Baseline baseline) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
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
