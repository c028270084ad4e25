package dev.testpulse.analysis.quarantine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The recent tries of some tests of a project, newest first, from the raw outcomes: what the automatic rule decides
 * on. One statement for all the tests a batch touched (unnest + lateral through the test history index), at most
 * {@link #PER_TEST} tries per test.
 */
@ApplicationScoped
public class TestEvidence {

    /** Enough for 50 commits with retries and the release window of 200 tries. */
    static final int PER_TEST = 400;

    public Map<TestKey, List<AutoQuarantinePolicy.Try>> tries(Connection connection, String project, List<TestKey> tests, Instant from)
            throws SQLException {
        Map<TestKey, List<AutoQuarantinePolicy.Try>> tries = new HashMap<>();
        if (tests.isEmpty()) {
            return tries;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                select u.s, u.c, u.n, o.commit, o.status, o.flaky, o.observed_at
                from unnest(?::text[], ?::text[], ?::text[]) as u(s, c, n)
                cross join lateral (
                    select coalesce(run_commit, run_id) as commit, status, flaky, observed_at from outcome
                    where project = ? and suite = u.s and test_name = u.n and coalesce(class_name, '') = u.c
                      and observed_at >= ?::timestamptz and status <> 'skipped'
                    order by observed_at desc, retry desc limit %d) o""".formatted(PER_TEST))) {
            query.setArray(1, connection.createArrayOf("text", tests.stream().map(TestKey::suite).toArray()));
            query.setArray(2, connection.createArrayOf("text", tests.stream().map(TestKey::storedClass).toArray()));
            query.setArray(3, connection.createArrayOf("text", tests.stream().map(TestKey::name).toArray()));
            query.setString(4, project);
            query.setString(5, from.toString());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    TestKey key = new TestKey(rs.getString(1), TestKey.fromStored(rs.getString(2)), rs.getString(3));
                    tries.computeIfAbsent(key, k -> new ArrayList<>()).add(new AutoQuarantinePolicy.Try(rs.getString(4),
                            "passed".equals(rs.getString(5)), rs.getBoolean(6), rs.getTimestamp(7).toInstant()));
                }
            }
        }
        return tries;
    }
}
