package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.DurationRegressionCondition;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.outcome.Outcome;

/**
 * duration_regression with {@code per: test} (the default): each test of the batch within the rule's globs (and
 * branch), judged on its own last passed executions from the raw outcomes ({@link DurationRegressionCondition}):
 * newest first by when they were observed, at most as many as the condition reads, so the query is bounded whatever
 * the raw retention holds. Failed executions are left out: a test that times out or stops at its first assertion says
 * nothing about its speed.
 */
@ApplicationScoped
public class TestDurations {

    Map<String, SeriesSignal> signals(Connection connection, AlertRule rule, List<Outcome> batch) throws SQLException {
        DurationRegressionCondition condition = DurationRegressionCondition.of(rule.thresholds().minSamples());
        List<Outcome> ran = passedTests(rule, batch);
        if (ran.isEmpty()) {
            return Map.of();
        }
        List<long[]> history = history(connection, rule, ran, condition.needed());
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (int index = 0; index < ran.size(); index++) {
            Outcome outcome = ran.get(index);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("project", rule.project());
            labels.put("suite", outcome.suite());
            labels.put("test", SeriesLabels.test(outcome));
            if (rule.scope().branch() != null) {
                labels.put("branch", rule.scope().branch());
            }
            SeriesSignal signal = condition.signal(labels, history.get(index), labels.get("test"), "passed executions", "executions");
            signals.put(signal.fingerprint(rule.id()), signal);
        }
        return signals;
    }

    /** The batch's passed tests within the rule's scope, each once. */
    private static List<Outcome> passedTests(AlertRule rule, List<Outcome> batch) {
        Map<String, Outcome> tests = new LinkedHashMap<>();
        for (Outcome outcome : batch) {
            if (outcome.project().equals(rule.project()) && "passed".equals(outcome.status()) && SeriesLabels.inScope(rule, outcome)) {
                tests.putIfAbsent(SeriesLabels.key(outcome), outcome);
            }
        }
        return new ArrayList<>(tests.values());
    }

    /** One statement for the batch's tests (a batch may bring a thousand): each one's newest executions, oldest first. */
    private static List<long[]> history(Connection connection, AlertRule rule, List<Outcome> ran, int needed) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                select t.i, d.duration_ms
                from unnest(?::text[], ?::text[], ?::text[]) with ordinality as t(suite, class_name, test_name, i)
                cross join lateral (
                    select o.duration_ms, o.observed_at, o.retry from outcome o
                    where o.project = ? and o.suite = t.suite and o.class_name is not distinct from t.class_name
                      and o.test_name = t.test_name and o.status = 'passed' and (?::text is null or o.branch = ?)
                    order by o.observed_at desc, o.retry desc limit ?) d
                order by t.i, d.observed_at, d.retry""")) {
            query.setArray(1, connection.createArrayOf("text", ran.stream().map(Outcome::suite).toArray()));
            query.setArray(2, connection.createArrayOf("text", ran.stream().map(outcome -> outcome.test().className()).toArray()));
            query.setArray(3, connection.createArrayOf("text", ran.stream().map(outcome -> outcome.test().name()).toArray()));
            query.setString(4, rule.project());
            query.setString(5, rule.scope().branch());
            query.setString(6, rule.scope().branch());
            query.setInt(7, needed);
            return SuiteDurations.histories(query, ran.size());
        }
    }
}
