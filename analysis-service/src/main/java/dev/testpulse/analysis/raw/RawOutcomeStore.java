package dev.testpulse.analysis.raw;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.failures.FailureSignature;
import dev.testpulse.analysis.storage.SqlArrays;
import dev.testpulse.analysis.outcome.Outcome;

/**
 * Keeps every counted outcome as a row, in daily partitions of {@code outcome} that retention drops whole: the
 * raw material for failure groups, flaky tests and critical tests.
 */
@ApplicationScoped
public class RawOutcomeStore {

    private final ObjectMapper mapper;

    public RawOutcomeStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @param signatures the failure signature of each failing outcome, by outcome id */
    public void add(Connection connection, List<Outcome> outcomes, Map<String, FailureSignature> signatures) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into outcome (id, project, pipeline, run_id, attempt, run_commit, branch, suite, class_name,
                                     test_name, tags, status, duration_ms, failure_type, failure_message, retry, observed_at, signature, job,
                                     flaky, run_url, muted)
                select id, p, pl, r, a::integer, c, b, s, cl, n, tg::jsonb, st, d, ft, fm, rt::integer, o::timestamptz, sg, j, f, u, m
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[],
                            ?::text[], ?::text[], ?::boolean[], ?::text[], ?::boolean[])
                     as u(id, p, pl, r, a, c, b, s, cl, n, tg, st, d, ft, fm, rt, o, sg, j, f, u, m)""")) {
            insert.setArray(1, SqlArrays.text(connection, outcomes, Outcome::id));
            insert.setArray(2, SqlArrays.text(connection, outcomes, Outcome::project));
            insert.setArray(3, SqlArrays.text(connection, outcomes, Outcome::pipeline));
            insert.setArray(4, SqlArrays.text(connection, outcomes, o -> o.run().id()));
            insert.setArray(5, SqlArrays.bigint(connection, outcomes, o -> o.run().attempt()));
            insert.setArray(6, SqlArrays.text(connection, outcomes, o -> o.run().commit()));
            insert.setArray(7, SqlArrays.text(connection, outcomes, o -> o.run().branch() == null ? "" : o.run().branch()));
            insert.setArray(8, SqlArrays.text(connection, outcomes, Outcome::suite));
            insert.setArray(9, SqlArrays.text(connection, outcomes, o -> o.test().className()));
            insert.setArray(10, SqlArrays.text(connection, outcomes, o -> o.test().name()));
            insert.setArray(11, SqlArrays.text(connection, outcomes, this::tagsJson));
            insert.setArray(12, SqlArrays.text(connection, outcomes, Outcome::status));
            insert.setArray(13, SqlArrays.bigint(connection, outcomes, Outcome::durationMs));
            insert.setArray(14, SqlArrays.text(connection, outcomes, o -> o.failure() == null ? null : o.failure().type()));
            insert.setArray(15, SqlArrays.text(connection, outcomes, o -> o.failure() == null ? null : o.failure().message()));
            insert.setArray(16, SqlArrays.bigint(connection, outcomes, Outcome::retry));
            insert.setArray(17, SqlArrays.text(connection, outcomes, Outcome::observedAt));
            insert.setArray(18, SqlArrays.text(connection, outcomes,
                    o -> signatures.containsKey(o.id()) ? signatures.get(o.id()).id() : null));
            insert.setArray(19, SqlArrays.text(connection, outcomes, o -> o.run().job()));
            insert.setArray(20, connection.createArrayOf("boolean", outcomes.stream().map(Outcome::markedFlaky).toArray()));
            insert.setArray(21, SqlArrays.text(connection, outcomes, o -> o.run().url()));
            insert.setArray(22, connection.createArrayOf("boolean", outcomes.stream().map(Outcome::ranMuted).toArray()));
            insert.executeUpdate();
        }
    }

    /** Deletes rows older than {@code before} that sit outside the daily partitions (which retention drops whole). */
    public void pruneUnpartitioned(Connection connection, java.time.Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from outcome_default where observed_at < ?::timestamptz")) {
            delete.setString(1, before.toString());
            delete.executeUpdate();
        }
    }

    private String tagsJson(Outcome outcome) {
        try {
            return mapper.writeValueAsString(outcome.test().tags() == null ? List.of() : outcome.test().tags());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }
}
