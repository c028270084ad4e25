package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.alerts.state.AlertState;
import dev.testpulse.analysis.alerts.state.SeriesState;

/** Each (rule, series) state machine's state in PostgreSQL, read under a row lock so two instances never race. */
@ApplicationScoped
public class SeriesStore {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public SeriesStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A stored series: its labels and state, and when it last started firing. */
    public record Stored(Map<String, String> labels, SeriesState state, Instant firedAt) {
    }

    /** The series of a rule that are not OK (pending or firing), locked; they must be stepped even without new data. */
    public Map<String, Stored> active(Connection connection, String ruleId) throws SQLException {
        return select(connection, "rule_id = ? and state <> 'OK'", ruleId, null);
    }

    /**
     * The series of a rule one evaluation steps, locked, in one statement: every one not OK (it must be stepped even
     * without news) and those of the given fingerprints (the news). A fingerprint without a row has none here.
     */
    public Map<String, Stored> toStep(Connection connection, String ruleId, Collection<String> fingerprints) throws SQLException {
        if (fingerprints.isEmpty()) {
            return active(connection, ruleId);
        }
        Array wanted = connection.createArrayOf("text", fingerprints.toArray());
        try {
            return select(connection, "rule_id = ? and (state <> 'OK' or fingerprint = any(?))", ruleId, wanted);
        } finally {
            wanted.free();
        }
    }

    /** Every series of a rule, locked: when the rule goes, those subscribers believe firing are resolved. */
    public Map<String, Stored> all(Connection connection, String ruleId) throws SQLException {
        return select(connection, "rule_id = ?", ruleId, null);
    }

    public void deleteAll(Connection connection, String ruleId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from alert_series where rule_id = ?")) {
            delete.setString(1, ruleId);
            delete.executeUpdate();
        }
    }

    /**
     * The projects whose alerts can change with time alone: a series pending or firing, or one whose subscribers were
     * not yet told its state (held back by a silence).
     */
    public List<String> projectsWithActiveSeries(Connection connection) throws SQLException {
        List<String> projects = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select distinct project from alert_series where state <> 'OK' or notified order by project");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                projects.add(rs.getString(1));
            }
        }
        return projects;
    }

    /** Forgets resolved series untouched since {@code before}; a series that breaches again starts afresh. */
    public int pruneResolved(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from alert_series where state = 'OK' and not notified and updated_at < ?::timestamptz")) {
            delete.setString(1, before.toString());
            return delete.executeUpdate();
        }
    }

    /** Saves of one evaluation, sent to PostgreSQL together: a flaky rule may step a series per test of a batch. */
    public Saves saves(Connection connection) throws SQLException {
        return new Saves(connection.prepareStatement("""
                insert into alert_series (rule_id, fingerprint, project, labels, state, since, breaching_since, breach_streak,
                                          last_breach, notified, value, fired_at, updated_at)
                values (?, ?, ?, ?::jsonb, ?, ?::timestamptz, ?::timestamptz, ?, ?::timestamptz, ?, ?, ?::timestamptz, now())
                on conflict (rule_id, fingerprint) do update set labels = excluded.labels, state = excluded.state,
                    since = excluded.since, breaching_since = excluded.breaching_since, breach_streak = excluded.breach_streak,
                    last_breach = excluded.last_breach, notified = excluded.notified, value = excluded.value,
                    fired_at = excluded.fired_at, updated_at = now()"""));
    }

    /** Series states to write; nothing reaches the table before {@link #flush()}. */
    public final class Saves implements AutoCloseable {
        private final PreparedStatement upsert;
        private int pending;

        private Saves(PreparedStatement upsert) {
            this.upsert = upsert;
        }

        public void add(String ruleId, String project, String fingerprint, Map<String, String> labels, SeriesState state,
                Double value, Instant firedAt) throws SQLException {
            upsert.setString(1, ruleId);
            upsert.setString(2, fingerprint);
            upsert.setString(3, project);
            try {
                upsert.setString(4, mapper.writeValueAsString(labels));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("labels always serialise", e);
            }
            upsert.setString(5, state.state().name());
            upsert.setString(6, state.since().toString());
            upsert.setString(7, state.breachingSince() == null ? null : state.breachingSince().toString());
            upsert.setInt(8, state.breachStreak());
            upsert.setString(9, state.lastBreach() == null ? null : state.lastBreach().toString());
            upsert.setBoolean(10, state.notified());
            upsert.setObject(11, value);
            upsert.setString(12, firedAt == null ? null : firedAt.toString());
            upsert.addBatch();
            pending++;
        }

        public void flush() throws SQLException {
            if (pending > 0) {
                upsert.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            upsert.close();
        }
    }

    private Map<String, Stored> select(Connection connection, String where, String ruleId, Array fingerprints) throws SQLException {
        Map<String, Stored> found = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select fingerprint, labels::text, state, since, breaching_since, breach_streak, last_breach, notified, fired_at
                from alert_series where %s order by fingerprint for update""".formatted(where))) {
            query.setString(1, ruleId);
            if (fingerprints != null) {
                query.setArray(2, fingerprints);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    SeriesState state = new SeriesState(AlertState.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant(),
                            instant(rs.getTimestamp(5)), rs.getInt(6), instant(rs.getTimestamp(7)), rs.getBoolean(8));
                    found.put(rs.getString(1), new Stored(mapper.readValue(rs.getString(2), LABELS), state, instant(rs.getTimestamp(9))));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are a JSON object of strings", e);
        }
        return found;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
