package dev.testpulse.analysis.verdict;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.postgresql.PGStatement;

import dev.testpulse.analysis.rates.WilsonInterval;

/**
 * How the failing tests of a run do on the project's default branch, from the raw outcomes of other runs since the
 * lookback began (the test history's index serves it): rate, last result, and since when they fail there.
 */
@ApplicationScoped
public class DefaultBranchHistory {

    /** By {@link FailingTest#key()}; a test the branch did not run is absent. */
    // Long: one statement of 14 lines and the values bound to it
    public Map<String, Evidence.DefaultBranch> of(Connection connection, String project, String branch, Instant since,
            String exceptPipeline, String exceptRunId, List<FailingTest> tests) throws SQLException {
        Map<String, Evidence.DefaultBranch> found = new HashMap<>();
        if (tests.isEmpty()) {
            return found;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                with h as (
                    select suite, coalesce(class_name, '') as cls, test_name, status, observed_at, retry
                    from outcome
                    where project = ? and suite = any(?) and test_name = any(?) and branch = ? and observed_at >= ?::timestamptz
                      and status <> 'skipped' and not (pipeline = ? and run_id = ?)),
                passes as (
                    select suite, cls, test_name, max(observed_at) filter (where status = 'passed') as last_pass
                    from h group by suite, cls, test_name)
                select suite, cls, test_name, count(*) filter (where status = 'passed'), count(*),
                       (array_agg(status order by observed_at desc, retry desc))[1],
                       min(observed_at) filter (where status <> 'passed' and (last_pass is null or observed_at > last_pass))
                from h join passes using (suite, cls, test_name)
                group by suite, cls, test_name""")) {
            // planned with the names as values, as the flaky read is: the generic plan scans the arrays for every row
            query.unwrap(PGStatement.class).setPrepareThreshold(0);
            query.setString(1, project);
            query.setArray(2, connection.createArrayOf("text", tests.stream().map(FailingTest::suite).distinct().toArray()));
            query.setArray(3, connection.createArrayOf("text", tests.stream().map(FailingTest::name).distinct().toArray()));
            query.setString(4, branch);
            query.setString(5, since.toString());
            query.setString(6, exceptPipeline);
            query.setString(7, exceptRunId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.put(FailingTest.key(rs.getString(1), rs.getString(2), rs.getString(3)), evidence(rs, branch));
                }
            }
        }
        return found;
    }

    private static Evidence.DefaultBranch evidence(ResultSet rs, String branch) throws SQLException {
        long passed = rs.getLong(4);
        long executed = rs.getLong(5);
        WilsonInterval interval = WilsonInterval.of(passed, executed);
        Timestamp failingSince = rs.getTimestamp(7);
        String last = rs.getString(6);
        return new Evidence.DefaultBranch(branch, passed, executed, (double) passed / executed, interval.lower(), interval.upper(), last,
                last.equals("passed") || failingSince == null ? null : failingSince.toInstant());
    }
}
