package dev.testpulse.analysis.alerts.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import dev.testpulse.analysis.alerts.state.Timing;

/**
 * Alert rules in PostgreSQL, the writer of {@code alert_rules} (the built-in rows: {@link DefaultRules}). Reads take a connection so that evaluation sees
 * rules in the batch's own transaction. A deleted default rule stays as a tombstone ({@code deleted_at}), so that it
 * is not created again; every other deleted rule is gone.
 */
@ApplicationScoped
public class RuleStore {

    private static final String COLUMNS = """
            id, project, name, kind, suite_glob, test_glob, branch, window_spec, below, recover_above, drop_pp, recover_pp,
            min_samples, confidence, failed_pct, for_evaluations, for_seconds, keep_firing_for_seconds, severity, topic,
            builtin, enabled, follows_target, created_at, updated_at, early, per, quarantine""";

    /** The parameters' JSON in the table, named as on the wire. */
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final DataSource dataSource;

    public RuleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates or replaces a rule as its owner wrote it: a replaced rule is no longer broken, and a default rule no
     * longer follows the target.
     */
    // Long: one upsert and its bindings, together so that each column's position is read in one place
    public void save(Connection connection, AlertRule rule, boolean builtin, boolean enabled, Instant createdAt) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("insert into alert_rules (" + COLUMNS + """
                ) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?::timestamptz, now(), ?, ?, ?::jsonb)
                on conflict (id) do update set name = excluded.name, kind = excluded.kind, suite_glob = excluded.suite_glob,
                    test_glob = excluded.test_glob, branch = excluded.branch, window_spec = excluded.window_spec,
                    below = excluded.below, recover_above = excluded.recover_above, drop_pp = excluded.drop_pp,
                    recover_pp = excluded.recover_pp, min_samples = excluded.min_samples, confidence = excluded.confidence,
                    failed_pct = excluded.failed_pct, for_evaluations = excluded.for_evaluations, for_seconds = excluded.for_seconds,
                    keep_firing_for_seconds = excluded.keep_firing_for_seconds, severity = excluded.severity,
                    topic = excluded.topic, enabled = excluded.enabled, early = excluded.early, per = excluded.per,
                    quarantine = excluded.quarantine, follows_target = false, updated_at = now(),
                    broken_at = null, broken_reason = null""")) {
            AlertRule.Scope scope = rule.scope();
            ThresholdColumns t = rule.thresholds().columns();
            int i = 1;
            upsert.setString(i++, rule.id());
            upsert.setString(i++, rule.project());
            upsert.setString(i++, rule.name());
            upsert.setString(i++, rule.kind().wire());
            upsert.setString(i++, scope.suiteGlob());
            upsert.setString(i++, scope.testGlob());
            upsert.setString(i++, scope.branch());
            upsert.setString(i++, rule.window());
            for (Double value : new Double[] {t.below(), t.recoverAbove(), t.dropPp(), t.recoverPp()}) {
                setDouble(upsert, i++, value);
            }
            upsert.setLong(i++, t.minSamples());
            setDouble(upsert, i++, t.confidence());
            setDouble(upsert, i++, t.failedPct());
            upsert.setInt(i++, rule.timing().forEvaluations());
            upsert.setLong(i++, rule.timing().forDuration().toSeconds());
            upsert.setLong(i++, rule.timing().keepFiringFor().toSeconds());
            upsert.setString(i++, rule.severity());
            upsert.setString(i++, rule.topic());
            upsert.setBoolean(i++, builtin);
            upsert.setBoolean(i++, enabled);
            upsert.setString(i++, createdAt.toString());
            upsert.setBoolean(i++, rule.early());
            upsert.setString(i++, rule.per() == null ? null : rule.per().name().toLowerCase(Locale.ROOT));
            upsert.setString(i, json(rule.quarantine()));
            upsert.executeUpdate();
        }
    }

    public Optional<StoredRule> find(Connection connection, String id) throws SQLException {
        return query(connection, "where id = ? and deleted_at is null", id).stream().findFirst();
    }

    public Optional<StoredRule> find(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, id);
        }
    }

    public List<StoredRule> list(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return project == null ? query(connection, "where deleted_at is null order by project, created_at") : forProject(connection, project);
        }
    }

    public List<StoredRule> forProject(Connection connection, String project) throws SQLException {
        return query(connection, "where project = ? and deleted_at is null order by created_at, id", project);
    }

    /** Marks a rule broken, in the caller's transaction: evaluation skips it until it is changed. */
    public void markBroken(Connection connection, String id, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update alert_rules set broken_at = now(), broken_reason = ? where id = ? and broken_at is null")) {
            update.setString(1, reason);
            update.setString(2, id);
            update.executeUpdate();
        }
    }

    /** Removes a rule in the caller's transaction; a default rule leaves a tombstone so that it stays deleted. */
    public void delete(Connection connection, StoredRule rule) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(rule.builtin()
                ? "update alert_rules set deleted_at = now(), enabled = false where id = ?" : "delete from alert_rules where id = ?")) {
            delete.setString(1, rule.rule().id());
            delete.executeUpdate();
        }
    }

    private static List<StoredRule> query(Connection connection, String where, String... parameters) throws SQLException {
        List<StoredRule> rules = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select " + COLUMNS + ", broken_at, broken_reason from alert_rules " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    AlertKind kind = AlertKind.parse(rs.getString(4)).orElseThrow();
                    AlertRule rule = new AlertRule(rs.getString(1), rs.getString(2), rs.getString(3), kind,
                            new AlertRule.Scope(rs.getString(5), rs.getString(6), rs.getString(7)), rs.getString(8),
                            new ThresholdColumns(getDouble(rs, 9), getDouble(rs, 10), getDouble(rs, 11), getDouble(rs, 12),
                                    rs.getLong(13), getDouble(rs, 14), getDouble(rs, 15)).thresholds(kind),
                            new Timing(rs.getInt(16), Duration.ofSeconds(rs.getLong(17)), Duration.ofSeconds(rs.getLong(18))),
                            rs.getString(19), rs.getString(20), rs.getBoolean(26),
                            rs.getString(27) == null ? null : AlertRule.Per.valueOf(rs.getString(27).toUpperCase(Locale.ROOT)),
                            quarantine(rs.getString(28)));
                    rules.add(new StoredRule(rule, rs.getBoolean(21), rs.getBoolean(22), rs.getBoolean(23),
                            instant(rs.getTimestamp(24)), instant(rs.getTimestamp(25)), instant(rs.getTimestamp(29)), rs.getString(30)));
                }
            }
        }
        return rules;
    }

    private static String json(QuarantineParameters parameters) {
        try {
            return parameters == null ? null : JSON.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters of plain values always serialise", e);
        }
    }

    /** Stored filled in; a rule migrated from the old per-project switch (V25) stores {@code {}}: the defaults. */
    private static QuarantineParameters quarantine(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return QuarantineParameters.validated(JSON.readValue(json, QuarantineParameters.class));
        } catch (JsonProcessingException e) {
            throw new SQLException("alert_rules.quarantine is not the parameters of an auto_quarantine rule: " + json, e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
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
}
