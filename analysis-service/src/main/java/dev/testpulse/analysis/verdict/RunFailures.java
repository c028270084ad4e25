package dev.testpulse.analysis.verdict;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.runs.RunStates.RunState;

/**
 * The failing tests of a run, from the raw outcomes: a test fails when its last try (highest retry) failed or errored
 * in a job; a failure that passed on retry is not one. The run's first and last event times bound the read, so
 * PostgreSQL reads only the days the run spans, through the project's time index.
 */
@ApplicationScoped
public class RunFailures {

    /** @param job null: every job of the run */
    // Long: one statement of 17 lines and the values bound to it
    public List<FailingTest> of(Connection connection, String project, RunState run, String job) throws SQLException {
        if (run.firstAt() == null) {
            return List.of(); // the run is known only from its reporter's word that it finished
        }
        try (PreparedStatement query = connection.prepareStatement("""
                with tries as (
                    select suite, class_name, test_name, status, failure_message, muted, flaky,
                           row_number() over (partition by suite, class_name, test_name, job order by retry desc, observed_at desc, id) as nth
                    from outcome
                    where project = ? and observed_at between ?::timestamptz and ?::timestamptz
                      and pipeline = ? and run_id = ? and attempt = ? and (?::text is null or coalesce(job, '') = ?)
                      and status <> 'skipped')
                select suite, class_name, test_name,
                       (array_agg(failure_message order by failure_message is null, failure_message) filter (where nth = 1 and status <> 'passed'))[1],
                       bool_and(muted) filter (where nth = 1 and status <> 'passed'), bool_or(flaky)
                from tries
                group by suite, class_name, test_name
                having bool_or(nth = 1 and status in ('failed', 'error'))
                order by suite, class_name nulls first, test_name""")) {
            query.setString(1, project);
            query.setString(2, run.firstAt().toString());
            query.setString(3, run.lastAt().toString());
            query.setString(4, run.pipeline());
            query.setString(5, run.runId());
            query.setInt(6, run.attempt());
            query.setString(7, job);
            query.setString(8, job);
            List<FailingTest> failing = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    failing.add(new FailingTest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getBoolean(6)));
                }
            }
            return failing;
        }
    }
}
