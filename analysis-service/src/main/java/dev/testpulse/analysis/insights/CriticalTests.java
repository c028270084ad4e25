package dev.testpulse.analysis.insights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.windows.Window;

/** The critical tests of a project in a window: tagged {@code critical}, or listed in the project's settings. */
@ApplicationScoped
public class CriticalTests {

    public static final String TAG = "critical";

    private final DataSource dataSource;

    public CriticalTests(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<CriticalTest> find(String project, String branch, Window window, Instant now, List<String> listed) throws SQLException {
        RawScope raw = RawScope.of(project, null, branch, window, now);
        String sql = raw.with() + """
                select o.suite, o.class_name, o.test_name,
                       (array_agg(o.status order by o.observed_at desc, o.retry desc))[1], max(o.observed_at),
                       count(*) filter (where o.status <> 'skipped'), count(*) filter (where o.status in ('failed', 'error')),
                       max(o.observed_at) filter (where o.status in ('failed', 'error')),
                       (array_agg(o.failure_message order by o.observed_at desc) filter (where o.status in ('failed', 'error')))[1]
                from %s where %s and (o.tags @> jsonb_build_array('%s') or %s = any (?::text[]))
                group by o.suite, o.class_name, o.test_name
                order by o.suite, o.class_name, o.test_name""".formatted(raw.from(), raw.where(), TAG, RawScope.TEST_KEY);
        List<CriticalTest> tests = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            PreparedStatement query = FailureGroups.prepare(connection, sql, raw.parameters());
            query.setArray(raw.parameters().size() + 1, connection.createArrayOf("text", listed.toArray()));
            try (query; ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Timestamp lastFailure = rs.getTimestamp(8);
                    tests.add(new CriticalTest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getLong(6), rs.getLong(7),
                            lastFailure == null ? null : lastFailure.toInstant(), rs.getString(9)));
                }
            }
        }
        return tests;
    }
}
