package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.testpulse.analysis.inbox.EvaluationInbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The inbox evaluation's meters: evaluations, rows taken and failures counted; the backlog read at each scrape. */
final class InboxMeters {

    private final DataSource dataSource;
    private final EvaluationInbox inbox;
    private final Counter evaluations;
    private final Counter rowsEvaluated;
    private final Counter failures;

    InboxMeters(MeterRegistry registry, DataSource dataSource, EvaluationInbox inbox) {
        this.dataSource = dataSource;
        this.inbox = inbox;
        this.evaluations = Counter.builder("testpulse.analysis.alerts.evaluations")
                .description("evaluations of a project's pending inbox rows (one per project and pass, however many rows)").register(registry);
        this.rowsEvaluated = Counter.builder("testpulse.analysis.alerts.inbox.rows.evaluated")
                .description("inbox rows (one per batch and project) taken by those evaluations").register(registry);
        this.failures = registry.counter("testpulse.analysis.alerts.evaluation.failures");
        // read from the table at each scrape, so they keep telling the truth when the worker is the one stuck
        Gauge.builder("testpulse.analysis.alerts.inbox.depth", this, meters -> meters.backlog(false))
                .description("inbox rows waiting for evaluation, all instances").register(registry);
        Gauge.builder("testpulse.analysis.alerts.inbox.oldest.age", this, meters -> meters.backlog(true))
                .description("seconds the oldest inbox row has waited for evaluation").baseUnit("seconds").register(registry);
    }

    /** A project's evaluation committed, having taken {@code rows} rows (none: nothing is counted). */
    void evaluated(int rows) {
        if (rows > 0) {
            evaluations.increment();
            rowsEvaluated.increment(rows);
        }
    }

    void failed() {
        failures.increment();
    }

    /** The inbox's pending rows, or (age) the seconds the oldest waited; NaN when the database does not answer. */
    private double backlog(boolean age) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            EvaluationInbox.Backlog backlog = inbox.backlog(connection);
            return age ? backlog.oldestAge().toMillis() / 1000.0 : backlog.rows();
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
