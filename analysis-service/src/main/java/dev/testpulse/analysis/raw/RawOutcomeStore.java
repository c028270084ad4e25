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
import dev.testpulse.analysis.storage.CopyRows;
import dev.testpulse.analysis.outcome.Outcome;

/**
 * Keeps every counted outcome as a row, in daily partitions of {@code outcome} that retention drops whole: the
 * raw material for failure groups, flaky tests and critical tests. A batch's rows go in by one COPY.
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
        CopyRows rows = new CopyRows();
        for (Outcome o : outcomes) {
            FailureSignature signature = signatures.get(o.id());
            rows.text(o.id()).text(o.project()).text(o.pipeline()).text(o.run().id()).number(o.run().attempt())
                    .text(o.run().commit()).text(o.run().branch() == null ? "" : o.run().branch()).text(o.suite())
                    .text(o.test().className()).text(o.test().name()).text(tagsJson(o)).text(o.status()).number(o.durationMs())
                    .text(o.failure() == null ? null : o.failure().type()).text(o.failure() == null ? null : o.failure().message())
                    .number(o.retry()).text(o.observedAt()).text(signature == null ? null : signature.id()).text(o.run().job())
                    .bool(o.markedFlaky()).text(o.run().url()).bool(o.ranMuted()).endRow();
        }
        // straight into the partitioned table: SeenOutcomes already kept only ids never stored, so nothing can conflict
        rows.copyInto(connection, """
                outcome (id, project, pipeline, run_id, attempt, run_commit, branch, suite, class_name, test_name, tags, status,
                         duration_ms, failure_type, failure_message, retry, observed_at, signature, job, flaky, run_url, muted)""");
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
