package dev.testpulse.analysis.insights;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.windows.Window;

/** Groups a window's failures and errors by signature, most costly first, each with its projected impact. */
@ApplicationScoped
public class FailureGroups {

    /** Most failures first; then the group hitting more tests; then the most recent. */
    static final Comparator<FailureGroup> BY_COST = Comparator.comparingLong(FailureGroup::failures).reversed()
            .thenComparing(Comparator.comparingLong(FailureGroup::testsHit).reversed())
            .thenComparing(FailureGroup::lastSeen, Comparator.reverseOrder())
            .thenComparing(FailureGroup::signature);

    private final DataSource dataSource;

    public FailureGroups(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param scope the counts of the same scope and window, which the projections are computed against */
    public List<FailureGroup> groups(String project, String suite, String branch, Window window, Instant now, Counts scope)
            throws SQLException {
        return groups(project, suite, branch, window, now, scope, null);
    }

    /**
     * As above, over the failures of these tests only ({@code suite} and test key {@code class#name}, as the aggregate
     * tables spell it); null for every test. A team's failure groups: its tests are those its owner rules match, and
     * {@code scope} is then their counts alone, so that the gain is what fixing the cause gives that team.
     */
    public List<FailureGroup> groups(String project, String suite, String branch, Window window, Instant now, Counts scope,
            List<Map.Entry<String, String>> tests) throws SQLException {
        if (tests != null && tests.isEmpty()) {
            return List.of();
        }
        RawScope raw = RawScope.of(project, suite, branch, window, now);
        String only = tests == null ? "" : " and (o.suite, %s) in (select * from unnest(?::text[], ?::text[]))".formatted(RawScope.TEST_KEY);
        String sql = raw.with() + """
                select o.signature, s.type, s.message, count(*), count(distinct %1$s),
                       array_agg(distinct o.suite order by o.suite), min(o.observed_at), max(o.observed_at),
                       (array_agg(o.failure_message order by o.observed_at desc))[1],
                       (array_agg(coalesce(o.class_name || '.', '') || o.test_name order by o.observed_at desc))[1]
                from %2$s join failure_signatures s on s.project = o.project and s.signature = o.signature
                where %3$s and o.signature is not null%4$s
                group by o.signature, s.type, s.message""".formatted(RawScope.TEST_KEY, raw.from(), raw.where(), only);
        List<FailureGroup> groups = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = prepare(connection, sql, raw.parameters())) {
            if (tests != null) {
                query.setArray(raw.parameters().size() + 1, connection.createArrayOf("text", tests.stream().map(Map.Entry::getKey).toArray()));
                query.setArray(raw.parameters().size() + 2, connection.createArrayOf("text", tests.stream().map(Map.Entry::getValue).toArray()));
            }
            read(query, scope, groups);
        }
        groups.sort(BY_COST);
        return groups;
    }

    private static void read(PreparedStatement query, Counts scope, List<FailureGroup> groups) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long failures = rs.getLong(4);
                groups.add(new FailureGroup(rs.getString(1), rs.getString(2), rs.getString(3), failures, rs.getLong(5),
                        strings(rs.getArray(6)), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
                        rs.getString(9), rs.getString(10), Projection.ratePctIfFixed(scope, failures), Projection.gainPp(scope, failures),
                        Projection.intervalIfFixed(scope, failures)));
            }
        }
    }

    public static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setString(i + 1, parameters.get(i).toString());
        }
        return statement;
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
