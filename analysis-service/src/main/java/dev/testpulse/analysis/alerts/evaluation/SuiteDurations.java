package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Globs;
import dev.testpulse.analysis.alerts.state.DurationRegressionCondition;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.outcome.Outcome;

/**
 * duration_regression with {@code per: suite}: each suite of the batch within the rule's suite glob (and branch), judged
 * by {@link DurationRegressionCondition} on its own duration per run, the sum of its executions' durations in that run
 * (a run's attempt and job: one execution of the suite; skipped tests take no time, and failed ones count, as a suite
 * that times out is slow). The newest runs first by their first outcome, from the raw outcomes; the rows read per suite
 * are capped at {@link #MOST_ROWS}, so the query is bounded however large the suite: the oldest run then read may be
 * partial and is left out, and a suite so large that fewer runs fit is judged on those (or held while they are too few).
 * The run a batch is still bringing is partial too, so it reads as faster, never as a regression.
 */
@ApplicationScoped
public class SuiteDurations {

    /** Outcomes read per suite at most: 37 runs of a suite of about 1,300 tests. */
    static final int MOST_ROWS = 50_000;

    Map<String, SeriesSignal> signals(Connection connection, AlertRule rule, List<Outcome> batch) throws SQLException {
        DurationRegressionCondition condition = DurationRegressionCondition.of(rule.thresholds().minSamples());
        List<String> ran = suites(rule, batch);
        if (ran.isEmpty()) {
            return Map.of();
        }
        List<long[]> history = history(connection, rule, ran, condition.needed());
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (int index = 0; index < ran.size(); index++) {
            String suite = ran.get(index);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("project", rule.project());
            labels.put("suite", suite);
            if (rule.scope().branch() != null) {
                labels.put("branch", rule.scope().branch());
            }
            SeriesSignal signal = condition.signal(labels, history.get(index), "suite " + suite, "runs", "runs");
            signals.put(signal.fingerprint(rule.id()), signal);
        }
        return signals;
    }

    /** The suites of the batch within the rule's suite glob and branch, each once. */
    private static List<String> suites(AlertRule rule, List<Outcome> batch) {
        Set<String> suites = new LinkedHashSet<>();
        for (Outcome outcome : batch) {
            if (outcome.project().equals(rule.project()) && Globs.matches(rule.scope().suiteGlob(), outcome.suite())
                    && SeriesLabels.onBranch(rule, outcome)) {
                suites.add(outcome.suite());
            }
        }
        return new ArrayList<>(suites);
    }

    /** Each suite's newest durations per run, oldest first, in one statement for the batch's suites. */
    private static List<long[]> history(Connection connection, AlertRule rule, List<String> ran, int needed) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                select t.i, d.total
                from unnest(?::text[]) with ordinality as t(suite, i)
                cross join lateral (
                    select sum(r.duration_ms) as total, min(r.observed_at) as first_at, bool_or(r.edge) as cut
                    from (select o.run_id, o.attempt, coalesce(o.job, '') as job, o.duration_ms, o.observed_at,
                                 count(*) over () >= ? and o.observed_at = min(o.observed_at) over () as edge
                          from (select * from outcome o where o.project = ? and o.suite = t.suite and o.status <> 'skipped'
                                  and (?::text is null or o.branch = ?)
                                order by o.observed_at desc limit ?) o) r
                    group by r.run_id, r.attempt, r.job
                    order by first_at desc limit ?) d
                where not d.cut
                order by t.i, d.first_at""")) {
            query.setArray(1, connection.createArrayOf("text", ran.toArray()));
            query.setInt(2, MOST_ROWS);
            query.setString(3, rule.project());
            query.setString(4, rule.scope().branch());
            query.setString(5, rule.scope().branch());
            query.setInt(6, MOST_ROWS);
            query.setInt(7, needed);
            return histories(query, ran.size());
        }
    }

    /**
     * Per series, its durations oldest first, from a query answering (series number from 1, duration) ordered by series
     * and then oldest first: the shape both duration_regression readers (per test, per suite) share.
     */
    static List<long[]> histories(PreparedStatement query, int series) throws SQLException {
        List<List<Long>> read = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            read.add(new ArrayList<>());
        }
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                read.get(rs.getInt(1) - 1).add(rs.getLong(2));
            }
        }
        return read.stream().map(durations -> durations.stream().mapToLong(Long::longValue).toArray()).toList();
    }
}
