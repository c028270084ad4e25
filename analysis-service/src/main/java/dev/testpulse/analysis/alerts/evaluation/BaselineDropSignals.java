package dev.testpulse.analysis.alerts.evaluation;

import java.sql.SQLException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Thresholds;
import dev.testpulse.analysis.alerts.state.RateCondition;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.goals.Baseline;
import dev.testpulse.analysis.goals.GoalStore;

/** baseline_drop: the pass rate over the rule's window, some points under the series' baseline (none: not judged). */
@ApplicationScoped
public class BaselineDropSignals implements SignalSource {

    private final RateSeries rates;
    private final GoalStore goals;

    public BaselineDropSignals(RateSeries rates, GoalStore goals) {
        this.rates = rates;
        this.goals = goals;
    }

    @Override
    public AlertKind kind() {
        return AlertKind.BASELINE_DROP;
    }

    @Override
    public Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) throws SQLException {
        Thresholds.BaselineDrop t = (Thresholds.BaselineDrop) rule.thresholds();
        Map<String, Baseline> baselines = goals.baselines(rule.project());
        return rates.signals(occasion, rule, suite -> {
            Baseline baseline = baselines.get(suite == null ? GoalStore.PROJECT : suite);
            return baseline == null ? null
                    : RateCondition.dropFromBaseline(baseline.rate(), baseline.counts(), t.dropPp(), t.recoverPp(), t.minSamples(),
                            t.confidence());
        });
    }
}
