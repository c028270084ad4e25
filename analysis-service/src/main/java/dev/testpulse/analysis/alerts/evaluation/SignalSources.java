package dev.testpulse.analysis.alerts.evaluation;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;

/** The one place signal sources are registered: one per {@link AlertKind}, every kind covered (checked at startup). */
@ApplicationScoped
public class SignalSources {

    private final Map<AlertKind, SignalSource> byKind;

    public SignalSources(RateBelowSignals rateBelow, BaselineDropSignals baselineDrop, CriticalFailedSignals criticalFailed,
            NewFailureGroupSignals newFailureGroup, FlakyDetectedSignals flakyDetected, InfraIncidentSignals infraIncident,
            DurationRegressionSignals durationRegression, AutoQuarantineSignals autoQuarantine) {
        this.byKind = register(List.of(rateBelow, baselineDrop, criticalFailed, newFailureGroup, flakyDetected, infraIncident,
                durationRegression, autoQuarantine));
    }

    SignalSource of(AlertKind kind) {
        return byKind.get(kind);
    }

    /** The sources by kind; a kind without a source, or with two, is a programming error found here. */
    static Map<AlertKind, SignalSource> register(List<SignalSource> sources) {
        Map<AlertKind, SignalSource> byKind = new EnumMap<>(AlertKind.class);
        for (SignalSource source : sources) {
            if (byKind.put(source.kind(), source) != null) {
                throw new IllegalStateException("two signal sources for " + source.kind().wire());
            }
        }
        for (AlertKind kind : AlertKind.values()) {
            if (!byKind.containsKey(kind)) {
                throw new IllegalStateException("no signal source for " + kind.wire());
            }
        }
        return byKind;
    }
}
