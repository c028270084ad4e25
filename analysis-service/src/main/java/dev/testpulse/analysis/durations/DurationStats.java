package dev.testpulse.analysis.durations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.testpulse.analysis.insights.FailureGroups;
import dev.testpulse.analysis.insights.RawScope;
import dev.testpulse.analysis.windows.Window;

/**
 * How long tests and suites take over a window, from the raw outcomes (so the window is bounded by the raw retention,
 * as the insights are): p50 and p95 per suite and per test by PostgreSQL's {@code percentile_cont}, slowest first.
 * Skipped executions are left out: they take no time worth a percentile.
 */
@ApplicationScoped
public class DurationStats {

    private final DataSource dataSource;

    public DurationStats(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One suite: its executions in the window and their p50, p95 and total in milliseconds. */
    public record SuiteDuration(String suite, long executions, double p50Ms, double p95Ms, long totalMs) {
    }

    /** One test: its executions in the window and their p50, p95 and slowest in milliseconds. */
    public record TestDuration(String suite, @JsonProperty("class") String className, String name, long executions, double p50Ms,
            double p95Ms, long maxMs) {
    }

    public List<SuiteDuration> suites(String project, String suite, String branch, Window window, Instant now) throws SQLException {
        RawScope scope = RawScope.of(project, suite, branch, window, now);
        String sql = """
                %s select o.suite, count(*), percentile_cont(0.5) within group (order by o.duration_ms),
                percentile_cont(0.95) within group (order by o.duration_ms), sum(o.duration_ms)
                from %s where %s and o.status <> 'skipped' group by o.suite order by o.suite""".formatted(scope.with(), scope.from(), scope.where());
        List<SuiteDuration> suites = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = FailureGroups.prepare(connection, sql, scope.parameters());
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                suites.add(new SuiteDuration(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getLong(5)));
            }
        }
        return suites;
    }

    /** The slowest tests by p95 (then p50, then name), at most {@code limit}. */
    public List<TestDuration> slowest(String project, String suite, String branch, Window window, Instant now, int limit) throws SQLException {
        RawScope scope = RawScope.of(project, suite, branch, window, now);
        String sql = """
                %s select o.suite, o.class_name, o.test_name, count(*), percentile_cont(0.5) within group (order by o.duration_ms) p50,
                percentile_cont(0.95) within group (order by o.duration_ms) p95, max(o.duration_ms)
                from %s where %s and o.status <> 'skipped' group by o.suite, o.class_name, o.test_name
                order by p95 desc, p50 desc, o.suite, o.class_name, o.test_name limit %d""".formatted(scope.with(), scope.from(), scope.where(), limit);
        List<TestDuration> tests = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = FailureGroups.prepare(connection, sql, scope.parameters());
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                tests.add(new TestDuration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getDouble(5), rs.getDouble(6),
                        rs.getLong(7)));
            }
        }
        return tests;
    }
}
