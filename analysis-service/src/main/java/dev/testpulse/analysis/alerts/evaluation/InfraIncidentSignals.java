package dev.testpulse.analysis.alerts.evaluation;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Thresholds;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.windows.WindowedCounts;

/**
 * infra_incident: the latest run of each pipeline the batch touched, as counted ({@link WindowedCounts}, the reader
 * of {@code run_counts}); it breaches when most of it failed.
 */
@ApplicationScoped
public class InfraIncidentSignals implements SignalSource {

    private final WindowedCounts counts;

    public InfraIncidentSignals(WindowedCounts counts) {
        this.counts = counts;
    }

    @Override
    public AlertKind kind() {
        return AlertKind.INFRA_INCIDENT;
    }

    @Override
    public Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) throws SQLException {
        Set<String> pipelines = new LinkedHashSet<>();
        occasion.batch().forEach((Outcome outcome) -> pipelines.add(outcome.pipeline()));
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (String pipeline : pipelines) {
            Optional<WindowedCounts.LatestRun> latest = counts.latestRun(occasion.connection(), rule.project(), pipeline);
            if (latest.isPresent()) {
                SeriesSignal signal = signal(rule, pipeline, latest.get());
                signals.put(signal.fingerprint(rule.id()), signal);
            }
        }
        return signals;
    }

    private static SeriesSignal signal(AlertRule rule, String pipeline, WindowedCounts.LatestRun run) {
        Thresholds.InfraIncident t = (Thresholds.InfraIncident) rule.thresholds();
        long passed = run.counts().passed();
        long executed = run.counts().executed();
        double failedShare = executed == 0 ? 0 : (double) (executed - passed) / executed;
        Signal signal = executed < t.minSamples() ? Signal.HOLD : failedShare * 100 > t.failedPct() ? Signal.BREACH : Signal.CLEAR;
        Map<String, String> labels = Map.of("project", rule.project(), "pipeline", pipeline);
        return new SeriesSignal(labels, signal, failedShare, passed, executed, null, null, t.failedPct() / 100,
                "run %s of %s: %.1f%% of %d tests failed (incident above %.1f%%)".formatted(run.runId(), pipeline, failedShare * 100,
                        executed, t.failedPct()));
    }
}
