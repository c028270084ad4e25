package dev.testpulse.analysis.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.postgresql.PGStatement;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.insights.FlakyRule.CommitExecutions;
import dev.testpulse.analysis.windows.RecentRuns;
import dev.testpulse.analysis.windows.Window;

/**
 * Finds a window's flaky tests: PostgreSQL folds executions per test and commit (passed, failed, marked flaky by the
 * tool), from what {@link TestCommitStore} keeps, for time windows and for "last N runs" when those runs are exactly
 * the outcomes since a time ({@link RecentRuns#exactSince()}), else from the raw outcomes; {@link FlakyRule} judges.
 */
@ApplicationScoped
public class FlakyTests {

    /**
     * How much younger than the raw retention the first of the last N runs must be for the kept rows to answer. The
     * retention deletes a run's {@code run_counts} rows by its start, while its outcomes stay as long as they are
     * younger than the horizon: a run that began before the horizon and still reported within this span after it
     * would leave the window without a trace {@link RecentRuns#exactSince()} can see. Only a run longer than this
     * can then reach the window's first outcome.
     */
    private static final Duration LONGEST_RUN = Duration.ofDays(7);

    private final DataSource dataSource;
    private final Duration retention;

    public FlakyTests(DataSource dataSource, AnalysisConfig config) {
        this.dataSource = dataSource;
        this.retention = config.retention();
    }

