package dev.testpulse.analysis.alerts.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.owners.Owners;
import dev.testpulse.analysis.owners.OwnersStore;

/**
 * The outbox table {@code alert_events}: events are written in the transaction of the state change that caused them
 * (an event exists exactly when its transition committed), then claimed, marked sent or failed for
 * {@link OutboxRelay}, which publishes them.
 */
@ApplicationScoped
public class AlertOutbox {

    /** The prefix of the types of events in the outbox that are not alerts: a test's state changes (issue 27). */
    public static final String OTHER_TYPES = "dev.testpulse.test.";

    private final ObjectMapper mapper;
    private final OwnersStore owners;

    public AlertOutbox(ObjectMapper mapper, OwnersStore owners) {
        this.mapper = mapper;
        this.owners = owners;
    }

    public CloudEvent add(Connection connection, AlertRule rule, String fingerprint, SeriesSignal series, boolean fired,
            Instant startsAt, Instant now) throws SQLException {
        String project = rule.project();
        // The owning teams go into the event's labels only, not the series' (whose labels are its identity), so a
        // changed CODEOWNERS file never splits a series; read in this transaction, as the rules are at this moment.
        Map<String, String> labels = series.labels();
        String owner = owners.owners(connection, project).label(labels);
        if (owner != null) {
            labels = new LinkedHashMap<>(labels);
            labels.put(Owners.LABEL, owner);
        }
        CloudEvent event = CloudEvent.of(rule, fingerprint, series, labels, fired, startsAt, now);
        insert(connection, event.id(), fingerprint, rule.id(), project, event.type(), rule.topic(), event, now);
        return event;
    }

    /**
     * Writes an event that is not an alert transition (quarantine news, issue 27) into the same outbox, in the caller's
     * transaction: the relay publishes it to {@code topic} keyed by {@code fingerprint} (in order per fingerprint) and
     * the webhook fan-out trigger hands it to the project's webhooks, as alert events. Its type must start with
     * {@link #OTHER_TYPES}, which is how {@link #normalise} knows it is not an alert.
     *
     * @param source what wrote it, in place of a rule id (webhooks filtering by rule ids never receive it)
     */
    public void addEvent(Connection connection, String id, String fingerprint, String source, String project, String type,
            String topic, Object cloudEvent, Instant now) throws SQLException {
        if (!type.startsWith(OTHER_TYPES)) {
            throw new IllegalArgumentException("not an event type of the outbox: " + type);
        }
        insert(connection, id, fingerprint, source, project, type, topic, cloudEvent, now);
    }

    private void insert(Connection connection, String id, String fingerprint, String ruleId, String project, String type,
            String topic, Object cloudEvent, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into alert_events (id, fingerprint, rule_id, project, type, topic, cloud_event, created_at)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz)""")) {
            insert.setString(1, id);
            insert.setString(2, fingerprint);
            insert.setString(3, ruleId);
            insert.setString(4, project);
            insert.setString(5, type);
            insert.setString(6, topic);
            insert.setString(7, mapper.writeValueAsString(cloudEvent));
            insert.setString(8, now.toString());
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a CloudEvent record always serialises", e);
        }
    }

    public void markSent(Connection connection, List<Pending> sent) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update alert_events set sent_at = now() where id = any (?)")) {
            update.setArray(1, connection.createArrayOf("text", sent.stream().map(Pending::id).toArray()));
            update.executeUpdate();
        }
    }

    /**
     * A failed event waits 2, 4, 8, ... seconds (at most 5 minutes) before its next attempt; set aside after the
     * last. @return per event id, whether it was set aside
     */
    public Map<String, Boolean> markFailed(Connection connection, Map<String, Failure> failures, int maxAttempts) throws SQLException {
        Map<String, Boolean> setAside = new LinkedHashMap<>();
        try (PreparedStatement update = connection.prepareStatement("""
                update alert_events set attempts = attempts + 1, last_error = ?,
                    next_attempt_at = now() + make_interval(secs => least(300, power(2, attempts + 1))),
                    failed_at = case when ? or attempts + 1 >= ? then now() end
                where id = ? returning failed_at is not null""")) {
            for (Map.Entry<String, Failure> failure : failures.entrySet()) {
                update.setString(1, failure.getValue().error());
                update.setBoolean(2, failure.getValue().permanent());
                update.setInt(3, maxAttempts);
                update.setString(4, failure.getKey());
                try (ResultSet rs = update.executeQuery()) {
                    setAside.put(failure.getKey(), rs.next() && rs.getBoolean(1));
                }
            }
        }
        return setAside;
    }

    /**
     * Up to {@code limit} events due for publishing, in the order they were written, row-locked; rows another relay
     * holds are skipped. An event waits while an earlier event of its series is unsent and not set aside (claimed by
     * another relay, or waiting for its retry), so a series' events are published in order.
     */
    public List<Pending> claim(Connection connection, int limit) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select id, fingerprint, topic, cloud_event::text, type, project from alert_events e
                where sent_at is null and failed_at is null and (next_attempt_at is null or next_attempt_at <= now())
                  and not exists (select 1 from alert_events earlier where earlier.fingerprint = e.fingerprint
                                  and earlier.sent_at is null and earlier.failed_at is null and earlier.seq < e.seq)
                order by seq limit %d for update skip locked""".formatted(limit));
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                pending.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), normalise(rs.getString(4)), rs.getString(5),
                        rs.getString(6)));
            }
        }
        return pending;
    }

    /** Forgets published or set-aside events older than {@code before}. @return how many */
    public int prune(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from alert_events where (sent_at is not null or failed_at is not null) and created_at < ?::timestamptz")) {
            delete.setString(1, before.toString());
            return delete.executeUpdate();
        }
    }

    /**
     * jsonb reorders keys; re-serialise through the record so every copy of an event (Kafka, stream, webhooks) reads
     * the same. Null: not one.
     */
    public String normalise(String json) {
        try {
            JsonNode event = mapper.readTree(json);
            if (event != null && event.path("type").asText("").startsWith(OTHER_TYPES)) {
                // not an alert: its data has a shape of its own, which the alert record would drop; jsonb's key order
                // is deterministic, so this too reads the same in every copy
                return event.hasNonNull("id") && event.hasNonNull("specversion") ? mapper.writeValueAsString(event) : null;
            }
            return mapper.writeValueAsString(mapper.treeToValue(event, CloudEvent.class));
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    /** Why an event was not published; {@code permanent} sets it aside at once. */
    public record Failure(String error, boolean permanent) {
    }

    /** An event claimed for publishing; {@code json} is null when the stored row is not a CloudEvent. */
    public record Pending(String id, String fingerprint, String topic, String json, String type, String project) {
    }
}
