package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.delivery.AlertOutbox;
import dev.testpulse.analysis.alerts.delivery.OutboxRelay;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.RuleStore;
import dev.testpulse.analysis.alerts.rules.StoredRule;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.Signal;

/**
 * Creating, changing and deleting rules, each in one transaction under the project's alert lock. When a rule goes,
 * or stops watching what it watched (another kind, scope, window, threshold or timing, or disabled), every series
 * its subscribers believe firing gets one resolved event, and its series start afresh: nothing stays firing for a
 * rule that no longer says so. A topic change does the same on the old topic: its subscribers were told "firing" there
 * and would otherwise never hear the resolve, which goes where the rule now publishes.
 *
 * <p>A rule created, enabled again or starting afresh is evaluated at once against what is already counted
 * ({@link AlertEvaluator#evaluateRule}), in the same transaction: the response (and {@code GET /api/v1/alerts} right
 * after) already shows whether it fires, and its fired event goes through the outbox like any other. A change of name
 * or severity only keeps the series as they are (an evaluation would count as one more for {@code for_evaluations}).
 */
@ApplicationScoped
public class RuleLifecycle {

    private final DataSource dataSource;
    private final RuleStore rules;
    private final SeriesStore series;
    private final AlertOutbox outbox;
    private final OutboxRelay relay;
    private final AlertEvaluator evaluator;

    public RuleLifecycle(DataSource dataSource, RuleStore rules, SeriesStore series, AlertOutbox outbox, OutboxRelay relay,
            AlertEvaluator evaluator) {
        this.dataSource = dataSource;
        this.rules = rules;
        this.series = series;
        this.outbox = outbox;
        this.relay = relay;
        this.evaluator = evaluator;
    }

    public StoredRule create(AlertRule rule, boolean enabled) throws SQLException {
        return inTransaction(rule.project(), connection -> {
            rules.save(connection, rule, false, enabled, Instant.now());
            if (enabled) {
                evaluator.evaluateRule(connection, rule, Instant.now());
            }
            return rules.find(connection, rule.id()).orElseThrow();
        });
    }

    /**
     * Replaces {@code current} with {@code rule}; resolves its series if it now watches something else or publishes
     * elsewhere, and evaluates it at once if its series start afresh or it was not evaluated before (disabled, broken).
     */
    public StoredRule replace(StoredRule current, AlertRule rule, boolean enabled) throws SQLException {
        return inTransaction(rule.project(), connection -> {
            boolean afresh = !enabled || !sameCondition(current.rule(), rule) || !current.rule().topic().equals(rule.topic());
            if (afresh) {
                resolveAll(connection, current.rule(), !enabled ? "the rule was disabled"
                        : sameCondition(current.rule(), rule) ? "the rule's topic was changed to " + rule.topic() : "the rule was changed");
            }
            rules.save(connection, rule, current.builtin(), enabled, current.createdAt());
            if (enabled && (afresh || !current.active())) {
                evaluator.evaluateRule(connection, rule, Instant.now());
            }
            return rules.find(connection, rule.id()).orElseThrow();
        });
    }

    public void delete(StoredRule current) throws SQLException {
        inTransaction(current.project(), connection -> {
            resolveAll(connection, current.rule(), "the rule was deleted");
            rules.delete(connection, current);
            return null;
        });
    }

    /**
     * Same condition: everything but name, severity and topic (which change what events say or where they go, not
     * when they happen; a topic change still resolves on the old topic, see {@link #replace}).
     */
    static boolean sameCondition(AlertRule a, AlertRule b) {
        return a.kind() == b.kind() && a.early() == b.early() && a.scope().equals(b.scope()) && a.window().equals(b.window())
                && a.thresholds().equals(b.thresholds()) && a.timing().equals(b.timing()) && a.per() == b.per()
                && Objects.equals(a.quarantine(), b.quarantine());
    }

    /** Resolves, on {@code rule}'s topic, each series its subscribers believe firing, and forgets all its series. */
    private int resolveAll(Connection connection, AlertRule rule, String why) throws SQLException {
        int resolved = 0;
        Instant now = Instant.now();
        for (Map.Entry<String, SeriesStore.Stored> entry : series.all(connection, rule.id()).entrySet()) {
            SeriesStore.Stored stored = entry.getValue();
            if (stored.state().notified()) {
                SeriesSignal signal = new SeriesSignal(stored.labels(), Signal.CLEAR, null, null, null, null, null, null,
                        why + " while " + stored.labels() + " was firing");
                outbox.add(connection, rule, entry.getKey(), signal, false, stored.firedAt() == null ? now : stored.firedAt(), now);
                resolved++;
            }
        }
        series.deleteAll(connection, rule.id());
        return resolved;
    }

    private <T> T inTransaction(String project, Work<T> work) throws SQLException {
        T result;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                ProjectLocks.lock(connection, project);
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        relay.wake();
        return result;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
