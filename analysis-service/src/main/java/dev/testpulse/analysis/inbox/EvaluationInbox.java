package dev.testpulse.analysis.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.outcome.Outcome;

/**
 * The alert inbox ({@code alert_inbox}, V20): counting writes what evaluation needs of a batch, one row per project, in
 * the batch's own transaction ({@link #add}); evaluation reads and deletes a project's rows in its own transaction
 * ({@link #take}), so that a row is evaluated exactly once whichever side crashes. This package belongs to neither:
 * {@code consume} writes through it and {@code alerts} reads through it, and neither imports the other.
 *
 * <p>A row's payload is the project's outcomes of the batch ({@link OutcomeCodec}), without what no rule reads (stack
 * traces, the test file, the schema name): rules judge the outcomes themselves (critical tests, flaky and duration
 * candidates, runs, pipelines).
 */
@ApplicationScoped
public class EvaluationInbox {

    private final ObjectMapper mapper;

    public EvaluationInbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One row's outcomes; as JSON, the form of the inbox's first rows. */
    record Payload(List<Outcome> outcomes) {
    }

    /** Writes the batch's outcomes, one row per project, in the caller's transaction. */
    public void add(Connection connection, List<Outcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        Map<String, Payload> byProject = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            byProject.computeIfAbsent(outcome.project(), p -> new Payload(new ArrayList<>())).outcomes().add(outcome);
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into alert_inbox (project, outcomes, payload) values (?, ?, ?)")) {
            for (Map.Entry<String, Payload> project : byProject.entrySet()) {
                insert.setString(1, project.getKey());
                insert.setInt(2, project.getValue().outcomes().size());
                insert.setBytes(3, OutcomeCodec.encode(project.getValue().outcomes()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The id of the project's newest pending row; null when none is pending. */
    public Long newest(Connection connection, String project) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select max(id) from alert_inbox where project = ?")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? null : id;
            }
        }
    }

    /** Whether a row of the project up to {@code id} is still pending (not yet taken by an evaluation). */
    public boolean pendingUpTo(Connection connection, String project, long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select exists (select 1 from alert_inbox where project = ? and id <= ?)")) {
            query.setString(1, project);
            query.setLong(2, id);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The projects with pending rows, the one waiting longest first. */
    public List<String> pendingProjects(Connection connection) throws SQLException {
        List<String> projects = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select project from alert_inbox group by project order by min(id)"); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                projects.add(rs.getString(1));
            }
        }
        return projects;
    }

    /**
     * Deletes the project's pending rows and returns what they say together, in insert order: all of them, so that
     * many batches make one evaluation. In the caller's transaction: rolled back, the rows are pending again.
     */
    public Pending take(Connection connection, String project) throws SQLException {
        Map<Long, byte[]> rows = new TreeMap<>(); // DELETE ... RETURNING promises no order; the ids give it
        try (PreparedStatement delete = connection.prepareStatement("delete from alert_inbox where project = ? returning id, payload")) {
            delete.setString(1, project);
            try (ResultSet rs = delete.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), rs.getBytes(2));
                }
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (byte[] bytes : rows.values()) {
            outcomes.addAll(decode(bytes));
        }
        return new Pending(project, rows.size(), outcomes);
    }

    /** How many rows are pending and how long the oldest has waited (zero when none): evaluation falling behind. */
    public Backlog backlog(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select count(*), (select created_at from alert_inbox order by id limit 1) from alert_inbox");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            java.sql.Timestamp oldest = rs.getTimestamp(2);
            Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), Instant.now());
            return new Backlog(rs.getLong(1), age.isNegative() ? Duration.ZERO : age);
        }
    }

    /** Pending rows and the oldest one's age. */
    public record Backlog(long rows, Duration oldestAge) {
    }

    /** A row in the inbox's first form (JSON, before {@link OutcomeCodec}) is still read: rows live milliseconds, but an
     * upgrade may meet one. */
    private List<Outcome> decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            try {
                return mapper.readValue(bytes, Payload.class).outcomes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return OutcomeCodec.decode(bytes);
    }
}
