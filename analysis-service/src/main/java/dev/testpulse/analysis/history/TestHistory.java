package dev.testpulse.analysis.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The last executions of one test, newest first, read from the raw outcomes (kept as long as retention keeps them,
 * 30 days by default). The index outcome_test_history (V18) serves the lookup.
 */
@ApplicationScoped
public class TestHistory {

    private final DataSource dataSource;

    public TestHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param className null or empty: the test has no class (stored as null) */
    public List<Execution> last(String project, String suite, String className, String name, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select id, status, duration_ms, observed_at, pipeline, run_id, attempt, job, run_commit, branch, run_url,
                               retry, flaky, failure_type, failure_message
                        from outcome
                        where project = ? and suite = ? and test_name = ? and coalesce(class_name, '') = ?
                        order by observed_at desc, retry desc, id
                        limit ?""")) {
            query.setString(1, project);
            query.setString(2, suite);
            query.setString(3, name);
            query.setString(4, className == null ? "" : className);
            query.setInt(5, limit);
            List<Execution> executions = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    executions.add(execution(rs));
                }
            }
            return executions;
        }
    }

    private static Execution execution(ResultSet rs) throws SQLException {
        String branch = rs.getString("branch");
        String failureType = rs.getString("failure_type");
        String failureMessage = rs.getString("failure_message");
        return new Execution(rs.getString("id"), rs.getString("status"), rs.getLong("duration_ms"),
                rs.getTimestamp("observed_at").toInstant(),
                new Execution.Run(rs.getString("pipeline"), rs.getString("run_id"), rs.getInt("attempt"),
                        rs.getString("job"), rs.getString("run_commit"),
                        // Stored as '' when the outcome named no branch, so that the branch indexes hold it.
                        branch == null || branch.isEmpty() ? null : branch, rs.getString("run_url")),
                rs.getInt("retry"), rs.getBoolean("flaky"),
                failureType == null && failureMessage == null ? null : new Execution.Failure(failureType, failureMessage));
    }
}
