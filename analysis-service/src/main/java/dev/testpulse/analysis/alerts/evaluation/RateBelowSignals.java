package dev.testpulse.analysis.alerts.evaluation;

import java.sql.SQLException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Thresholds;
import dev.testpulse.analysis.alerts.state.RateCondition;
import dev.testpulse.analysis.alerts.state.SeriesSignal;

/** rate_below: the pass rate over the rule's window, below a fixed threshold. */
@ApplicationScoped
public class RateBelowSignals implements SignalSource {

    private final RateSeries rates;

    public RateBelowSignals(RateSeries rates) {
        this.rates = rates;
    }

    @Override
    public AlertKind kind() {
        return AlertKind.RATE_BELOW;
    }

    @Override
    public Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) throws SQLException {
        Thresholds.RateBelow t = (Thresholds.RateBelow) rule.thresholds();
        RateCondition condition = new RateCondition(t.below(), t.recoverAbove(), t.minSamples(), t.confidence());
        return rates.signals(occasion, rule, suite -> condition);
    }
}
