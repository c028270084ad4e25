package dev.testpulse.analysis.windows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.rates.Counts;

/**
 * Reads counts over a window. Sliding windows sum the time buckets from the window's first bucket on; "last N runs"
 * windows first pick the scope's N most recent runs (by when each run first touched it), then sum within them.
 */
@ApplicationScoped
public class WindowedCounts {

    private static final String COUNTS = "sum(passed), sum(failed), sum(error), sum(skipped)";

    private final DataSource dataSource;

    public WindowedCounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Counts per suite of a project; the suites of a "last N runs" window are taken within the project's last N runs. */
    public Map<String, Counts> suites(String project, String branch, Window window, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return suites(connection, project, branch, window, now);
        }
    }

    /** As {@link #suites(String, String, Window, Instant)}, inside the caller's transaction (seeing its own writes). */
    public Map<String, Counts> suites(Connection connection, String project, String branch, Window window, Instant now)
            throws SQLException {
        if (window instanceof Window.Sliding sliding) {
            return grouped(connection, """
                    select suite, %s from %s where project = ? and test_key = '' and bucket >= ?::timestamptz %s
                    group by suite order by suite""".formatted(COUNTS, table(sliding), branchFilter(branch)),
                    project, firstBucket(sliding, now), branch);
        }
        RecentRuns recent = RecentRuns.of(project, null, null, branch, ((Window.LastRuns) window).runs());
        List<Object> parameters = new ArrayList<>(recent.parameters());
        parameters.add(project);
        parameters.add(branch);
        return grouped(connection, """
                    with %s
                    select suite, %s from run_counts join recent using (pipeline, run_id, attempt)
                    where project = ? and test_key = '' %s group by suite order by suite"""
                    .formatted(recent.cte(), COUNTS, branchFilter(branch)), parameters.toArray());
    }

    /**
     * The latest run (its latest attempt) of a pipeline as counted, project-wide, in the caller's transaction: what an
     * infra incident rule judges. Empty while the pipeline has no counted run.
     */
    public Optional<LatestRun> latestRun(Connection connection, String project, String pipeline) throws SQLException {
        RecentRuns latest = RecentRuns.of(project, null, pipeline, null, 1);
        List<Object> parameters = new ArrayList<>(latest.parameters());
        parameters.add(project);
        parameters.add(pipeline);
        try (PreparedStatement query = prepare(connection, """
                with %s
                select run_id, %s from run_counts join recent using (pipeline, run_id, attempt)
                where project = ? and pipeline = ? and test_key = '' group by run_id, attempt"""
                .formatted(latest.cte(), COUNTS), parameters.toArray());
                ResultSet rs = query.executeQuery()) {
            return rs.next() ? Optional.of(new LatestRun(rs.getString(1), counts(rs, 2))) : Optional.empty();
        }
    }

    /** A pipeline's latest run: its id and its counts. */
    public record LatestRun(String runId, Counts counts) {
    }

    /**
     * Failures per suite that ran muted (issue 27), in the same window as {@link #suites}: they are in its counts too;
     * this says how many of them the build ignored. Suites without any are absent.
     */
    public Map<String, Long> mutedFailures(String project, String branch, Window window, Instant now) throws SQLException {
        String sql;
        List<Object> parameters = new ArrayList<>();
        if (window instanceof Window.Sliding sliding) {
            sql = """
                    select suite, sum(muted_failed) from %s where project = ? and test_key = '' and bucket >= ?::timestamptz %s
                    group by suite having sum(muted_failed) > 0""".formatted(table(sliding), branchFilter(branch));
            parameters.addAll(java.util.Arrays.asList(project, firstBucket(sliding, now), branch));
        } else {
            RecentRuns recent = RecentRuns.of(project, null, null, branch, ((Window.LastRuns) window).runs());
            parameters.addAll(recent.parameters());
            parameters.add(project);
            parameters.add(branch);
            sql = """
                    with %s
                    select suite, sum(muted_failed) from run_counts join recent using (pipeline, run_id, attempt)
                    where project = ? and test_key = '' %s group by suite having sum(muted_failed) > 0"""
                    .formatted(recent.cte(), branchFilter(branch));
        }
        Map<String, Long> muted = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql, parameters.toArray());
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                muted.put(rs.getString(1), rs.getLong(2));
            }
        }
        return muted;
    }

    /** Counts per test of one suite; the tests of a "last N runs" window are taken within the suite's last N runs. */
    public List<TestCounts> tests(String project, String suite, String branch, Window window, Instant now) throws SQLException {
        Query sql = window instanceof Window.Sliding sliding ? slidingTests(project, suite, branch, sliding, now)
                : recentRunTests(project, suite, branch, (Window.LastRuns) window);
        List<TestCounts> tests = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql.text(), sql.parameters().toArray());
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                tests.add(new TestCounts(rs.getString(1), rs.getString(2), rs.getString(3), counts(rs, 4)));
            }
        }
        return tests;
    }

    private static Query slidingTests(String project, String suite, String branch, Window.Sliding sliding, Instant now) {
        return new Query("""
                select c.test_key, t.class_name, t.test_name, %s from %s c
                join tests t on t.project = c.project and t.suite = c.suite and t.test_key = c.test_key
                where c.project = ? and c.suite = ? and c.test_key <> '' and c.bucket >= ?::timestamptz %s
                group by c.test_key, t.class_name, t.test_name"""
                .formatted(COUNTS, table(sliding), branchFilter(branch).replace("branch", "c.branch")),
                java.util.Arrays.asList(project, suite, firstBucket(sliding, now), branch));
    }

    private static Query recentRunTests(String project, String suite, String branch, Window.LastRuns window) {
        RecentRuns recent = RecentRuns.of(project, suite, null, branch, window.runs());
        List<Object> parameters = new ArrayList<>(recent.parameters());
        parameters.addAll(java.util.Arrays.asList(project, suite, branch));
        // Runs are kept per suite; the tests within them come from the raw outcomes.
        return new Query("""
                with %s
                select coalesce(o.class_name, '') || '#' || o.test_name, o.class_name, o.test_name,
                       count(*) filter (where status = 'passed'), count(*) filter (where status = 'failed'),
                       count(*) filter (where status = 'error'), count(*) filter (where status = 'skipped')
                from outcome o join recent using (pipeline, run_id, attempt)
                where o.project = ? and o.suite = ? and %s %s
                group by 1, o.class_name, o.test_name"""
                .formatted(recent.cte(), RecentRuns.rawSince("o"), branchFilter(branch).replace("branch", "o.branch")), parameters);
    }

    /**
     * The tests that were executed (passed, failed or errored) in a window, of one suite or, with a null suite, of the
     * whole project; a "last N runs" window reads them from the raw outcomes of those runs.
     */
    public Set<TestId> measuredTests(String project, String suite, String branch, Window window, Instant now)
            throws SQLException {
        String suiteFilter = suite == null ? "" : "and suite = ?";
        Query sql;
        if (window instanceof Window.Sliding sliding) {
            sql = new Query("""
                    select suite, test_key from %s where project = ? %s and test_key <> '' and bucket >= ?::timestamptz %s
                    group by suite, test_key having sum(passed + failed + error) > 0"""
                    .formatted(table(sliding), suiteFilter, branchFilter(branch)),
                    java.util.Arrays.asList(project, suite, firstBucket(sliding, now), branch));
        } else {
            sql = recentRunsMeasured(project, suite, branch, (Window.LastRuns) window, suiteFilter);
        }
        Set<TestId> tests = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql.text(), sql.parameters().toArray());
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                tests.add(new TestId(rs.getString(1), rs.getString(2)));
            }
        }
        return tests;
    }

    private static Query recentRunsMeasured(String project, String suite, String branch, Window.LastRuns window, String suiteFilter) {
        RecentRuns recent = RecentRuns.of(project, suite, null, branch, window.runs());
        List<Object> parameters = new ArrayList<>(recent.parameters());
        parameters.addAll(java.util.Arrays.asList(project, suite, branch));
        return new Query("""
                with %s
                select distinct suite, coalesce(class_name, '') || '#' || test_name
                from outcome join recent using (pipeline, run_id, attempt)
                where project = ? %s and status <> 'skipped' and %s %s"""
                .formatted(recent.cte(), suiteFilter, RecentRuns.rawSince("outcome"), branchFilter(branch)), parameters);
    }

    /** A statement and the values of its parameters, in order (null for a filter left out: prepare skips them). */
    private record Query(String text, List<Object> parameters) {
    }

    /** Whether the project, or the suite when given, ever had outcomes within the data kept. */
    public boolean exists(String project, String suite) throws SQLException {
        String sql = suite == null ? "select exists (select 1 from tests where project = ?)"
                : "select exists (select 1 from tests where project = ? and suite = ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql, suite == null ? new Object[] {project} : new Object[] {project, suite});
                ResultSet rs = query.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Every project with outcomes, alphabetically. */
    public List<String> projects() throws SQLException {
        List<String> projects = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select distinct project from tests order by project");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                projects.add(rs.getString(1));
            }
        }
        return projects;
    }

    private static Map<String, Counts> grouped(Connection connection, String sql, Object... parameters) throws SQLException {
        Map<String, Counts> groups = new LinkedHashMap<>();
        try (PreparedStatement query = prepare(connection, sql, parameters);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                groups.put(rs.getString(1), counts(rs, 2));
            }
        }
        return groups;
    }

    /** Binds parameters in order, skipping null branches: their filter is left out of the SQL. */
    static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        int index = 1;
        for (Object parameter : parameters) {
            if (parameter != null) {
                statement.setString(index++, parameter.toString());
            }
        }
        return statement;
    }

    static String branchFilter(String branch) {
        return branch == null ? "" : "and branch = ?";
    }

    static Counts counts(ResultSet rs, int first) throws SQLException {
        return new Counts(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3));
    }

    private static String table(Window.Sliding sliding) {
        return Buckets.forWindow(sliding.length()).table();
    }

    private static String firstBucket(Window.Sliding sliding, Instant now) {
        return Buckets.forWindow(sliding.length()).firstBucket(now, sliding.length()).toString();
    }

    /** One test of a project: its suite and its key (class + '#' + name). */
    public record TestId(String suite, String testKey) {
    }

    /** A test's counts in a window. */
    public record TestCounts(String testKey, String className, String name, Counts counts) {
    }
}
