package dev.testpulse.analysis.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The SQL of {@link WebhookRelay}: which targets have work, claiming one (row lock, SKIP LOCKED, so of several
 * instances exactly one delivers to a target at a time, which also keeps its events in order), its pending events,
 * and the outcome of each attempt.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** A claimed target: where to send and with which secret. */
    public record Claimed(String id, String url, String secret, int consecutiveFailures) {
    }

    /** An event waiting for a target, as stored in the outbox. */
    public record Pending(String eventId, String storedJson) {
    }

    /** Targets with undelivered events whose backoff (if any) is over. */
    public List<String> dueTargets(Connection connection) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select t.id from webhook_targets t where (t.retry_at is null or t.retry_at <= now())
                  and exists (select 1 from webhook_deliveries d where d.target_id = t.id
                              and d.delivered_at is null and d.set_aside_at is null)""");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /**
     * Locks the target until the transaction ends, or nothing when another instance holds it or it is waiting out a
     * backoff. NO KEY UPDATE, not UPDATE: the fan-out trigger's foreign-key check (KEY SHARE) must not wait for a
     * delivery, or a slow target would hold up the transaction that writes alert events.
     */
    public Optional<Claimed> claim(Connection connection, String targetId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                select id, url, secret, consecutive_failures from webhook_targets
                where id = ? and (retry_at is null or retry_at <= now()) for no key update skip locked""")) {
            query.setString(1, targetId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)))
                        : Optional.empty();
            }
        }
    }

    /** The target's next undelivered events, oldest first (the order they were written, hence per series too). */
    public List<Pending> pending(Connection connection, String targetId, int limit) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select d.event_id, e.cloud_event::text from webhook_deliveries d join alert_events e on e.id = d.event_id
                where d.target_id = ? and d.delivered_at is null and d.set_aside_at is null order by d.seq limit ?""")) {
            query.setString(1, targetId);
            query.setInt(2, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    pending.add(new Pending(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return pending;
    }

    public void delivered(Connection connection, String targetId, String eventId, int status) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update webhook_deliveries set attempts = attempts + 1, last_attempt_at = now(), last_status = ?,
                    last_error = null, delivered_at = now() where target_id = ? and event_id = ?""")) {
            update.setInt(1, status);
            update.setString(2, targetId);
            update.setString(3, eventId);
            update.executeUpdate();
        }
    }

    public void setAside(Connection connection, String targetId, String eventId, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update webhook_deliveries set last_error = ?, set_aside_at = now() where target_id = ? and event_id = ?""")) {
            update.setString(1, reason);
            update.setString(2, targetId);
            update.setString(3, eventId);
            update.executeUpdate();
        }
    }

    /** A failed attempt: on the event's delivery, and on the target, which now waits {@code backoff}. */
    public void failed(Connection connection, String targetId, String eventId, Integer status, String error, Duration backoff)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update webhook_deliveries set attempts = attempts + 1, last_attempt_at = now(), last_status = ?, last_error = ?
                where target_id = ? and event_id = ?""")) {
            update.setObject(1, status);
            update.setString(2, error);
            update.setString(3, targetId);
            update.setString(4, eventId);
            update.executeUpdate();
        }
        try (PreparedStatement update = connection.prepareStatement("""
                update webhook_targets set consecutive_failures = consecutive_failures + 1, last_failure_at = now(),
                    last_failure_status = ?, last_failure_error = ?, retry_at = now() + make_interval(secs => ?)
                where id = ?""")) {
            update.setObject(1, status);
            update.setString(2, error);
            update.setDouble(3, backoff.toMillis() / 1000.0);
            update.setString(4, targetId);
            update.executeUpdate();
        }
    }

    /** At least one event arrived: the target is healthy again. */
    public void succeeded(Connection connection, String targetId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update webhook_targets set consecutive_failures = 0, retry_at = null, last_success_at = now() where id = ?""")) {
            update.setString(1, targetId);
            update.executeUpdate();
        }
    }
}
