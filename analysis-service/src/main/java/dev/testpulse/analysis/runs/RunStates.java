package dev.testpulse.analysis.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.rates.Counts;

/**
 * One run read back from {@code runs} as a whole or one job of it: which pipelines know a run id, its latest attempt,
 * and its state with what arrived of it (what a run's verdict starts from).
 */
@ApplicationScoped
public class RunStates {

    /** A run's attempt (or one job of it) folded over its job rows; {@code running} while any job runs. */
    public record RunState(String pipeline, String runId, int attempt, boolean running, long passed, long failed,
            String branch, Instant firstAt, Instant lastAt) {

        /** What arrived, every try counted (as {@code runs} counts them): failed holds errors too. */
        public Counts counts() {
            return new Counts(passed, failed, 0, 0);
        }
    }

    /** The pipelines of the project that have a run of this id, sorted. */
    public List<String> pipelines(Connection connection, String project, String runId) throws SQLException {
        List<String> pipelines = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select distinct pipeline from runs where project = ? and run_id = ? order by pipeline limit 20")) {
            query.setString(1, project);
            query.setString(2, runId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    pipelines.add(rs.getString(1));
                }
            }
        }
        return pipelines;
    }

    /**
     * The run's attempt ({@code attempt} null: its latest), all its jobs together when {@code job} is null; null when
     * no such run (or job) is stored.
     */
    public RunState find(Connection connection, String project, String pipeline, String runId, Integer attempt, String job)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                select attempt, bool_or(state = 'running'), sum(passed), sum(failed), min(branch), min(first_at), max(last_at)
                from runs where project = ? and pipeline = ? and run_id = ?
                  and attempt = coalesce(?, (select max(attempt) from runs where project = ? and pipeline = ? and run_id = ?))
                  and (?::text is null or job = ?)
                group by attempt""")) {
            query.setString(1, project);
            query.setString(2, pipeline);
            query.setString(3, runId);
            query.setObject(4, attempt);
            query.setString(5, project);
            query.setString(6, pipeline);
            query.setString(7, runId);
            query.setString(8, job);
            query.setString(9, job);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? new RunState(pipeline, runId, rs.getInt(1), rs.getBoolean(2), rs.getLong(3), rs.getLong(4),
                        rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))) : null;
            }
        }
    }

    /**
     * What the pipeline's runs on {@code branch} last active since {@code since} counted, except run
     * {@code exceptRunId}: the branch's recent rate the run is compared against ({@link Counts#ZERO} when none).
     */
    public Counts branchTotals(Connection connection, String project, String pipeline, String branch, Instant since,
            String exceptRunId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                select coalesce(sum(passed), 0), coalesce(sum(failed), 0) from runs
                where project = ? and pipeline = ? and branch = ? and run_id <> ? and last_at >= ?::timestamptz""")) {
            query.setString(1, project);
            query.setString(2, pipeline);
            query.setString(3, branch);
            query.setString(4, exceptRunId);
            query.setString(5, since.toString());
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return new Counts(rs.getLong(1), rs.getLong(2), 0, 0);
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
