package dev.testpulse.analysis.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.storage.SqlArrays;

/**
 * The {@code runs} table: a run (each job of it: a matrix leg, a shard) is running from its first outcome until its
 * reporter says it finished or no outcome of it came for the idle timeout; a finished run stays finished (outcomes that
 * arrive late are still counted). A run whose reporter names its parts (test JVMs, {@code run_parts}) is running while
 * any part is open and finished once every part ended and the settle time passed without a new one; a part that
 * starts after that reopens it. A run whose latest outcome happened longer than the idle timeout ago when it is counted
 * (a report uploaded long after it ran) is finished as idle at once.
 */
@ApplicationScoped
public class RunStore {

    private final Duration idle;
    private final DataSource dataSource;

    public RunStore(AnalysisConfig config, DataSource dataSource) {
        this.idle = config.runIdleTimeout();
        this.dataSource = dataSource;
    }

    /**
     * Runs with what a batch brought to each, in the batch's transaction; rows in key order, so two instances never
     * deadlock. Then those of them that are already idle by their outcomes' own times finish ({@link #finishIdleByEventTime}).
     */
    // Long: one merge statement and the arrays bound to it, together so that each column's position is read in one place
    public void record(Connection connection, List<Outcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        Map<RunRef, Tally> runs = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            runs.computeIfAbsent(RunRef.of(outcome), key -> new Tally(outcome)).add(outcome);
        }
        List<Map.Entry<RunRef, Tally>> rows = new ArrayList<>(runs.entrySet());
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into runs (project, pipeline, run_id, attempt, job, branch, run_commit, state, outcomes, passed, failed, first_at, last_at, updated_at)
                select p, pl, r, a::integer, j, b, c, 'running', n, ps, f, fa::timestamptz, la::timestamptz, now()
                from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[])
                     as t(p, pl, r, a, j, b, c, n, ps, f, fa, la)
                on conflict (project, pipeline, run_id, attempt, job) do update set
                    outcomes = runs.outcomes + excluded.outcomes, passed = runs.passed + excluded.passed, failed = runs.failed + excluded.failed,
                    first_at = least(runs.first_at, excluded.first_at), last_at = greatest(runs.last_at, excluded.last_at),
                    branch = coalesce(runs.branch, excluded.branch), run_commit = coalesce(runs.run_commit, excluded.run_commit),
                    updated_at = now()""")) {
            upsert.setArray(1, SqlArrays.text(connection, rows, row -> row.getKey().project()));
            upsert.setArray(2, SqlArrays.text(connection, rows, row -> row.getKey().pipeline()));
            upsert.setArray(3, SqlArrays.text(connection, rows, row -> row.getKey().runId()));
            upsert.setArray(4, SqlArrays.bigint(connection, rows, row -> row.getKey().attempt()));
            upsert.setArray(5, SqlArrays.text(connection, rows, row -> row.getKey().job()));
            upsert.setArray(6, SqlArrays.text(connection, rows, row -> row.getValue().branch));
            upsert.setArray(7, SqlArrays.text(connection, rows, row -> row.getValue().commit));
            upsert.setArray(8, SqlArrays.bigint(connection, rows, row -> row.getValue().outcomes));
            upsert.setArray(9, SqlArrays.bigint(connection, rows, row -> row.getValue().passed));
            upsert.setArray(10, SqlArrays.bigint(connection, rows, row -> row.getValue().failed));
            upsert.setArray(11, SqlArrays.text(connection, rows, row -> row.getValue().first));
            upsert.setArray(12, SqlArrays.text(connection, rows, row -> row.getValue().last));
            upsert.executeUpdate();
        }
        finishIdleByEventTime(connection, List.copyOf(runs.keySet()));
    }

    /**
     * The runs named whose latest outcome happened longer than the idle timeout ago: results posted days after they ran
     * (an upload of old reports, a backfill) would otherwise show as running until the idle timeout passed again since
     * they arrived. A finished run stays as it ended, and a run with an open part (a test JVM still running) stays running.
     */
    private void finishIdleByEventTime(Connection connection, List<RunRef> refs) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update runs r set state = 'finished', finished_at = now(), finished_by = 'idle'
                from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[]) as t(p, pl, id, a, j)
                where r.project = t.p and r.pipeline = t.pl and r.run_id = t.id and r.attempt = t.a and r.job = t.j
                  and r.state = 'running' and r.parts_open = 0 and r.last_at < now() - make_interval(secs => ?)""")) {
            RunRef.bindKeys(update, 1, connection, refs);
            update.setDouble(6, idle.toMillis() / 1000.0);
            update.executeUpdate();
        }
    }

    /** The reporter's word that a run is over; idempotent, and it may come before the run's last outcomes. */
    public void finish(Connection connection, RunFinished finished) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into runs (project, pipeline, run_id, attempt, job, state, updated_at, finished_at, finished_by)
                values (?, ?, ?, ?, ?, 'finished', now(), now(), 'reporter')
                on conflict (project, pipeline, run_id, attempt, job) do update set state = 'finished',
                    finished_at = coalesce(runs.finished_at, now()), finished_by = coalesce(runs.finished_by, 'reporter')""")) {
            upsert.setString(1, finished.project());
            upsert.setString(2, finished.pipeline());
            upsert.setString(3, finished.runId());
            upsert.setInt(4, finished.attempt());
            upsert.setString(5, finished.job() == null ? "" : finished.job());
            upsert.executeUpdate();
        }
    }

    /**
     * A part of the run started: the run is running (again, when it had finished) with one more open part. A part
     * already known (the notice delivered twice, or after its own finish) changes nothing.
     */
    public void partStarted(Connection connection, RunFinished part) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into run_parts (project, pipeline, run_id, attempt, job, part, started_at) values (?, ?, ?, ?, ?, ?, now())
                on conflict do nothing""")) {
            bindPart(insert, part);
            if (insert.executeUpdate() == 0) {
                return;
            }
        }
        openRun(connection, part, 1);
    }

    /**
     * A part of the run finished: one open part fewer, and the settle time counts from now. A finish of a part never
     * heard of (its start notice lost) is a part that came and went: it reopens a finished run so that it settles
     * again. A second finish of the same part changes nothing.
     */
    public void partFinished(Connection connection, RunFinished part) throws SQLException {
        Boolean known = endPart(connection, part);
        if (known == null) {
            return; // finished before: a redelivery
        }
        if (!known) {
            openRun(connection, part, 0);
        }
        try (PreparedStatement update = connection.prepareStatement("""
                update runs set parts_open = greatest(parts_open - ?, 0), last_part_end = now(), updated_at = now()
                where project = ? and pipeline = ? and run_id = ? and attempt = ? and job = ?""")) {
            update.setInt(1, known ? 1 : 0);
            update.setString(2, part.project());
            update.setString(3, part.pipeline());
            update.setString(4, part.runId());
            update.setInt(5, part.attempt());
            update.setString(6, part.job() == null ? "" : part.job());
            update.executeUpdate();
        }
    }

    /** Marks the part ended: whether its start was known, or null when it had ended before. */
    private static Boolean endPart(Connection connection, RunFinished part) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into run_parts (project, pipeline, run_id, attempt, job, part, ended_at, outcomes) values (?, ?, ?, ?, ?, ?, now(), ?)
                on conflict (project, pipeline, run_id, attempt, job, part) do update set ended_at = now(), outcomes = excluded.outcomes
                    where run_parts.ended_at is null
                returning (xmax = 0)""")) {
            bindPart(upsert, part);
            if (part.outcomes() == null) {
                upsert.setNull(7, java.sql.Types.BIGINT);
            } else {
                upsert.setLong(7, part.outcomes());
            }
            try (ResultSet rs = upsert.executeQuery()) {
                return rs.next() ? !rs.getBoolean(1) : null;
            }
        }
    }

    private static void openRun(Connection connection, RunFinished part, int opened) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into runs (project, pipeline, run_id, attempt, job, state, parts_open, updated_at)
                values (?, ?, ?, ?, ?, 'running', ?, now())
                on conflict (project, pipeline, run_id, attempt, job) do update set state = 'running', finished_at = null,
                    finished_by = null, parts_open = runs.parts_open + excluded.parts_open, updated_at = now()""")) {
            upsert.setString(1, part.project());
            upsert.setString(2, part.pipeline());
            upsert.setString(3, part.runId());
            upsert.setInt(4, part.attempt());
            upsert.setString(5, part.job() == null ? "" : part.job());
            upsert.setInt(6, opened);
            upsert.executeUpdate();
        }
    }

    private static void bindPart(PreparedStatement statement, RunFinished part) throws SQLException {
        statement.setString(1, part.project());
        statement.setString(2, part.pipeline());
        statement.setString(3, part.runId());
        statement.setInt(4, part.attempt());
        statement.setString(5, part.job() == null ? "" : part.job());
        statement.setString(6, part.part());
    }

    /**
     * Runs whose every part ended, the last at least {@code settle} ago, with no part open since: finished by their
     * reporters, once (the update takes only running runs).
     */
    public int finishSettled(Connection connection, Duration settle) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update runs set state = 'finished', finished_at = now(), finished_by = 'reporter'
                where state = 'running' and parts_open = 0 and last_part_end is not null
                  and last_part_end <= now() - make_interval(secs => ?)""")) {
            update.setDouble(1, settle.toMillis() / 1000.0);
            return update.executeUpdate();
        }
    }

    /** Runs no outcome of which arrived for {@code idle}: their reporter never said (a job killed, an upload per file). */
    public int finishIdle(Connection connection, Duration idle) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update runs set state = 'finished', finished_at = now(), finished_by = 'idle'
                where state = 'running' and updated_at < now() - make_interval(secs => ?)""")) {
            update.setDouble(1, idle.toMillis() / 1000.0);
            return update.executeUpdate();
        }
    }

    public int prune(Connection connection, Instant before) throws SQLException {
        // the parts of runs that old: a part comes within its run's lifetime, never months after it
        try (PreparedStatement parts = connection.prepareStatement("delete from run_parts where coalesce(ended_at, started_at) < ?::timestamptz")) {
            parts.setString(1, before.toString());
            parts.executeUpdate();
        }
        try (PreparedStatement delete = connection.prepareStatement("delete from runs where state = 'finished' and updated_at < ?::timestamptz")) {
            delete.setString(1, before.toString());
            return delete.executeUpdate();
        }
    }

    /** What arrived so far of each run named (a job of it: {@code job} "" when none); runs not stored are absent. */
    public Map<RunRef, RunCounts> counts(Connection connection, Collection<RunRef> refs) throws SQLException {
        Map<RunRef, RunCounts> found = new HashMap<>();
        if (refs.isEmpty()) {
            return found;
        }
        List<RunRef> rows = new ArrayList<>(refs);
        try (PreparedStatement query = connection.prepareStatement("""
                select r.project, r.pipeline, r.run_id, r.attempt, r.job, r.state, r.passed, r.failed
                from runs r join unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[]) as t(p, pl, id, a, j)
                  on r.project = t.p and r.pipeline = t.pl and r.run_id = t.id and r.attempt = t.a and r.job = t.j""")) {
            RunRef.bindKeys(query, 1, connection, rows);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.put(new RunRef(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)),
                            new RunCounts(rs.getString(6).equals("running"), rs.getLong(7), rs.getLong(8)));
                }
            }
        }
        return found;
    }

    /** How many recent finished runs of a job size the runs that follow it (early alerts' size bound). */
    public static final int SIZING_RUNS = 5;

    /**
     * For each run named, the most tests (passed or failed) one of its job's last {@value #SIZING_RUNS} finished runs
     * executed: what an early rule sizes a running run by. Jobs without a finished run are absent.
     */
    public Map<RunRef, Long> largestRecent(Connection connection, Collection<RunRef> refs) throws SQLException {
        Map<RunRef, Long> found = new HashMap<>();
        if (refs.isEmpty()) {
            return found;
        }
        List<RunRef> rows = new ArrayList<>(refs);
        try (PreparedStatement query = connection.prepareStatement("""
                select t.i, max(h.passed + h.failed)
                from unnest(?::text[], ?::text[], ?::text[]) with ordinality as t(p, pl, j, i)
                cross join lateral (select passed, failed from runs r
                                    where r.project = t.p and r.pipeline = t.pl and r.job = t.j and r.state = 'finished'
                                    order by r.finished_at desc nulls last limit %d) h
                group by t.i""".formatted(SIZING_RUNS))) {
            query.setArray(1, SqlArrays.text(connection, rows, RunRef::project));
            query.setArray(2, SqlArrays.text(connection, rows, RunRef::pipeline));
            query.setArray(3, SqlArrays.text(connection, rows, RunRef::job));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.put(rows.get(rs.getInt(1) - 1), rs.getLong(2));
                }
            }
        }
        return found;
    }

    /**
     * A project's runs, most recently active first; {@code state} null for both. A running run carries the size its
     * job's recent finished runs give it ({@link #largestRecent}), the same an early rule judges it by.
     */
    /** {@link #list(Connection, String, String, int)} on a connection of its own, for the API. */
    public List<RunView> list(String project, String state, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return list(connection, project, state, limit);
        }
    }

    public List<RunView> list(Connection connection, String project, String state, int limit) throws SQLException {
        List<RunView> runs = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select pipeline, run_id, attempt, job, branch, run_commit, state, outcomes, passed, failed, first_at, last_at, finished_at, finished_by
                from runs where project = ? and (?::text is null or state = ?) order by updated_at desc, run_id limit ?""")) {
            query.setString(1, project);
            query.setString(2, state);
            query.setString(3, state);
            query.setInt(4, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String job = rs.getString(4);
                    runs.add(new RunView(project, rs.getString(1), rs.getString(2), rs.getInt(3), job.isEmpty() ? null : job,
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                            instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)), rs.getString(14), null));
                }
            }
        }
        List<RunRef> running = runs.stream().filter(run -> run.state().equals("running")).map(RunStore::ref).toList();
        Map<RunRef, Long> sizes = largestRecent(connection, running);
        return runs.stream().map(run -> run.withExpectedTests(sizes.get(ref(run)))).toList();
    }

    private static RunRef ref(RunView run) {
        return new RunRef(run.project(), run.pipeline(), run.runId(), run.attempt(), run.job() == null ? "" : run.job());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }


    private static final class Tally {
        final String branch;
        final String commit;
        long outcomes;
        long passed;
        long failed;
        Instant first;
        Instant last;

        Tally(Outcome outcome) {
            this.branch = outcome.run().branch();
            this.commit = outcome.run().commit();
        }

        void add(Outcome outcome) {
            outcomes++;
            if ("passed".equals(outcome.status())) {
                passed++;
            }
            if ("failed".equals(outcome.status()) || "error".equals(outcome.status())) {
                failed++;
            }
            first = first == null || outcome.observedAt().isBefore(first) ? outcome.observedAt() : first;
            last = last == null || outcome.observedAt().isAfter(last) ? outcome.observedAt() : last;
        }
    }
}
