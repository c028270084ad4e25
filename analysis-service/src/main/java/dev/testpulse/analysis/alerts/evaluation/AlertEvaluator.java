package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.delivery.AlertOutbox;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.AlertState;
import dev.testpulse.analysis.alerts.state.AlertStateMachine;
import dev.testpulse.analysis.alerts.rules.DefaultRules;
import dev.testpulse.analysis.alerts.rules.RuleStore;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.SeriesState;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.alerts.rules.Silences;
import dev.testpulse.analysis.alerts.rules.StoredRule;
import dev.testpulse.analysis.alerts.state.Timing;
import dev.testpulse.analysis.alerts.state.Transition;
import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.failures.NewSignature;
import dev.testpulse.analysis.inbox.Pending;
import dev.testpulse.analysis.insights.FlakyTest;
import dev.testpulse.analysis.insights.ProjectSettings;
import dev.testpulse.analysis.insights.ProjectSettingsStore;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.storage.SqlFaults;
import dev.testpulse.analysis.windows.Window;
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
    private final SignalSources sources;
    private final AlertOutbox outbox;
    private final Silences silences;
    private final ProjectSettingsStore settings;
    private final AnalysisConfig config;
    private final MeterRegistry meters;
    private final SuiteDurations suiteDurations;

    public AlertEvaluator(RuleStore rules, DefaultRules defaults, SeriesStore series, SignalSources sources, AlertOutbox outbox,
            Silences silences, ProjectSettingsStore settings, AnalysisConfig config, MeterRegistry meters, SuiteDurations suiteDurations) {
        this.suiteDurations = suiteDurations;
        this.rules = rules;
        this.defaults = defaults;
        this.series = series;
        this.sources = sources;
        this.outbox = outbox;
        this.silences = silences;
        this.settings = settings;
        this.config = config;
        this.meters = meters;
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
        Instant at = later(now);
        Evaluation evaluation = new Evaluation(connection, List.of(), Set.of(), at, silences.active(connection, rule.project(), at),
                settings.get(rule.project()), true);
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
        Evaluation evaluation = new Evaluation(connection, batch, newSignatures, now, silences.active(connection, project, now),
                settings.get(project), false);
        int events = 0;
        for (AlertRule rule : projectRules) {
            if (rule.kind() == AlertKind.INFRA_INCIDENT) {
                events += isolated(connection, evaluation, rule, false, clock);
            }
        }
        boolean incident = evaluation.incidentFiring;
        // an incident that ended just now releases what it held back: those rules are evaluated in full, as on new data
        boolean fullStep = !clock || evaluation.incidentEnded;
        for (AlertRule rule : projectRules) {
            if (rule.kind() != AlertKind.INFRA_INCIDENT) {
                events += isolated(connection, evaluation, rule, incident, !fullStep);
            }
        }
        return events;
    }

    /** Evaluates one rule behind a savepoint: if it throws, its partial writes are undone and it is marked broken. */
    private int isolated(Connection connection, Evaluation evaluation, AlertRule rule, boolean suppress, boolean clock) throws SQLException {
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

    /** One project's evaluation on one occasion. */
    private final class Evaluation {
        private final Connection connection;
        private final List<Outcome> batch;
        private final Set<NewSignature> newSignatures;
        private final Instant now;
        private final Silences.Active silenced;
        private final ProjectSettings projectSettings;
        /** A rule evaluated on its own ({@link #evaluateRule}): its early half judges the project's running runs, not a batch's. */
        private final boolean onItsOwn;
        private boolean incidentFiring;
        private boolean incidentEnded;
        /** Flaky tests of this batch per branch and window, shared by the project's flaky rules. */
        private final Map<List<Object>, Map<String, FlakyTest>> flakyFound = new HashMap<>();

        Evaluation(Connection connection, List<Outcome> batch, Set<NewSignature> newSignatures, Instant now,
                Silences.Active silenced, ProjectSettings projectSettings, boolean onItsOwn) {
            this.connection = connection;
            this.batch = batch;
            this.newSignatures = newSignatures;
            this.now = now;
            this.silenced = silenced;
            this.projectSettings = projectSettings;
            this.onItsOwn = onItsOwn;
        }

        int apply(AlertRule rule, boolean suppress, boolean clock) throws SQLException {
            Map<String, SeriesSignal> signals = signals(rule, clock);
            // one statement for all of them: a flaky or critical rule has a signal per test of the batch
            Map<String, SeriesStore.Stored> known = series.toStep(connection, rule.id(), signals.keySet());
            Set<String> fingerprints = new LinkedHashSet<>(signals.keySet());
            fingerprints.addAll(known.keySet());
            int events = 0;
            try (SeriesStore.Saves saves = series.saves(connection)) {
                for (String fingerprint : fingerprints) {
                    SeriesStore.Stored stored = known.get(fingerprint);
                    boolean news = signals.containsKey(fingerprint);
                    SeriesSignal signal = news ? signals.get(fingerprint) : absent(rule, stored, clock);
                    events += step(saves, rule, fingerprint, stored, signal, news, suppress, clock);
                }
                saves.flush();
            }
            return events;
        }

        private int step(SeriesStore.Saves saves, AlertRule rule, String fingerprint, SeriesStore.Stored stored, SeriesSignal signal,
                boolean news, boolean suppress, boolean clock) throws SQLException {
            SeriesState current = stored == null ? SeriesState.INITIAL : stored.state();
            Signal input = suppress && signal.signal() == Signal.BREACH ? Signal.HOLD : signal.signal();
            boolean mute = silenced.silenced(fingerprint, signal.labels());
            // an early series ends with its run: no keep_firing_for (an early incident would mute the project an hour)
            Timing timing = signal.labels().containsKey(SignalSources.RUN_LABEL)
                    ? new Timing(rule.timing().forEvaluations(), rule.timing().forDuration(), Duration.ZERO) : rule.evaluationTiming();
            Transition transition = clock ? AlertStateMachine.tick(current, input, now, timing, mute)
                    : AlertStateMachine.step(current, input, now, timing, mute);
            LOG.debugf("rule %s series %s (%s): %s %s -> %s %s", rule.id(), signal.labels(), clock ? "clock" : "data",
                    current.state(), input, transition.next().state(), transition.event());
            SeriesState next = transition.next();
            if (rule.kind() == AlertKind.INFRA_INCIDENT) {
                incidentFiring |= next.state() == AlertState.FIRING;
                incidentEnded |= current.state() == AlertState.FIRING && next.state() != AlertState.FIRING;
            }
            if (stored == null && next.state() == AlertState.OK && next.breachStreak() == 0) {
                return 0; // nothing worth a row: a series that never left OK
            }
            if (stored != null && next.equals(current) && transition.event() == Transition.Event.NONE && (clock || !news)) {
                // nothing changed and nothing new to show: no write, so that a batch costs what it brings, not one
                // write per series already firing (and a series' last value is not overwritten by "no data")
                return 0;
            }
            Instant firedAt = transition.event() == Transition.Event.FIRED ? now : stored == null ? null : stored.firedAt();
            saves.add(rule.id(), rule.project(), fingerprint, signal.labels(), next.since() == null ? withSince(next) : next,
                    signal.value(), firedAt);
            if (transition.event() == Transition.Event.NONE) {
                return 0;
            }
            outbox.add(connection, rule, fingerprint, signal, transition.event() == Transition.Event.FIRED,
                    firedAt == null ? now : firedAt, now);
            return 1;
        }

        private SeriesState withSince(SeriesState state) {
            return new SeriesState(state.state(), now, state.breachingSince(), state.breachStreak(), state.lastBreach(), state.notified());
        }

        private Map<String, SeriesSignal> signals(AlertRule rule, boolean clock) throws SQLException {
            Window window = window(rule);
            if (clock && ratesOverRuns(rule)) {
                return Map.of(); // see absent(): the last runs' rate is what the data said last
            }
            if (!clock && rule.early()) {
                Map<String, SeriesSignal> both = new LinkedHashMap<>(ordinary(rule, window));
                both.putAll(sources.early(connection, rule, onItsOwn ? sources.running(connection, rule) : SignalSources.runsOf(rule, batch)));
                return both;
            }
            return ordinary(rule, window);
        }

        private Map<String, SeriesSignal> ordinary(AlertRule rule, Window window) throws SQLException {
            return switch (rule.kind()) {
                case RATE_BELOW, BASELINE_DROP -> sources.rates(connection, rule, window, now);
                case CRITICAL_FAILED -> sources.critical(rule, batch, projectSettings.criticalTests());
                case NEW_FAILURE_GROUP -> sources.newSignatures(rule, newSignatures);
                case INFRA_INCIDENT -> sources.incidents(connection, rule, pipelines());
                case FLAKY_DETECTED -> sources.flaky(connection, rule, window(rule), projectSettings.defaultBranch(), batch, now, flakyFound);
                case DURATION_REGRESSION -> rule.per() == AlertRule.Per.SUITE ? suiteDurations.signals(connection, rule, batch)
                        : sources.durations(connection, rule, batch);
                // it acts on tests (quarantine.AutoQuarantine, after this evaluation), it never fires: no series
                case AUTO_QUARANTINE -> Map.of();
            };
        }

        private Set<String> pipelines() {
            Set<String> pipelines = new LinkedHashSet<>();
            batch.forEach(outcome -> pipelines.add(outcome.pipeline()));
            return pipelines;
        }

        /**
         * A series with no news this time. A one-shot alert (a new failure cause) and an incident (whose pipeline may
         * never run again) clear, so that they end once their keep_firing_for has passed; everything else holds.
         */
        private SeriesSignal absent(AlertRule rule, SeriesStore.Stored stored, boolean clock) throws SQLException {
            if (stored.labels().containsKey(SignalSources.RUN_LABEL)) {
                // an early series lasts while its run runs; once it ended the ordinary series of the rule judge it
                boolean running = sources.stillRunning(connection, rule, stored.labels());
                return new SeriesSignal(stored.labels(), running ? Signal.HOLD : Signal.CLEAR, null, null, null, null, null, null,
                        "run " + stored.labels().get(SignalSources.RUN_LABEL) + (running ? " still runs" : " ended"));
            }
            if (clock && ratesOverRuns(rule)) {
                // A rate over the last N runs cannot change without a new run, so the clock does not re-read it (that
                // was every rate of every project with an alert, each tick): the series' last verdict stands, and only
                // time acts on it (for_duration, keep_firing_for, silences).
                boolean breaching = stored.state().breachStreak() > 0;
                return new SeriesSignal(stored.labels(), breaching ? Signal.BREACH : Signal.CLEAR, null, null, null, null, null, null,
                        stored.labels() + (breaching ? ": still below the threshold as of its last run in " : ": recovered as of its last run in ")
                                + rule.window());
            }
            boolean expires = rule.kind() == AlertKind.NEW_FAILURE_GROUP || rule.kind() == AlertKind.INFRA_INCIDENT;
            return new SeriesSignal(stored.labels(), expires ? Signal.CLEAR : Signal.HOLD, null, null, null, null, null, null,
                    "no new data for " + stored.labels());
        }

        private boolean ratesOverRuns(AlertRule rule) {
            return (rule.kind() == AlertKind.RATE_BELOW || rule.kind() == AlertKind.BASELINE_DROP) && window(rule) instanceof Window.LastRuns;
        }

        private Window window(AlertRule rule) {
            return Window.parse(rule.window(), config.defaultRuns(), config.maxRuns(), config.retention());
        }
    }
}
