package dev.testpulse.analysis.alerts.evaluation;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.SeriesSignal;

/** auto_quarantine acts on tests (quarantine.AutoQuarantine, after the evaluation), it never fires: no series. */
@ApplicationScoped
public class AutoQuarantineSignals implements SignalSource {

    @Override
    public AlertKind kind() {
        return AlertKind.AUTO_QUARANTINE;
    }

    @Override
    public Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) {
        return Map.of();
    }
}
