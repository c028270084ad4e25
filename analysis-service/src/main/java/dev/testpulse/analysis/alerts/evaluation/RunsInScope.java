package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Globs;
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

    /** How many finished runs' counts within a scope are remembered (least recently used go first). */
    static final int REMEMBERED = 10_000;

    private final RunStore runs;
    private final Map<Sized, Long> finishedSizes = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sized, Long> eldest) {
            return size() > REMEMBERED;
        }
    });

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
            RunRef.bindKeys(query, 1, connection, rows);
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
     * {@value RunStore#SIZING_RUNS} finished runs executed; jobs without a finished run are absent, and 0 means none of
     * them ran a test in scope. A finished run's count is remembered as of its row's {@code updated_at}, which every
     * outcome reaching the run moves: reading 5 whole runs' outcomes after every batch cost 99 ms (docs/alerts.md),
     * and they rarely change.
     */
    public Map<RunRef, Long> largestRecent(Connection connection, AlertRule.Scope scope, Collection<RunRef> refs) throws SQLException {
        if (whole(scope) || refs.isEmpty()) {
            return runs.largestRecent(connection, refs);
        }
        Map<RunRef, List<Sized>> recent = recentFinished(connection, scope, new ArrayList<>(refs));
        Map<RunRef, Long> sizes = sizes(connection, scope, recent);
        Map<RunRef, Long> found = new HashMap<>();
        recent.forEach((ref, finished) -> found.put(ref, finished.stream().mapToLong(sized -> sizes.getOrDefault(sized.run(), 0L)).max().orElse(0)));
        return found;
    }

    /** Each run's job's last finished runs, as of their rows' {@code updated_at}. */
    private static Map<RunRef, List<Sized>> recentFinished(Connection connection, AlertRule.Scope scope, List<RunRef> rows) throws SQLException {
        Map<RunRef, List<Sized>> recent = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select t.i, r.project, r.pipeline, r.run_id, r.attempt, r.job, r.updated_at
                from unnest(?::text[], ?::text[], ?::text[]) with ordinality as t(p, pl, j, i)
                cross join lateral (select * from runs f
                                    where f.project = t.p and f.pipeline = t.pl and f.job = t.j and f.state = 'finished'
                                    order by f.finished_at desc nulls last limit %d) r""".formatted(RunStore.SIZING_RUNS))) {
            query.setArray(1, SqlArrays.text(connection, rows, RunRef::project));
            query.setArray(2, SqlArrays.text(connection, rows, RunRef::pipeline));
            query.setArray(3, SqlArrays.text(connection, rows, RunRef::job));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    RunRef finished = new RunRef(rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6));
                    recent.computeIfAbsent(rows.get(rs.getInt(1) - 1), ref -> new ArrayList<>())
                            .add(new Sized(scope.suiteGlob(), scope.testGlob(), finished, rs.getTimestamp(7).toInstant()));
                }
            }
        }
        return recent;
    }

    /** The finished runs' sizes in scope: remembered ones from memory, the others counted (and remembered). */
    private Map<RunRef, Long> sizes(Connection connection, AlertRule.Scope scope, Map<RunRef, List<Sized>> recent) throws SQLException {
        // read into a map of this call's own, so that another thread's evictions cannot take a size from under it
        Map<RunRef, Long> sizes = new HashMap<>();
        List<RunRef> unknown = new ArrayList<>();
        recent.values().stream().flatMap(List::stream).distinct().forEach(sized -> {
            Long known = finishedSizes.get(sized);
            if (known == null) {
                unknown.add(sized.run());
            } else {
                sizes.put(sized.run(), known);
            }
        });
        sizes.putAll(count(connection, scope, unknown));
        return sizes;
    }

    /** Counts finished runs within the scope and remembers each as of the {@code updated_at} read with it. */
    private Map<RunRef, Long> count(Connection connection, AlertRule.Scope scope, List<RunRef> finished) throws SQLException {
        Map<RunRef, Long> counted = new HashMap<>();
        if (finished.isEmpty()) {
            return counted;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                select t.i, r.updated_at, (select count(*) filter (where o.status in ('passed', 'failed', 'error')) from outcome o where %s)
                from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[]) with ordinality as t(p, pl, id, a, j, i)
                join runs r on r.project = t.p and r.pipeline = t.pl and r.run_id = t.id and r.attempt = t.a and r.job = t.j"""
                .formatted(OUTCOMES_OF_RUN))) {
            globs(query, 1, scope);
            RunRef.bindKeys(query, 5, connection, finished);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    RunRef run = finished.get(rs.getInt(1) - 1);
                    counted.put(run, rs.getLong(3));
                    finishedSizes.put(new Sized(scope.suiteGlob(), scope.testGlob(), run, rs.getTimestamp(2).toInstant()), rs.getLong(3));
                }
            }
        }
        return counted;
    }

    /** A finished run counted within a scope, as of its row's last change. */
    private record Sized(String suiteGlob, String testGlob, RunRef run, Instant updatedAt) {
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
