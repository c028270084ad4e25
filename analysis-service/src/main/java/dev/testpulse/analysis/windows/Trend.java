package dev.testpulse.analysis.windows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.rates.Counts;

/** Counts per step over a time range, for charts: hour buckets for steps of an hour or more, minute buckets below. */
@ApplicationScoped
public class Trend {

    private final DataSource dataSource;

    public Trend(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Steps that hold data, oldest first; each step starts at a multiple of {@code step} since the epoch. */
    public List<Step> series(String project, String suite, String branch, Duration step, Instant from, Instant to) throws SQLException {
        Buckets grain = step.compareTo(Duration.ofHours(1)) >= 0 ? Buckets.HOUR : Buckets.MINUTE;
        String sql = """
                select date_bin(?::interval, bucket, timestamptz '1970-01-01 00:00:00+00') as step,
                       sum(passed), sum(failed), sum(error), sum(skipped)
                from %s where project = ? and test_key = '' %s %s and bucket >= ?::timestamptz and bucket < ?::timestamptz
                group by step order by step""".formatted(grain.table(), suite == null ? "" : "and suite = ?",
                WindowedCounts.branchFilter(branch));
        List<Step> steps = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = WindowedCounts.prepare(connection, sql, step.toSeconds() + " seconds", project,
                        suite, branch, from.toString(), to.toString());
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                steps.add(new Step(rs.getTimestamp(1).toInstant(), WindowedCounts.counts(rs, 2)));
            }
        }
        return steps;
    }

    /** One step of the series. */
    public record Step(Instant start, Counts counts) {
    }
}