    public List<FlakyTest> find(String project, String suite, String branch, Window window, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, project, suite, branch, window, now);
        }
    }

    /** As {@link #find(String, String, String, Window, Instant)}, inside the caller's transaction. */
    public List<FlakyTest> find(Connection connection, String project, String suite, String branch, Window window, Instant now)
            throws SQLException {
        return find(connection, project, suite, branch, window, now, null);
    }

    /**
     * As above, for the tests of the given names only (null: every test). Whether a test is flaky depends on its own
     * executions alone, so an alert rule asks only about the tests a batch ran, not the whole window of the project.
     * A sliding window reads {@code test_commit}, kept as outcomes are counted ({@link TestCommitStore}). "Last N runs"
     * needs to know which run each execution was in, which only the raw rows say, unless the runs follow each other:
     * then the window is "since the first of them" and reads {@code test_commit} too (on the benchmark's flaky-heavy
     * workload the raw read was half of PostgreSQL's time, docs/benchmarks.md).
     */
    public List<FlakyTest> find(Connection connection, String project, String suite, String branch, Window window, Instant now,
            Collection<String> testNames) throws SQLException {
        Collection<String> names = testNames;
        Collection<String> suites = null;
        if (branch != null && testNames != null) {
            // an alert rule's question: most tests of a batch are not flaky, and the kept rows prove it without a read
            Candidates candidates = candidates(connection, project, suite, branch, window, now, testNames);
            if (candidates.names().isEmpty()) {
                return List.of();
            }
            names = candidates.names();
            suites = candidates.suites();
        }
        Instant since = window instanceof Window.Sliding sliding ? RawScope.since(sliding, now)
                : keptSince(connection, project, suite, branch, (Window.LastRuns) window, now);
        if (since != null) {
            return FlakyRule.flakyTests(kept(connection, project, suite, branch, since, names));
        }
        return FlakyRule.flakyTests(raw(connection, project, suite, branch, window, now, names, suites));
    }

    /**
     * When the kept rows answer "last N runs" exactly: the time T such that the outcomes in the scope since T are those
     * of the runs ({@link RecentRuns#exactSince()}); null when only the raw rows can tell (runs overlap, a run outside
     * keeps adding, a run without bounds). T must also lie within the raw retention, so that the raw rows since T are
     * all still kept (test_commit remembers a pass whose raw row went with its partition), by {@link #LONGEST_RUN}.
     */
    Instant keptSince(Connection connection, String project, String suite, String branch, Window.LastRuns window, Instant now)
            throws SQLException {
        RecentRuns recent = RecentRuns.of(project, suite, null, branch, window.runs());
        List<Object> parameters = new ArrayList<>(recent.parameters());
        parameters.add(now.minus(retention).plus(LONGEST_RUN));
        parameters.addAll(recent.parameters());
        try (PreparedStatement query = FailureGroups.prepare(connection, recent.exactSince(), parameters);
                ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getTimestamp(1).toInstant() : null;
        }
    }

    /** The suites and names of the tests that may be flaky; a test in neither cannot be. */
    record Candidates(Set<String> suites, Set<String> names) {
    }

    /**
     * The tests of these names with a commit on the branch that was flaky at some time since the window's first
     * possible execution ({@code flaky_since}, partial index {@code test_commit_flaky}). A test flaky in the window, of
     * either kind, is among them: its passing and failing executions (or the mark) in the window all lie after that
     * time, and the row of that commit and branch folds them. One branch only: on all branches a commit can be flaky
     * from a pass on one and a failure on another, which no single row shows.
     */
    // Long: the statement and its parameters are put together in one place, so that their positions cannot drift apart
    static Candidates candidates(Connection connection, String project, String suite, String branch, Window window, Instant now,
            Collection<String> testNames) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String with = "";
        String bound = "?::timestamptz";
        if (window instanceof Window.LastRuns runs) {
            RecentRuns recent = RecentRuns.of(project, suite, null, branch, runs.runs());
            with = "with " + recent.cte();
            parameters.addAll(recent.parameters());
            bound = RecentRuns.firstObserved();
        }
        parameters.add(project);
        parameters.add(branch);
        if (window instanceof Window.Sliding sliding) {
            parameters.add(RawScope.since(sliding, now));
        }
        if (suite != null) {
            parameters.add(suite);
        }
        String sql = with + """
                select distinct t.suite, t.test_name from test_commit t
                where t.project = ? and t.branch = ? and t.flaky_since >= %s%s and t.test_name = any(?::text[])"""
                .formatted(bound, suite == null ? "" : " and t.suite = ?");
        Set<String> suites = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        try (PreparedStatement query = FailureGroups.prepare(connection, sql, parameters)) {
            query.unwrap(PGStatement.class).setPrepareThreshold(0);
            query.setArray(parameters.size() + 1, connection.createArrayOf("text", testNames.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    suites.add(rs.getString(1));
                    names.add(rs.getString(2));
                }
            }
        }
        return new Candidates(suites, names);
    }

    /**
     * The window "since T" from the kept rows: a test was seen passing on a commit since T exactly when it was last
     * seen passing there at or after T, and so on for failing, the mark and the last execution, so this folds what
     * {@link #raw} folds from the rows since the same bucket boundary.
     */
    // Long: the statement and its parameters are put together in one place, so that their positions cannot drift apart
    static List<CommitExecutions> kept(Connection connection, String project, String suite, String branch, Instant since,
            Collection<String> testNames) throws SQLException {
        List<Object> parameters = new ArrayList<>(List.of(since, since, since, project));
        StringBuilder where = new StringBuilder("t.project = ?");
        if (branch != null) {
            where.append(" and t.branch = ?");
            parameters.add(branch);
        }
        if (testNames != null) {
            where.append(" and t.test_name = any(?::text[])");
        }
        if (suite != null) {
            where.append(" and t.suite = ?");
        }
        where.append(" and t.last_seen_at >= ?::timestamptz");
        String sql = """
                select t.suite, t.class_name || '#' || t.test_name, nullif(t.class_name, ''), t.test_name, t.commit_key,
                       coalesce(bool_or(t.last_passed_at >= ?::timestamptz), false),
                       coalesce(bool_or(t.last_failed_at >= ?::timestamptz), false),
                       coalesce(bool_or(t.last_marked_at >= ?::timestamptz), false),
                       max(t.last_seen_at), %s
                from test_commit t where %s
                group by t.suite, t.class_name, t.test_name, t.commit_key""".formatted(
                branch == null ? "array_agg(distinct t.branch)" : "array[min(t.branch)]", where);
        try (PreparedStatement query = FailureGroups.prepare(connection, sql, parameters)) {
            // planned with the values every time, as the raw read is: the generic plan cannot tell one project's branch
            // from another's and sorts 30,000 rows to group them (322 ms, against 1-65 ms planned with the values)
            query.unwrap(PGStatement.class).setPrepareThreshold(0);
            int next = parameters.size() + 1;
            if (testNames != null) {
                query.setArray(next++, connection.createArrayOf("text", testNames.toArray()));
            }
            if (suite != null) {
                query.setString(next++, suite);
            }
            query.setString(next, since.toString());
            return read(query);
        }
    }

    /** The window from the raw outcomes: what {@link #kept} must equal, and "last N runs" when it cannot. */
    static List<CommitExecutions> raw(Connection connection, String project, String suite, String branch, Window window,
            Instant now, Collection<String> testNames) throws SQLException {
        return raw(connection, project, suite, branch, window, now, testNames, null);
    }

    /**
     * @param suites null, or the suites to read, with {@code testNames} (then the raw rows are found through the test
     *            history's index by project, suite and name instead of every row of the project since the runs began)
     */
    private static List<CommitExecutions> raw(Connection connection, String project, String suite, String branch, Window window,
            Instant now, Collection<String> testNames, Collection<String> suites) throws SQLException {
        RawScope raw = RawScope.of(project, suite, branch, window, now);
        String names = testNames == null ? "" : " and o.test_name = any(?)" + (suites == null ? "" : " and o.suite = any(?)");
        // One branch asked for: its name, not a distinct aggregate, which would force PostgreSQL to sort every row of
        // the window on five text keys where hashing the groups does (the alert rules always ask for one branch).
        String branches = branch == null ? "array_agg(distinct o.branch)" : "array[min(o.branch)]";
        String sql = raw.with() + """
                select o.suite, %1$s, o.class_name, o.test_name, coalesce(o.run_commit, o.pipeline || '#' || o.run_id),
                       bool_or(o.status = 'passed'), bool_or(o.status in ('failed', 'error')), bool_or(o.flaky),
                       max(o.observed_at), %5$s
                from %2$s where %3$s%4$s and o.status <> 'skipped'
                group by o.suite, 2, o.class_name, o.test_name, 5""".formatted(RawScope.TEST_KEY, raw.from(), raw.where(), names,
                branches);
        try (PreparedStatement query = FailureGroups.prepare(connection, sql, raw.parameters())) {
            if (testNames != null) {
                query.setArray(raw.parameters().size() + 1, connection.createArrayOf("text", testNames.toArray()));
                if (suites != null) {
                    query.setArray(raw.parameters().size() + 2, connection.createArrayOf("text", suites.toArray()));
                }
                // Planned with the names as a constant every time: then PostgreSQL hashes "= any" (PG 14+); the
                // generic plan of a server-prepared statement scans the array for every row of the window instead,
                // and a semi-join on unnest(?) is at the mercy of a new partition's missing statistics. The
                // benchmark's statement statistics: 43% of PostgreSQL's time before, 1.9 s → 0.3 s for 1,000 names.
                query.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            return read(query);
        }
    }

    private static List<CommitExecutions> read(PreparedStatement query) throws SQLException {
        List<CommitExecutions> executions = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                executions.add(new CommitExecutions(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getTimestamp(9).toInstant(),
                        FailureGroups.strings(rs.getArray(10))));
            }
        }
        return executions;
    }
}
