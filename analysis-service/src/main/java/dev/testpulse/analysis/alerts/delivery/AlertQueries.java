package dev.testpulse.analysis.alerts.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.testpulse.analysis.alerts.state.FiringAlert;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the alerts API reads of the tables alerts owns: the series firing now ({@code alert_series} with their rule)
 * and the history of fired and resolved events ({@code alert_events}), newest first.
 */
@ApplicationScoped
public class AlertQueries {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    public AlertQueries(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    /** The series firing now, of one project or (null) of all, the latest fired first. */
    public List<FiringAlert> firing(String project) throws SQLException {
        List<FiringAlert> alerts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select s.fingerprint, r.id, r.name, r.kind, r.severity, s.project, s.labels::text, s.fired_at, s.value
                        from alert_series s join alert_rules r on r.id = s.rule_id
                        where s.state = 'FIRING' and (?::text is null or s.project = ?) order by s.fired_at desc""")) {
            query.setString(1, project);
            query.setString(2, project);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    alerts.add(firingAlert(rs));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are a JSON object", e);
        }
        return alerts;
    }

    private FiringAlert firingAlert(ResultSet rs) throws SQLException, JsonProcessingException {
        double stored = rs.getDouble(9);
        Double value = rs.wasNull() ? null : stored;
        return new FiringAlert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), mapper.readValue(rs.getString(7), LABELS),
                rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), value);
    }

    /**
     * The latest 500 alert events (the topic holds them all), newest first: of one project or (null) of all, only
     * resolutions when {@code resolvedOnly}, only those whose owners label names {@code owner} (null: any).
     */
    public List<CloudEvent> history(String project, boolean resolvedOnly, String owner) throws SQLException {
        List<CloudEvent> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select cloud_event::text from alert_events
                        where (?::text is null or project = ?) and (?::text is null or type = ?) and type like 'dev.testpulse.alert.%'
                          and (?::text is null or ? = any (string_to_array(cloud_event->'data'->'labels'->>'owners', ',')))
                        order by created_at desc, id limit 500""")) {
            String type = resolvedOnly ? CloudEvent.RESOLVED : null;
            // each filter twice: "(? is null or column = ?)"
            String[] filters = {project, type, owner};
            for (int i = 0; i < filters.length; i++) {
                query.setString(2 * i + 1, filters[i]);
                query.setString(2 * i + 2, filters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    events.add(mapper.readValue(rs.getString(1), CloudEvent.class));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the outbox holds CloudEvents", e);
        }
        return events;
    }
}
