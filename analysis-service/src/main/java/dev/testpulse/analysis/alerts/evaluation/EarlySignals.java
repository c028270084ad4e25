package dev.testpulse.analysis.alerts.evaluation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Thresholds;
import dev.testpulse.analysis.alerts.state.EarlyRunCondition;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.runs.RunCounts;
import dev.testpulse.analysis.runs.RunRef;
import dev.testpulse.analysis.runs.RunStore;
import dev.testpulse.analysis.runs.RunView;

/**
 * An early rule (rate_below or infra_incident with {@code early}): each run named that still runs, judged on what
 * arrived of it so far within the rule's suite and test globs and on how it can still end ({@link EarlyRunCondition},
 * sized by its job's recent finished runs counted within the same globs: {@link RunsInScope}); it breaches once
 * confidently bad and unable to end healthy, and holds otherwise. Its series are the run's, next to the rule's
 * ordinary ones: {@link #RUN_LABEL} tells them apart.
 */
@ApplicationScoped
public class EarlySignals {

    /** The label that makes a series an early one: a run (or a job of it) judged while it runs. */
    static final String RUN_LABEL = "run";
    /** How many running runs a rule evaluated on its own (just created or changed) looks at, at most. */
    static final int RUNNING_RUNS = 1_000;

    private final RunStore runs;
    private final RunsInScope inScope;

    public EarlySignals(RunStore runs, RunsInScope inScope) {
        this.runs = runs;
        this.inScope = inScope;
    }

    /** The runs of a batch an early rule looks at: those of its project and branch. */
    static Set<RunRef> runsOf(AlertRule rule, List<Outcome> batch) {
        Set<RunRef> refs = new TreeSet<>();
        for (Outcome outcome : batch) {
            if (outcome.project().equals(rule.project()) && SeriesLabels.onBranch(rule, outcome)) {
                refs.add(RunRef.of(outcome));
            }
        }
        return refs;
    }

    /** The project's runs that still run, of the rule's branch: what an early rule judges when it is created or changed. */
    Set<RunRef> running(Connection connection, AlertRule rule) throws SQLException {
        Set<RunRef> refs = new TreeSet<>();
        for (RunView run : runs.list(connection, rule.project(), "running", RUNNING_RUNS)) {
            if (rule.scope().branch() == null || rule.scope().branch().equals(run.branch())) {
                refs.add(new RunRef(run.project(), run.pipeline(), run.runId(), run.attempt(), run.job() == null ? "" : run.job()));
            }
        }
        return refs;
    }

    Map<String, SeriesSignal> signals(Connection connection, AlertRule rule, Set<RunRef> refs) throws SQLException {
        EarlyRunCondition condition = condition(rule);
        Map<RunRef, RunCounts> running = new LinkedHashMap<>();
        new TreeMap<>(inScope.counts(connection, rule.scope(), refs)).forEach((ref, so) -> {
            if (so.running()) {
                running.put(ref, so); // a late outcome of a finished run: the ordinary rule judges it now
            }
        });
        Map<RunRef, Long> sizes = inScope.largestRecent(connection, rule.scope(), running.keySet());
        EarlyVerdicts verdicts = new EarlyVerdicts(condition, EarlyVerdicts.scopeText(rule.scope()));
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        running.forEach((ref, so) -> {
            SeriesSignal signal = verdicts.signal(ref, so, sizes.getOrDefault(ref, 0L));
            signals.put(signal.fingerprint(rule.id()), signal);
        });
        return signals;
    }

    private static EarlyRunCondition condition(AlertRule rule) {
        if (rule.thresholds() instanceof Thresholds.InfraIncident t) {
            return EarlyRunCondition.forIncident(t.failedPct(), confidence(t.confidence()), t.minSamples());
        }
        Thresholds.RateBelow t = (Thresholds.RateBelow) rule.thresholds();
        return EarlyRunCondition.of(t.below(), confidence(t.confidence()), t.minSamples());
    }

    private static double confidence(Double confidence) {
        return confidence == null ? EarlyRunCondition.DEFAULT_CONFIDENCE : confidence;
    }

    /** Whether the run of an early series still runs (a series whose run is gone has ended too). */
    boolean stillRunning(Connection connection, AlertRule rule, Map<String, String> labels) throws SQLException {
        String run = labels.get(RUN_LABEL);
        int dot = run == null ? -1 : run.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        RunRef ref = new RunRef(rule.project(), labels.get("pipeline"), run.substring(0, dot), Integer.parseInt(run.substring(dot + 1)),
                labels.getOrDefault("job", ""));
        RunCounts counts = runs.counts(connection, List.of(ref)).get(ref);
        return counts != null && counts.running();
    }
}
