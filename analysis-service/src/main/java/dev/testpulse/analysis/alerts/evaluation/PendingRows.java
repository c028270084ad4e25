package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.testpulse.analysis.failures.FailureSignatureStore;
import dev.testpulse.analysis.failures.NewSignature;
import dev.testpulse.analysis.inbox.AfterEvaluation;
import dev.testpulse.analysis.inbox.EvaluationInbox;
import dev.testpulse.analysis.inbox.Pending;
import dev.testpulse.analysis.runs.RunStore;

/**
 * One project's pending inbox rows, evaluated in the caller's transaction ({@link InboxEvaluation} commits or rolls
 * back): the project's alert lock tried, the rows taken, their outcomes added to their runs' tallies and the project's
 * failure signatures, then one evaluation of their union and each {@link AfterEvaluation}.
 */
@ApplicationScoped
public class PendingRows {

    private final EvaluationInbox inbox;
    private final AlertEvaluator evaluator;
    private final RunStore runs;
    private final FailureSignatureStore signatures;
    private final List<AfterEvaluation> after;

    public PendingRows(EvaluationInbox inbox, AlertEvaluator evaluator, RunStore runs, FailureSignatureStore signatures,
            Instance<AfterEvaluation> after) {
        this.inbox = inbox;
        this.evaluator = evaluator;
        this.runs = runs;
        this.signatures = signatures;
        this.after = after.stream().toList();
    }

    /** What an evaluation of a project's rows did: the rows it took and the alert events it wrote. */
    record Taken(int rows, int events) {
    }

    /** @return what was evaluated, or empty when another transaction holds the project (nothing was done) */
    Optional<Taken> evaluate(Connection connection, String project) throws SQLException {
        try (PreparedStatement timeout = connection.prepareStatement("set local statement_timeout = '30s'")) {
            timeout.execute();
        }
        if (!ProjectLocks.tryLock(connection, project)) {
            return Optional.empty();
        }
        Pending pending = inbox.take(connection, project);
        // the runs' tallies and the project's failure signatures first, in the same transaction: early rules judge
        // the runs with these outcomes in them, new_failure_group the causes they brought first
        runs.record(connection, pending.outcomes());
        Set<NewSignature> fresh = signatures.remember(connection, pending.outcomes(), signatures.sign(pending.outcomes()));
        if (pending.rows() == 0) {
            return Optional.of(new Taken(0, 0));
        }
        Instant now = Instant.now();
        int events = evaluator.evaluate(connection, pending, fresh, now);
        for (AfterEvaluation more : after) {
            events += more.evaluate(connection, pending, now);
        }
        return Optional.of(new Taken(pending.rows(), events));
    }
}
