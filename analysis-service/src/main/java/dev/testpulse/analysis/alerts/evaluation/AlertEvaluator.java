package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.alerts.delivery.AlertOutbox;
import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.DefaultRules;
import dev.testpulse.analysis.alerts.rules.RuleStore;
import dev.testpulse.analysis.alerts.rules.Silences;
import dev.testpulse.analysis.alerts.rules.StoredRule;
import dev.testpulse.analysis.alerts.state.AlertState;
import dev.testpulse.analysis.alerts.state.AlertStateMachine;
import dev.testpulse.analysis.failures.NewSignature;
import dev.testpulse.analysis.inbox.Pending;
import dev.testpulse.analysis.insights.ProjectSettingsStore;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.storage.SqlFaults;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Evaluates a project's rules, inside the caller's transaction and under the project's alert lock
 * ({@link ProjectLocks}): each series' state machine steps, and each transition that matters goes to the outbox in
 * the same commit as the new state. Three occasions: new outcomes, after the batches that counted them committed (a
 * project's pending inbox rows, {@link #evaluate} from {@link InboxEvaluation}), the clock
 * ({@link #evaluateTime}: time-based transitions of projects that have sent nothing new), and a rule just created or
 * changed, on its own ({@link #evaluateRule}). An infra incident firing
 * for a project holds back every other rule of it, so one mass failure makes one alert; when it ends, what it held
 * back is evaluated then. A rule that throws is rolled back to a savepoint and marked broken (logged once, counted,
 * then skipped until changed): it never stops the other rules from being evaluated (and counting never waits for
 * evaluation at all); a database fault is not the rule's, and rolls the whole evaluation back, its inbox rows pending.
 */
@ApplicationScoped
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);

    private final RuleStore rules;
    private final DefaultRules defaults;
    private final SeriesStore series;
    private final Silences silences;
    private final ProjectSettingsStore settings;
    private final MeterRegistry meters;
    private final ProjectEvaluation.Parts parts;

    public AlertEvaluator(RuleStore rules, DefaultRules defaults, SeriesStore series, SignalSources sources, EarlySignals early,
            RuleWindows windows, AlertOutbox outbox, Silences silences, ProjectSettingsStore settings, MeterRegistry meters) {
        this.rules = rules;
        this.defaults = defaults;
        this.series = series;
        this.silences = silences;
        this.settings = settings;
        this.meters = meters;
        this.parts = new ProjectEvaluation.Parts(series, outbox, sources, early, windows);
    }

    /**
     * A project's pending inbox rows, taken together ({@link InboxEvaluation}): what the batches counted since its last
     * evaluation, as one step of its series, with the failure signatures those outcomes brought to the project first.
     * The caller holds the project's alert lock and took the rows in this transaction, so they are evaluated exactly
     * once. @return how many alert events were written
     */
    int evaluate(Connection connection, Pending pending, Set<NewSignature> newSignatures, Instant now) throws SQLException {
        defaults.ensure(connection, pending.project());
        return evaluateProject(connection, pending.project(), pending.outcomes(), newSignatures, later(now), false);
    }

    /**
     * The clock's step for one project without new outcomes: {@code for_duration} and {@code keep_firing_for} run out,
     * silences end, one-shot alerts and incidents expire. Skipped while another transaction holds the project: under
     * load that is the evaluation of its inbox, which steps every active series of the project at this moment, so the
     * clock has nothing to add; otherwise (a rule change) the next tick comes back to it ({@link BusyProjects} bounds
     * how many ticks in a row, then the clock passes {@code wait}). Counting never takes this lock, so the clock never
     * holds a batch up.
     * @return how many alert events were written, or empty when the project was busy and {@code wait} was false
     */
    public OptionalInt evaluateTime(Connection connection, String project, Instant now, boolean wait) throws SQLException {
        if (wait) {
            ProjectLocks.lock(connection, project);
        } else if (!ProjectLocks.tryLock(connection, project)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(evaluateProject(connection, project, List.of(), Set.of(), later(now), true));
    }

    /**
     * A rule just created or changed (or enabled again), on its own, against what is already counted: so that creating
     * a rule answers "does it fire now?" instead of waiting for the project's next upload. Rates are read over the rule's
     * window and an early rule judges the project's running runs; kinds that judge what a batch brings (critical tests,
     * new failure causes, flaky tests, incidents per pipeline) have nothing to judge until it comes. It is a step of the
     * stored data like a batch's ({@link AlertStateMachine#step}: it counts as one evaluation for {@code for_evaluations}),
     * under the project's alert lock in the caller's transaction (the rule change's), so a batch or the clock on any
     * instance steps the series after it, from the state it left: a series this fired is FIRING and notified, and the
     * next batch that still breaches sends nothing. A project whose infra incident fires holds the rule back, as a
     * batch would. @return how many alert events were written
     */
    public int evaluateRule(Connection connection, AlertRule rule, Instant now) throws SQLException {
        ProjectLocks.lock(connection, rule.project()); // re-entrant: the rule change's transaction holds it already
        ProjectEvaluation evaluation = evaluation(connection, rule.project(), List.of(), Set.of(), later(now), true);
        boolean suppress = rule.kind() != AlertKind.INFRA_INCIDENT && incidentFiring(connection, rule.project());
        return isolated(connection, evaluation, rule, suppress, false);
    }

    /** Whether an infra incident of the project fires now (its rules' stored series, not a new evaluation of them). */
    private boolean incidentFiring(Connection connection, String project) throws SQLException {
        for (StoredRule stored : rules.forProject(connection, project)) {
            if (stored.active() && stored.rule().kind() == AlertKind.INFRA_INCIDENT
                    && series.active(connection, stored.rule().id()).values().stream().anyMatch(s -> s.state().state() == AlertState.FIRING)) {
                return true;
            }
        }
        return false;
    }

    /** Never step a series back in time: another instance may have stepped it while this one waited for the lock. */
    private static Instant later(Instant now) {
        Instant clock = Instant.now();
        return clock.isAfter(now) ? clock : now;
    }

    private int evaluateProject(Connection connection, String project, List<Outcome> batch, Set<NewSignature> newSignatures,
            Instant now, boolean clock) throws SQLException {
        List<AlertRule> projectRules = rules.forProject(connection, project).stream().filter(StoredRule::active)
                .map(StoredRule::rule).toList();
        ProjectEvaluation evaluation = evaluation(connection, project, batch, newSignatures, now, false);
        int events = 0;
        for (AlertRule rule : projectRules) {
            if (rule.kind() == AlertKind.INFRA_INCIDENT) {
                events += isolated(connection, evaluation, rule, false, clock);
            }
        }
        boolean incident = evaluation.incidentFiring();
        // an incident that ended just now releases what it held back: those rules are evaluated in full, as on new data
        boolean fullStep = !clock || evaluation.incidentEnded();
        for (AlertRule rule : projectRules) {
            if (rule.kind() != AlertKind.INFRA_INCIDENT) {
                events += isolated(connection, evaluation, rule, incident, !fullStep);
            }
        }
        return events;
    }

    private ProjectEvaluation evaluation(Connection connection, String project, List<Outcome> batch, Set<NewSignature> newSignatures,
            Instant now, boolean onItsOwn) throws SQLException {
        Occasion occasion = new Occasion(connection, batch, newSignatures, now, settings.get(project));
        return new ProjectEvaluation(parts, occasion, silences.active(connection, project, now), onItsOwn);
    }

    /** Evaluates one rule behind a savepoint: if it throws, its partial writes are undone and it is marked broken. */
    private int isolated(Connection connection, ProjectEvaluation evaluation, AlertRule rule, boolean suppress, boolean clock) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            int events = evaluation.apply(rule, suppress, clock);
            connection.releaseSavepoint(savepoint);
            return events;
        } catch (SQLException | RuntimeException e) {
            connection.rollback(savepoint);
            if (e instanceof SQLException sql && SqlFaults.meansUnavailable(sql)) {
                // the database, not the rule, is unwell: the whole evaluation rolls back and its inbox rows wait for the next
                throw sql;
            }
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf(e, "rule %s of project %s is broken and skipped until it is changed: %s", rule.id(), rule.project(), reason);
            rules.markBroken(connection, rule.id(), reason.length() > 500 ? reason.substring(0, 500) : reason);
            meters.counter("testpulse.analysis.rules.broken").increment();
            return 0;
        }
    }
}
