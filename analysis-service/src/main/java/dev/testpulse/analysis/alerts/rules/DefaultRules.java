package dev.testpulse.analysis.alerts.rules;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rules every project has without any setup: a failed critical test, an infra incident (a run mostly failing), and,
 * once the project has a target, its rate over the last 20 runs falling below that target. Ids are derived from the
 * project, so any instance may create them and none twice; an admin may edit or delete them like any rule.
 */
@ApplicationScoped
public class DefaultRules {

    private final RuleStore rules;

    public DefaultRules(RuleStore rules) {
        this.rules = rules;
    }

    public void ensure(Connection connection, String project) throws SQLException {
        rules.ensureBuiltins(connection, project, id(project, "critical_failed"), id(project, "infra_incident"),
                id(project, "rate_below_target"));
    }

    static String id(String project, String kind) {
        return "default:" + project + ":" + kind;
    }
}
