package dev.testpulse.analysis.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.runs.RunCounts;
import dev.testpulse.analysis.runs.RunRef;
import dev.testpulse.analysis.runs.RunStore;
import dev.testpulse.analysis.storage.SqlArrays;

/**
 * What an early rule judges a run by, within the rule's suite and test globs: the run so far and its job's recent
 * finished runs, counted as {@link RunStore} counts them (passed; failed or errored) but only over the outcomes the
 * rule watches. Without globs that is the whole run, and {@link RunStore}'s running totals answer; with them, the
 * run's raw outcomes are read, bounded by its first and last observed_at so that only the partitions it touched are
 * scanned. Judging a {@code checkout} rule on the whole run fired it on a run whose checkout suite passed 100% (the
 * failures were in another suite), and sizing it by whole runs let a run whose checkout suite was lost still look as if
 * it could end healthy.
 */
@ApplicationScoped
public class RunsInScope {

    /** How many recent finished runs of a job size the runs that follow it: RunStore's figure (package-private there). */
    static final int SIZING_RUNS = 5;

    private final RunStore runs;

    public RunsInScope(RunStore runs) {
        this.runs = runs;
    }

    /** What arrived so far of each run named, within the scope; runs not stored are absent. */
    public Map<RunRef, RunCounts> counts(Connection connection, AlertRule.Scope scope, Collection<RunRef> refs) throws SQLException {
        if (whole(scope) || refs.isEmpty()) {
            return runs.counts(connection, refs);
        }
        List<RunRef> rows = new ArrayList<>(refs);
        Map<RunRef, RunCounts> found = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select t.i, r.state, count(o.status) filter (where o.status = 'passed'),
                       count(o.status) filter (where o.status in ('failed', 'error'))
                from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[]) with ordinality as t(p, pl, id, a, j, i)
                join runs r on r.project = t.p and r.pipeline = t.pl and r.run_id = t.id and r.attempt = t.a and r.job = t.j
                left join outcome o on %s
                group by t.i, r.state""".formatted(OUTCOMES_OF_RUN))) {
            query.setArray(1, SqlArrays.text(connection, rows, RunRef::project));
            query.setArray(2, SqlArrays.text(connection, rows, RunRef::pipeline));
            query.setArray(3, SqlArrays.text(connection, rows, RunRef::runId));
            query.setArray(4, SqlArrays.bigint(connection, rows, RunRef::attempt));
            query.setArray(5, SqlArrays.text(connection, rows, RunRef::job));
            globs(query, 6, scope);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.put(rows.get(rs.getInt(1) - 1), new RunCounts(rs.getString(2).equals("running"), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return found;
    }

    /**
     * For each run named, the most tests within the scope (passed or failed) one of its job's last
     * {@value #SIZING_RUNS} finished runs executed; jobs without a finished run are absent, and 0 means none of
     * them ran a test in scope.
     */
    public Map<RunRef, Long> largestRecent(Connection connection, AlertRule.Scope scope, Collection<RunRef> refs) throws SQLException {
        if (whole(scope) || refs.isEmpty()) {
            return runs.largestRecent(connection, refs);
        }
        List<RunRef> rows = new ArrayList<>(refs);
        Map<RunRef, Long> found = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select t.i, max(h.executed)
                from unnest(?::text[], ?::text[], ?::text[]) with ordinality as t(p, pl, j, i)
                cross join lateral (select * from runs f
                                    where f.project = t.p and f.pipeline = t.pl and f.job = t.j and f.state = 'finished'
                                    order by f.finished_at desc nulls last limit %d) r
                cross join lateral (select count(*) filter (where o.status in ('passed', 'failed', 'error')) as executed
                                    from outcome o where %s) h
                group by t.i""".formatted(SIZING_RUNS, OUTCOMES_OF_RUN))) {
            query.setArray(1, SqlArrays.text(connection, rows, RunRef::project));
            query.setArray(2, SqlArrays.text(connection, rows, RunRef::pipeline));
            query.setArray(3, SqlArrays.text(connection, rows, RunRef::job));
            globs(query, 4, scope);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.put(rows.get(rs.getInt(1) - 1), rs.getLong(2));
                }
            }
        }
        return found;
    }

    /** Whether the scope is the whole run: no suite or test glob (a branch is one per run, checked before). */
    static boolean whole(AlertRule.Scope scope) {
        return scope.suiteGlob() == null && scope.testGlob() == null;
    }

    /**
     * The outcomes of run row {@code r} the globs select. observed_at between the run's first and last outcome is
     * exact (the runs table keeps those bounds) and lets PostgreSQL skip the partitions the run never touched.
     */
    private static final String OUTCOMES_OF_RUN = """
            o.project = r.project and o.pipeline = r.pipeline and o.run_id = r.run_id and o.attempt = r.attempt
              and coalesce(o.job, '') = r.job and o.observed_at between r.first_at and r.last_at
              and (?::text is null or o.suite like ?) and (?::text is null or o.test_name like ?)""";

    private static void globs(PreparedStatement query, int from, AlertRule.Scope scope) throws SQLException {
        String suites = Globs.like(scope.suiteGlob());
        String tests = Globs.like(scope.testGlob());
        query.setString(from, suites);
        query.setString(from + 1, suites);
        query.setString(from + 2, tests);
        query.setString(from + 3, tests);
    }
}
