package dev.testpulse.analysis.rates;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Counts per project and suite in PostgreSQL: added to set-based per batch, read per project for the API. */
@ApplicationScoped
public class SuiteCountsRepository {

    private final DataSource dataSource;

    public SuiteCountsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds a batch's pre-aggregated counts in one statement, inside the caller's transaction. */
    public void add(Connection connection, Map<SuiteKey, Counts> increments) throws SQLException {
        if (increments.isEmpty()) {
            return;
        }
        int n = increments.size();
        String[] projects = new String[n];
        String[] suites = new String[n];
        Long[] passed = new Long[n];
        Long[] failed = new Long[n];
        Long[] errors = new Long[n];
        Long[] skipped = new Long[n];
        int i = 0;
        for (Map.Entry<SuiteKey, Counts> entry : increments.entrySet()) {
            projects[i] = entry.getKey().project();
            suites[i] = entry.getKey().suite();
            passed[i] = entry.getValue().passed();
            failed[i] = entry.getValue().failed();
            errors[i] = entry.getValue().error();
            skipped[i] = entry.getValue().skipped();
            i++;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into suite_counts (project, suite, passed, failed, error, skipped)
                select * from unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                on conflict (project, suite) do update set
                    passed = suite_counts.passed + excluded.passed,
                    failed = suite_counts.failed + excluded.failed,
                    error = suite_counts.error + excluded.error,
                    skipped = suite_counts.skipped + excluded.skipped,
                    updated_at = now()""")) {
            upsert.setArray(1, connection.createArrayOf("text", projects));
            upsert.setArray(2, connection.createArrayOf("text", suites));
            upsert.setArray(3, connection.createArrayOf("bigint", passed));
            upsert.setArray(4, connection.createArrayOf("bigint", failed));
            upsert.setArray(5, connection.createArrayOf("bigint", errors));
            upsert.setArray(6, connection.createArrayOf("bigint", skipped));
            upsert.executeUpdate();
        }
    }

    /** The counts of each suite of a project, by suite name; empty when the project is unknown. */
    public Map<String, Counts> forProject(String project) throws SQLException {
        Map<String, Counts> suites = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select suite, passed, failed, error, skipped from suite_counts
                        where project = ? order by suite""")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    suites.put(rs.getString(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return suites;
    }

    /** Every project that has counts, alphabetically. */
    public List<String> projects() throws SQLException {
        List<String> projects = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select distinct project from suite_counts order by project");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                projects.add(rs.getString(1));
            }
        }
        return projects;
    }

    /** A project's suite. */
    public record SuiteKey(String project, String suite) {
    }
}
