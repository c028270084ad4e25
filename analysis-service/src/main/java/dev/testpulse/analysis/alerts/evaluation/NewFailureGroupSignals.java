package dev.testpulse.analysis.alerts.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Globs;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.failures.NewSignature;

/** new_failure_group: each signature the project had never seen before this batch. */
@ApplicationScoped
public class NewFailureGroupSignals implements SignalSource {

    @Override
    public AlertKind kind() {
        return AlertKind.NEW_FAILURE_GROUP;
    }

    @Override
    public Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) {
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (NewSignature signature : occasion.newSignatures()) {
            if (signature.project().equals(rule.project()) && Globs.matches(rule.scope().suiteGlob(), signature.suite())) {
                Map<String, String> labels = Map.of("project", rule.project(), "signature", signature.signature());
                SeriesSignal signal = new SeriesSignal(labels, Signal.BREACH, null, null, null, null, null, null,
                        "new failure cause in " + signature.suite() + ": " + signature.type() + ": " + signature.message());
                signals.put(signal.fingerprint(rule.id()), signal);
            }
        }
        return signals;
    }
}
