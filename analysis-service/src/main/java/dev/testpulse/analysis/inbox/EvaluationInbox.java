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

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.outcome.Outcome;

/**
 * The alert inbox ({@code alert_inbox}, V20): counting writes what evaluation needs of a batch, one row per project, in
 * the batch's own transaction ({@link #add}); evaluation reads and deletes a project's rows in its own transaction
 * ({@link #take}), so that a row is evaluated exactly once whichever side crashes. This package belongs to neither:
 * {@code consume} writes through it and {@code alerts} reads through it, and neither imports the other.
 *
 * <p>A row's payload is the project's outcomes of the batch as JSON, without what no rule reads (stack traces, the test
 * file, the schema name): rules judge the outcomes themselves (critical tests, flaky and duration candidates, runs, pipelines).
 */
@ApplicationScoped
public class EvaluationInbox {

    private final ObjectMapper mapper;

    public EvaluationInbox(ObjectMapper mapper) {
        // absent fields are left out rather than written as null: a row is written per batch, ~0.4 KB per outcome of WAL
        this.mapper = mapper.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** One row's payload. */
    record Payload(List<Outcome> outcomes) {
    }

    /** Writes the batch's outcomes, one row per project, in the caller's transaction. */
    public void add(Connection connection, List<Outcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        Map<String, Payload> byProject = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            byProject.computeIfAbsent(outcome.project(), p -> new Payload(new ArrayList<>())).outcomes().add(lean(outcome));
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into alert_inbox (project, outcomes, payload) values (?, ?, ?)")) {
            for (Map.Entry<String, Payload> project : byProject.entrySet()) {
                insert.setString(1, project.getKey());
                insert.setInt(2, project.getValue().outcomes().size());
                insert.setBytes(3, encode(project.getValue()));
                insert.addBatch();
            }
            insert.executeBatch();
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
            outcomes.addAll(decode(bytes).outcomes());
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

    private static Outcome lean(Outcome outcome) {
        Outcome.Test test = outcome.test() == null ? null
                : new Outcome.Test(outcome.test().className(), outcome.test().name(), null, outcome.test().tags());
        Outcome.Failure failure = outcome.failure() == null ? null
                : new Outcome.Failure(outcome.failure().type(), outcome.failure().message(), null);
        return new Outcome(null, outcome.id(), outcome.project(), outcome.pipeline(), outcome.run(), outcome.suite(), test,
                outcome.status(), outcome.durationMs(), failure, outcome.retry(), outcome.observedAt(), outcome.flaky());
    }

    private byte[] encode(Payload payload) {
        try {
            return mapper.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Payload decode(byte[] bytes) {
        try {
            return mapper.readValue(bytes, Payload.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
