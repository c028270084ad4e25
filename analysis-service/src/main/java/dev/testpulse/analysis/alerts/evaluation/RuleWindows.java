package dev.testpulse.analysis.alerts.evaluation;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.windows.Window;

/** A rule's window as evaluation reads it, within the service's limits. */
@ApplicationScoped
public class RuleWindows {

    private final AnalysisConfig config;

    public RuleWindows(AnalysisConfig config) {
        this.config = config;
    }

    Window of(AlertRule rule) {
        return Window.parse(rule.window(), config.defaultRuns(), config.maxRuns(), config.retention());
    }

    /** A rate over the last N runs: it cannot change without a new run. */
    boolean ratesOverRuns(AlertRule rule) {
        return (rule.kind() == AlertKind.RATE_BELOW || rule.kind() == AlertKind.BASELINE_DROP) && of(rule) instanceof Window.LastRuns;
    }
}
