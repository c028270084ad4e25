package dev.testpulse.analysis.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Alert rules in PostgreSQL. Reads take a connection so evaluation sees rules in the batch's own transaction. */
@ApplicationScoped
public class RuleStore {

    private static final String COLUMNS = """
            id, project, name, kind, suite_glob, test_glob, branch, window_spec, below, recover_above, drop_pp, recover_pp,
            min_samples, confidence, failed_pct, for_evaluations, for_seconds, keep_firing_for_seconds, severity, topic,
            builtin, created_at, updated_at""";

    private final DataSource dataSource;

    public RuleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void save(AlertRule rule) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            save(connection, rule);
        }
    }

    void save(Connection connection, AlertRule rule) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into alert_rules (" + COLUMNS + """
                ) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz)
                on conflict (id) do update set name = excluded.name, kind = excluded.kind, suite_glob = excluded.suite_glob,
                    test_glob = excluded.test_glob, branch = excluded.branch, window_spec = excluded.window_spec,
                    below = excluded.below, recover_above = excluded.recover_above, drop_pp = excluded.drop_pp,
                    recover_pp = excluded.recover_pp, min_samples = excluded.min_samples, confidence = excluded.confidence,
                    failed_pct = excluded.failed_pct, for_evaluations = excluded.for_evaluations, for_seconds = excluded.for_seconds,
                    keep_firing_for_seconds = excluded.keep_firing_for_seconds, severity = excluded.severity,
                    topic = excluded.topic, updated_at = excluded.updated_at, broken_at = null, broken_reason = null""")) {
            int i = 1;
            upsert.setString(i++, rule.id());
            upsert.setString(i++, rule.project());
            upsert.setString(i++, rule.name());
            upsert.setString(i++, rule.kind());
            upsert.setString(i++, rule.suiteGlob());
            upsert.setString(i++, rule.testGlob());
            upsert.setString(i++, rule.branch());
            upsert.setString(i++, rule.window());
            for (Double value : new Double[] {rule.below(), rule.recoverAbove(), rule.dropPp(), rule.recoverPp()}) {
                setDouble(upsert, i++, value);
            }
            upsert.setLong(i++, rule.minSamples());
            setDouble(upsert, i++, rule.confidence());
            setDouble(upsert, i++, rule.failedPct());
            upsert.setInt(i++, rule.forEvaluations());
            upsert.setLong(i++, RuleValidator.seconds(rule.forDuration(), "for_duration"));
            upsert.setLong(i++, RuleValidator.seconds(rule.keepFiringFor(), "keep_firing_for"));
            upsert.setString(i++, rule.severity());
            upsert.setString(i++, rule.topic());
            upsert.setBoolean(i++, Boolean.TRUE.equals(rule.builtin()));
            upsert.setString(i++, rule.createdAt().toString());
            upsert.setString(i, rule.updatedAt().toString());
            upsert.executeUpdate();
        }
    }

    public Optional<AlertRule> find(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            List<AlertRule> rules = query(connection, "where id = ?", id);
            return rules.stream().findFirst();
        }
    }

    public List<AlertRule> list(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return project == null ? query(connection, "order by project, created_at") : forProject(connection, project);
        }
    }

    public List<AlertRule> forProject(Connection connection, String project) throws SQLException {
        return query(connection, "where project = ? order by created_at, id", project);
    }

    /** Marks a rule broken, in the caller's transaction: evaluation skips it until it is changed. */
    void markBroken(Connection connection, String id, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update alert_rules set broken_at = now(), broken_reason = ? where id = ? and broken_at is null")) {
            update.setString(1, reason);
            update.setString(2, id);
            update.executeUpdate();
        }
    }

    public boolean delete(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from alert_rules where id = ?")) {
            delete.setString(1, id);
            return delete.executeUpdate() == 1;
        }
    }

    private static List<AlertRule> query(Connection connection, String where, String... parameters) throws SQLException {
        List<AlertRule> rules = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select " + COLUMNS + ", broken_at, broken_reason from alert_rules " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long forSeconds = rs.getLong(17);
                    long keepSeconds = rs.getLong(18);
                    rules.add(new AlertRule(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), getDouble(rs, 9), getDouble(rs, 10),
                            getDouble(rs, 11), getDouble(rs, 12), rs.getLong(13), getDouble(rs, 14), getDouble(rs, 15), rs.getInt(16),
                            forSeconds == 0 ? null : forSeconds + "s", keepSeconds == 0 ? null : keepSeconds + "s", rs.getString(19),
                            rs.getString(20), rs.getBoolean(21), rs.getTimestamp(22).toInstant(), rs.getTimestamp(23).toInstant(),
                            rs.getTimestamp(24) == null ? null : rs.getTimestamp(24).toInstant(), rs.getString(25)));
                }
            }
        }
        return rules;
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static Double getDouble(ResultSet rs, int index) throws SQLException {
        double value = rs.getDouble(index);
        return rs.wasNull() ? null : value;
    }

    /**
     * Creates a project's built-in rules unless they exist (see {@link DefaultRules}); the target rule follows the
     * target: created with it, its threshold moved when the target moves.
     */
    void ensureBuiltins(Connection connection, String project, String criticalId, String infraId, String targetId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into alert_rules (id, project, name, kind, window_spec, min_samples, failed_pct, severity, topic, builtin)
                values (?, ?, 'critical test failed', 'critical_failed', 'runs:20', 0, null, 'critical', ?, true),
                       (?, ?, 'infra incident', 'infra_incident', 'runs:20', 5, 80, 'critical', ?, true)
                on conflict (id) do nothing""")) {
            insert.setString(1, criticalId);
            insert.setString(2, project);
            insert.setString(3, RuleValidator.DEFAULT_TOPIC);
            insert.setString(4, infraId);
            insert.setString(5, project);
            insert.setString(6, RuleValidator.DEFAULT_TOPIC);
            insert.executeUpdate();
        }
        try (PreparedStatement target = connection.prepareStatement("""
                insert into alert_rules (id, project, name, kind, window_spec, below, recover_above, min_samples, severity, topic, builtin)
                select ?, project, 'below target', 'rate_below', 'runs:20', rate, rate, 10, 'warning', ?, true
                from targets where project = ? and suite = ''
                on conflict (id) do update set below = excluded.below, recover_above = excluded.recover_above
                where alert_rules.builtin and alert_rules.below is distinct from excluded.below""")) {
            target.setString(1, targetId);
            target.setString(2, RuleValidator.DEFAULT_TOPIC);
            target.setString(3, project);
            target.executeUpdate();
        }
    }
}
