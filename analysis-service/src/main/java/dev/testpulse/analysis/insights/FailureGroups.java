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
        RawScope raw = RawScope.of(project, suite, branch, window, now);
        String sql = raw.with() + """
                select o.signature, s.type, s.message, count(*), count(distinct %1$s),
                       array_agg(distinct o.suite order by o.suite), min(o.observed_at), max(o.observed_at),
                       (array_agg(o.failure_message order by o.observed_at desc))[1],
                       (array_agg(coalesce(o.class_name || '.', '') || o.test_name order by o.observed_at desc))[1]
                from %2$s join failure_signatures s on s.project = o.project and s.signature = o.signature
                where %3$s and o.signature is not null
                group by o.signature, s.type, s.message""".formatted(RawScope.TEST_KEY, raw.from(), raw.where());
        List<FailureGroup> groups = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = prepare(connection, sql, raw.parameters());
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long failures = rs.getLong(4);
                groups.add(new FailureGroup(rs.getString(1), rs.getString(2), rs.getString(3), failures, rs.getLong(5),
                        strings(rs.getArray(6)), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
                        rs.getString(9), rs.getString(10), Projection.ratePctIfFixed(scope, failures), Projection.gainPp(scope, failures),
                        Projection.intervalIfFixed(scope, failures)));
            }
        }
        groups.sort(BY_COST);
        return groups;
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
