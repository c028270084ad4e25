package dev.testpulse.analysis.alerts.evaluation;

import java.sql.SQLException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.SeriesSignal;

/** duration_regression: each test ({@link TestDurations}) or each suite ({@link SuiteDurations}) of the batch, as the rule's {@code per} says. */
@ApplicationScoped
public class DurationRegressionSignals implements SignalSource {

    private final TestDurations tests;
    private final SuiteDurations suites;

    public DurationRegressionSignals(TestDurations tests, SuiteDurations suites) {
        this.tests = tests;
        this.suites = suites;
    }

    @Override
    public AlertKind kind() {
        return AlertKind.DURATION_REGRESSION;
    }

    @Override
    public Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) throws SQLException {
        return rule.per() == AlertRule.Per.SUITE ? suites.signals(occasion.connection(), rule, occasion.batch())
                : tests.signals(occasion.connection(), rule, occasion.batch());
    }
}
