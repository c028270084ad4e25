package dev.testpulse.analysis.alerts.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.insights.CriticalTests;
import dev.testpulse.analysis.outcome.Outcome;

/** critical_failed: each critical test the batch ran; its latest execution there breaches when it failed. */
@ApplicationScoped
public class CriticalFailedSignals implements SignalSource {

    @Override
    public AlertKind kind() {
        return AlertKind.CRITICAL_FAILED;
    }

    @Override
    public Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) {
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (Outcome outcome : latest(rule, occasion.batch(), occasion.settings().criticalTests()).values()) {
            boolean failed = !"passed".equals(outcome.status());
            Map<String, String> labels = Map.of("project", rule.project(), "suite", outcome.suite(), "test", SeriesLabels.test(outcome));
            String summary = "critical test " + labels.get("test") + " " + outcome.status() + " in run " + outcome.run().id()
                    + (failed && outcome.failure() != null && outcome.failure().message() != null ? ": " + outcome.failure().message() : "");
            SeriesSignal signal = new SeriesSignal(labels, failed ? Signal.BREACH : Signal.CLEAR, null, null, null, null, null,
                    null, summary);
            signals.put(signal.fingerprint(rule.id()), signal);
        }
        return signals;
    }

    /** The latest execution (then the latest retry) of each critical test of the batch within the rule's scope. */
    private static Map<String, Outcome> latest(AlertRule rule, List<Outcome> batch, List<String> listed) {
        Map<String, Outcome> latest = new LinkedHashMap<>();
        for (Outcome outcome : batch) {
            String key = (outcome.test().className() == null ? "" : outcome.test().className()) + "#" + outcome.test().name();
            boolean critical = (outcome.test().tags() != null && outcome.test().tags().contains(CriticalTests.TAG)) || listed.contains(key);
            if (critical && !"skipped".equals(outcome.status()) && SeriesLabels.inScope(rule, outcome)) {
                latest.merge(outcome.suite() + "\u0000" + key, outcome, (a, b) -> b.observedAt().isAfter(a.observedAt())
                        || (b.observedAt().equals(a.observedAt()) && b.retry() > a.retry()) ? b : a);
            }
        }
        return latest;
    }
}
