package dev.testpulse.analysis.quarantine;

import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.alerts.evaluation.RuleLifecycle;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.RuleRequest;
import dev.testpulse.analysis.alerts.rules.RuleStore;
import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.analysis.alerts.rules.StoredRule;

/**
 * The shortcut of {@code GET/PUT /api/v1/projects/{p}/quarantine/auto} (the dashboard's toggle): the project's default
 * auto_quarantine rule, id {@code auto_quarantine:<project>}, whole project, default parameters. Switching on creates it
 * or enables it as it is (parameters someone changed through {@code /api/v1/rules} stay); switching off disables it.
 * Other auto_quarantine rules of the project are theirs to manage through {@code /api/v1/rules}.
 */
@ApplicationScoped
public class AutoQuarantineSwitch {

    private final RuleStore rules;
    private final RuleLifecycle lifecycle;
    private final AnalysisConfig config;

    public AutoQuarantineSwitch(RuleStore rules, RuleLifecycle lifecycle, AnalysisConfig config) {
        this.rules = rules;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    /** The default rule's id: derived from the project, so every instance finds the same one (V25 migrated to it). */
    public static String ruleId(String project) {
        return "auto_quarantine:" + project;
    }

    /** Whether the project's default auto_quarantine rule runs. */
    public boolean enabled(String project) throws SQLException {
        return rules.find(ruleId(project)).map(StoredRule::enabled).orElse(false);
    }

    /** Switches the project's default auto_quarantine rule on (creating it) or off. */
    public void enable(String project, boolean on) throws SQLException {
        Optional<StoredRule> current = rules.find(ruleId(project));
        if (current.isPresent()) {
            lifecycle.replace(current.get(), current.get().rule(), on);
        } else if (on) {
            AlertRule rule = RuleValidator.validate(new RuleRequest(project, "auto quarantine", "auto_quarantine", null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, "info", null, true, null, null, null),
                    ruleId(project), config.maxRuns(), config.retention(), config.alertTopicPrefix());
            lifecycle.create(rule, true);
        }
    }
}
