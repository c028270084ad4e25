package dev.testpulse.analysis.webhooks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** The tables {@code webhook_targets} and {@code webhook_deliveries} as the API sees them: targets and their state. */
@ApplicationScoped
public class WebhookStore {

    private static final String VIEW = """
            select t.id, t.project, t.url, t.topic, t.rule_ids, t.created_at, t.consecutive_failures, t.retry_at,
                   t.last_success_at, t.last_failure_at, t.last_failure_status, t.last_failure_error,
                   (select count(*) from webhook_deliveries d
                    where d.target_id = t.id and d.delivered_at is null and d.set_aside_at is null) as pending
            from webhook_targets t""";

    private final DataSource dataSource;
    private final WebhookConfig config;

    public WebhookStore(DataSource dataSource, WebhookConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** Stores a validated target with a new secret; it receives the events written from now on. */
    public CreatedWebhook create(String project, WebhookRequest request) throws SQLException {
        String id = "wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String secret = WebhookSignature.newSecret();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // one creation at a time per project, so the limit holds under concurrent requests
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 2029))")) {
                lock.setString(1, "webhooks:" + project);
                lock.execute();
            }
            refuseBeyondLimit(connection, project);
            Instant created = insert(connection, id, project, secret, request);
            connection.commit();
            return new CreatedWebhook(id, project, request.url(), request.topic(), request.ruleIds(), created, secret,
                    WebhookSignature.HEADER);
        }
    }

    private static Instant insert(Connection connection, String id, String project, String secret, WebhookRequest request)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into webhook_targets (id, project, url, secret, topic, rule_ids) values (?, ?, ?, ?, ?, ?)
                returning created_at""")) {
            insert.setString(1, id);
            insert.setString(2, project);
            insert.setString(3, request.url());
            insert.setString(4, secret);
            insert.setString(5, request.topic());
            insert.setArray(6, request.ruleIds() == null ? null : connection.createArrayOf("text", request.ruleIds().toArray()));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private void refuseBeyondLimit(Connection connection, String project) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("select count(*) from webhook_targets where project = ?")) {
            count.setString(1, project);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getInt(1) >= config.maxTargetsPerProject()) {
                    throw WebhookValidator.tooMany(config.maxTargetsPerProject());
                }
            }
        }
    }

    public List<WebhookView> list(String project) throws SQLException {
        return views(VIEW + " where t.project = ? order by t.created_at, t.id", project, null);
    }

    public Optional<WebhookView> find(String project, String id) throws SQLException {
        return views(VIEW + " where t.project = ? and t.id = ?", project, id).stream().findFirst();
    }

    /** Removes a target and its deliveries; false when the project has no such target. */
    public boolean delete(String project, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("delete from webhook_targets where project = ? and id = ?")) {
            delete.setString(1, project);
            delete.setString(2, id);
            return delete.executeUpdate() == 1;
        }
    }

    /** The target's most recent deliveries (or only those still pending), newest first. */
    public List<DeliveryView> deliveries(String id, boolean pendingOnly, int limit) throws SQLException {
        List<DeliveryView> deliveries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select d.event_id, e.type, d.fingerprint, e.created_at, d.attempts, d.last_attempt_at, d.last_status,
                               d.last_error, d.delivered_at, d.set_aside_at
                        from webhook_deliveries d join alert_events e on e.id = d.event_id
                        where d.target_id = ? and (not ? or (d.delivered_at is null and d.set_aside_at is null))
                        order by d.seq desc limit ?""")) {
            query.setString(1, id);
            query.setBoolean(2, pendingOnly);
            query.setInt(3, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    deliveries.add(new DeliveryView(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), rs.getInt(5),
                            instant(rs, 6), (Integer) rs.getObject(7), rs.getString(8), instant(rs, 9), instant(rs, 10)));
                }
            }
        }
        return deliveries;
    }

    private List<WebhookView> views(String sql, String project, String id) throws SQLException {
        List<WebhookView> views = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, project);
            if (id != null) {
                query.setString(2, id);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    views.add(view(rs));
                }
            }
        }
        return views;
    }

    private WebhookView view(ResultSet rs) throws SQLException {
        Array rules = rs.getArray("rule_ids");
        int failures = rs.getInt("consecutive_failures");
        Instant failedAt = instant(rs, "last_failure_at");
        WebhookView.LastFailure lastFailure = failedAt == null ? null
                : new WebhookView.LastFailure(failedAt, (Integer) rs.getObject("last_failure_status"), rs.getString("last_failure_error"));
        return new WebhookView(rs.getString("id"), rs.getString("project"), rs.getString("url"), rs.getString("topic"),
                rules == null ? null : Arrays.asList((String[]) rules.getArray()), instant(rs, "created_at"),
                new WebhookView.DeliveryState(failures >= config.failingAfter(), failures, instant(rs, "retry_at"),
                        instant(rs, "last_success_at"), lastFailure, rs.getLong("pending")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
