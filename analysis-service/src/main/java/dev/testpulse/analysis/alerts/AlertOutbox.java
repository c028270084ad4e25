package dev.testpulse.analysis.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes alert events into the outbox table, in the transaction of the state change that caused them: an event
 * exists exactly when its transition committed. {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class AlertOutbox {

    private final ObjectMapper mapper;

    public AlertOutbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public CloudEvent add(Connection connection, AlertRule rule, String fingerprint, SeriesSignal series, boolean fired,
            Instant startsAt, Instant now) throws SQLException {
        String project = rule.project();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("summary", "/api/v1/projects/" + project + "/summary?window=" + rule.window());
        links.put("alerts", "/api/v1/alerts?project=" + project);
        links.put("rule", "/api/v1/rules/" + rule.id());
        CloudEvent event = new CloudEvent("1.0", UUID.randomUUID().toString(), CloudEvent.SOURCE,
                fired ? CloudEvent.FIRED : CloudEvent.RESOLVED, fingerprint, now, "application/json",
                new CloudEvent.Data(fingerprint, fired ? "firing" : "resolved",
                        new CloudEvent.Rule(rule.id(), rule.name(), rule.kind(), rule.severity()), project, series.labels(),
                        startsAt, fired ? null : now, series.value(),
                        series.lower() == null ? null : new CloudEvent.Interval(series.lower(), series.upper()),
                        series.executed() == null ? null : new CloudEvent.Counts(series.passed(), series.executed()),
                        series.threshold(), rule.window(), series.summary(), links));
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into alert_events (id, fingerprint, rule_id, project, type, topic, cloud_event, created_at)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz)""")) {
            insert.setString(1, event.id());
            insert.setString(2, fingerprint);
            insert.setString(3, rule.id());
            insert.setString(4, project);
            insert.setString(5, event.type());
            insert.setString(6, rule.topic());
            insert.setString(7, mapper.writeValueAsString(event));
            insert.setString(8, now.toString());
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a CloudEvent record always serialises", e);
        }
        return event;
    }
}
