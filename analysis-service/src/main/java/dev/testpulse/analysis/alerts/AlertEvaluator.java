package dev.testpulse.analysis.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.failures.NewSignature;
import dev.testpulse.analysis.insights.ProjectSettings;
import dev.testpulse.analysis.insights.ProjectSettingsStore;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.storage.SqlFaults;
import dev.testpulse.analysis.windows.Window;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Evaluates the rules of every project a batch touched, inside the batch's transaction: each series' state machine
 * steps, and each transition that matters goes to the outbox in the same commit as the new state. An infra incident
 * firing for a project holds back every other rule of it, so one mass failure makes one alert. A rule that throws is
 * rolled back to a savepoint and marked broken (logged once, counted, then skipped until changed): it never stops
 * the batch from counting nor the other rules from being evaluated.
 */
@ApplicationScoped
public class AlertEvaluator {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AlertEvaluator.class);

    /** A one-shot alert (a new failure cause) stays firing this long unless the rule says otherwise. */
    static final Duration NEW_GROUP_KEEP_FIRING = Duration.ofHours(1);

    private final RuleStore rules;
    private final DefaultRules defaults;
    private final SeriesStore series;
    private final SignalSources sources;
    private final AlertOutbox outbox;
    private final Silences silences;
    private final ProjectSettingsStore settings;
    private final AnalysisConfig config;
    private final MeterRegistry meters;

    public AlertEvaluator(RuleStore rules, DefaultRules defaults, SeriesStore series, SignalSources sources, AlertOutbox outbox,
            Silences silences, ProjectSettingsStore settings, AnalysisConfig config, MeterRegistry meters) {
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

    /** @return how many alert events the evaluation wrote to the outbox */
    public int evaluate(Connection connection, List<Outcome> batch, Set<NewSignature> newSignatures, Instant now) throws SQLException {
        Map<String, List<Outcome>> byProject = new LinkedHashMap<>();
        batch.forEach(outcome -> byProject.computeIfAbsent(outcome.project(), p -> new ArrayList<>()).add(outcome));
        int events = 0;
        for (Map.Entry<String, List<Outcome>> project : byProject.entrySet()) {
            defaults.ensure(connection, project.getKey());
            List<AlertRule> projectRules = rules.forProject(connection, project.getKey()).stream()
                    .filter(rule -> rule.brokenAt() == null).toList();
            Evaluation evaluation = new Evaluation(connection, project.getValue(), newSignatures, now,
                    silences.active(connection, project.getKey(), now), settings.get(project.getKey()));
            for (AlertRule rule : projectRules) {
                if (isIncident(rule)) {
                    events += isolated(connection, evaluation, rule, false);
                }
            }
            boolean incident = evaluation.incidentFiring;
            for (AlertRule rule : projectRules) {
                if (!isIncident(rule)) {
                    events += isolated(connection, evaluation, rule, incident);
                }
            }
        }
        return events;
    }

    private static boolean isIncident(AlertRule rule) {
        return AlertKind.INFRA_INCIDENT.wire().equals(rule.kind());
    }

    /** Evaluates one rule behind a savepoint: if it throws, its partial writes are undone and it is marked broken. */
    private int isolated(Connection connection, Evaluation evaluation, AlertRule rule, boolean suppress) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            int events = evaluation.apply(rule, suppress);
            connection.releaseSavepoint(savepoint);
            return events;
        } catch (SQLException | RuntimeException e) {
            connection.rollback(savepoint);
            if (e instanceof SQLException sql && SqlFaults.meansUnavailable(sql)) {
                // the database, not the rule, is unwell: the whole batch waits and this rule is evaluated again
                throw sql;
            }
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.errorf(e, "rule %s of project %s is broken and skipped until it is changed: %s", rule.id(), rule.project(), reason);
            rules.markBroken(connection, rule.id(), reason.length() > 500 ? reason.substring(0, 500) : reason);
            meters.counter("testpulse.analysis.rules.broken").increment();
            return 0;
        }
    }

    /** One project's evaluation within one batch. */
    private final class Evaluation {
        private final Connection connection;
        private final List<Outcome> batch;
        private final Set<NewSignature> newSignatures;
        private final Instant now;
        private final Silences.Active silenced;
        private final ProjectSettings projectSettings;
        private boolean incidentFiring;

        Evaluation(Connection connection, List<Outcome> batch, Set<NewSignature> newSignatures, Instant now,
                Silences.Active silenced, ProjectSettings projectSettings) {
            this.connection = connection;
            this.batch = batch;
            this.newSignatures = newSignatures;
            this.now = now;
            this.silenced = silenced;
            this.projectSettings = projectSettings;
        }

        int apply(AlertRule rule, boolean suppress) throws SQLException {
            Map<String, SeriesSignal> signals = signals(rule);
            Map<String, SeriesStore.Stored> active = series.active(connection, rule.id());
            Set<String> fingerprints = new LinkedHashSet<>(signals.keySet());
            fingerprints.addAll(active.keySet());
            int events = 0;
            for (String fingerprint : fingerprints) {
                SeriesStore.Stored stored = active.containsKey(fingerprint) ? active.get(fingerprint)
                        : series.lock(connection, rule.id(), fingerprint);
                SeriesSignal signal = signals.containsKey(fingerprint) ? signals.get(fingerprint) : absent(rule, stored);
                events += step(rule, fingerprint, stored, signal, suppress);
            }
            return events;
        }

        private int step(AlertRule rule, String fingerprint, SeriesStore.Stored stored, SeriesSignal signal, boolean suppress)
                throws SQLException {
            SeriesState current = stored == null ? SeriesState.INITIAL : stored.state();
            Signal input = suppress && signal.signal() == Signal.BREACH ? Signal.HOLD : signal.signal();
            Transition transition = AlertStateMachine.step(current, input, now, timing(rule), silenced.silenced(fingerprint, signal.labels()));
            LOG.debugf("rule %s series %s: %s %s -> %s %s", rule.id(), signal.labels(), current.state(), input,
                    transition.next().state(), transition.event());
            SeriesState next = transition.next();
            if (rule.alertKind() == AlertKind.INFRA_INCIDENT && next.state() == AlertState.FIRING) {
                incidentFiring = true;
            }
            if (stored == null && next.state() == AlertState.OK && next.breachStreak() == 0) {
                return 0; // nothing worth a row: a series that never left OK
            }
            Instant firedAt = transition.event() == Transition.Event.FIRED ? now : stored == null ? null : stored.firedAt();
            series.save(connection, rule.id(), rule.project(), fingerprint, signal.labels(),
                    next.since() == null ? withSince(next) : next, signal.value(), firedAt);
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

        private Map<String, SeriesSignal> signals(AlertRule rule) throws SQLException {
            return switch (rule.alertKind()) {
                case RATE_BELOW, BASELINE_DROP -> sources.rates(connection, rule, window(rule), now);
                case CRITICAL_FAILED -> sources.critical(rule, batch, projectSettings.criticalTests());
                case NEW_FAILURE_GROUP -> sources.newSignatures(rule, newSignatures);
                case INFRA_INCIDENT -> sources.incidents(connection, rule, pipelines());
                case FLAKY_DETECTED -> sources.flaky(connection, rule, window(rule), projectSettings.defaultBranch(), batch, now);
            };
        }

        private Set<String> pipelines() {
            Set<String> pipelines = new LinkedHashSet<>();
            batch.forEach(outcome -> pipelines.add(outcome.pipeline()));
            return pipelines;
        }

        /** A series with no news this evaluation: a one-shot alert clears, everything else holds its state. */
        private SeriesSignal absent(AlertRule rule, SeriesStore.Stored stored) {
            Signal signal = rule.alertKind() == AlertKind.NEW_FAILURE_GROUP ? Signal.CLEAR : Signal.HOLD;
            return new SeriesSignal(stored.labels(), signal, null, null, null, null, null, null,
                    "no new data for " + stored.labels());
        }

        private Window window(AlertRule rule) {
            return Window.parse(rule.window(), config.defaultRuns(), config.maxRuns(), config.retention());
        }
    }

    static Timing timing(AlertRule rule) {
        long keep = RuleValidator.seconds(rule.keepFiringFor(), "keep_firing_for");
        Duration keepFiringFor = keep == 0 && rule.alertKind() == AlertKind.NEW_FAILURE_GROUP ? NEW_GROUP_KEEP_FIRING : Duration.ofSeconds(keep);
        return new Timing(rule.forEvaluations(), Duration.ofSeconds(RuleValidator.seconds(rule.forDuration(), "for_duration")), keepFiringFor);
    }
}
