package dev.testpulse.analysis.alerts.evaluation;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.testpulse.analysis.alerts.delivery.AlertOutbox;
import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Silences;
import dev.testpulse.analysis.alerts.state.AlertState;
import dev.testpulse.analysis.alerts.state.AlertStateMachine;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.SeriesState;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.alerts.state.Timing;
import dev.testpulse.analysis.alerts.state.Transition;

/**
 * One project's evaluation on one occasion ({@link AlertEvaluator}): per rule, its signals from the kind's
 * {@link SignalSource} (and an early rule's {@link EarlySignals}), each series stepped, the changed ones saved and their
 * events put in the outbox. Remembers whether an infra incident fires or just ended, which the evaluator needs for the
 * project's other rules.
 */
final class ProjectEvaluation {

    private static final Logger LOG = Logger.getLogger(ProjectEvaluation.class);

    /** The beans an evaluation uses, gathered once by the evaluator. */
    record Parts(SeriesStore series, AlertOutbox outbox, SignalSources sources, EarlySignals early, RuleWindows windows) {
    }

    private final Parts parts;
    private final Occasion occasion;
    private final Silences.Active silenced;
    /** A rule evaluated on its own ({@link AlertEvaluator#evaluateRule}): its early half judges the project's running runs, not a batch's. */
    private final boolean onItsOwn;
    private boolean incidentFiring;
    private boolean incidentEnded;

    ProjectEvaluation(Parts parts, Occasion occasion, Silences.Active silenced, boolean onItsOwn) {
        this.parts = parts;
        this.occasion = occasion;
        this.silenced = silenced;
        this.onItsOwn = onItsOwn;
    }

    boolean incidentFiring() {
        return incidentFiring;
    }

    boolean incidentEnded() {
        return incidentEnded;
    }

    int apply(AlertRule rule, boolean suppress, boolean clock) throws SQLException {
        Map<String, SeriesSignal> signals = signals(rule, clock);
        // one statement for all of them: a flaky or critical rule has a signal per test of the batch
        Map<String, SeriesStore.Stored> known = parts.series().toStep(occasion.connection(), rule.id(), signals.keySet());
        Set<String> fingerprints = new LinkedHashSet<>(signals.keySet());
        fingerprints.addAll(known.keySet());
        SeriesSteps steps = new SeriesSteps(parts.outbox(), occasion.connection(), rule, occasion.now(), clock);
        try (SeriesStore.Saves saves = parts.series().saves(occasion.connection())) {
            for (String fingerprint : fingerprints) {
                SeriesStore.Stored stored = known.get(fingerprint);
                boolean news = signals.containsKey(fingerprint);
                SeriesSignal signal = news ? signals.get(fingerprint) : absent(rule, stored, clock);
                Transition transition = transition(rule, fingerprint, stored, signal, suppress, clock);
                steps.save(saves, fingerprint, stored, signal, transition, news);
            }
            saves.flush();
        }
        return steps.events();
    }

    private Transition transition(AlertRule rule, String fingerprint, SeriesStore.Stored stored, SeriesSignal signal, boolean suppress,
            boolean clock) {
        SeriesState current = stored == null ? SeriesState.INITIAL : stored.state();
        Signal input = suppress && signal.signal() == Signal.BREACH ? Signal.HOLD : signal.signal();
        boolean mute = silenced.silenced(fingerprint, signal.labels());
        // an early series ends with its run: no keep_firing_for (an early incident would mute the project an hour)
        Timing timing = signal.labels().containsKey(EarlySignals.RUN_LABEL)
                ? new Timing(rule.timing().forEvaluations(), rule.timing().forDuration(), Duration.ZERO) : rule.evaluationTiming();
        Transition transition = clock ? AlertStateMachine.tick(current, input, occasion.now(), timing, mute)
                : AlertStateMachine.step(current, input, occasion.now(), timing, mute);
        LOG.debugf("rule %s series %s (%s): %s %s -> %s %s", rule.id(), signal.labels(), clock ? "clock" : "data",
                current.state(), input, transition.next().state(), transition.event());
        if (rule.kind() == AlertKind.INFRA_INCIDENT) {
            incidentFiring |= transition.next().state() == AlertState.FIRING;
            incidentEnded |= current.state() == AlertState.FIRING && transition.next().state() != AlertState.FIRING;
        }
        return transition;
    }

    private Map<String, SeriesSignal> signals(AlertRule rule, boolean clock) throws SQLException {
        if (clock && parts.windows().ratesOverRuns(rule)) {
            return Map.of(); // see absent(): the last runs' rate is what the data said last
        }
        Map<String, SeriesSignal> ordinary = parts.sources().of(rule.kind()).signals(occasion, rule);
        if (clock || !rule.early()) {
            return ordinary;
        }
        Map<String, SeriesSignal> both = new LinkedHashMap<>(ordinary);
        both.putAll(parts.early().signals(occasion.connection(), rule, onItsOwn ? parts.early().running(occasion.connection(), rule)
                : EarlySignals.runsOf(rule, occasion.batch())));
        return both;
    }

    /**
     * A series with no news this time. A one-shot alert (a new failure cause) and an incident (whose pipeline may
     * never run again) clear, so that they end once their keep_firing_for has passed; everything else holds.
     */
    private SeriesSignal absent(AlertRule rule, SeriesStore.Stored stored, boolean clock) throws SQLException {
        Map<String, String> labels = stored.labels();
        if (labels.containsKey(EarlySignals.RUN_LABEL)) {
            // an early series lasts while its run runs; once it ended the ordinary series of the rule judge it
            boolean running = parts.early().stillRunning(occasion.connection(), rule, labels);
            return quiet(labels, running ? Signal.HOLD : Signal.CLEAR,
                    "run " + labels.get(EarlySignals.RUN_LABEL) + (running ? " still runs" : " ended"));
        }
        if (clock && parts.windows().ratesOverRuns(rule)) {
            // A rate over the last N runs cannot change without a new run, so the clock does not re-read it (that
            // was every rate of every project with an alert, each tick): the series' last verdict stands, and only
            // time acts on it (for_duration, keep_firing_for, silences).
            boolean breaching = stored.state().breachStreak() > 0;
            return quiet(labels, breaching ? Signal.BREACH : Signal.CLEAR, labels
                    + (breaching ? ": still below the threshold as of its last run in " : ": recovered as of its last run in ") + rule.window());
        }
        boolean expires = rule.kind() == AlertKind.NEW_FAILURE_GROUP || rule.kind() == AlertKind.INFRA_INCIDENT;
        return quiet(labels, expires ? Signal.CLEAR : Signal.HOLD, "no new data for " + labels);
    }

    private static SeriesSignal quiet(Map<String, String> labels, Signal signal, String summary) {
        return new SeriesSignal(labels, signal, null, null, null, null, null, null, summary);
    }
}
