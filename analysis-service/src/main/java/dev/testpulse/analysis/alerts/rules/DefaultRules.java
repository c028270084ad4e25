package dev.testpulse.analysis.alerts.rules;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.goals.GoalStore;
import dev.testpulse.analysis.goals.Target;

/**
 * Rules every project has without any setup: a failed critical test, an infra incident (a run mostly failing), and,
 * once the project has a target, its rate over the last 20 runs falling below that target. Ids are derived from the
 * project, so any instance may create them and none twice; an admin may edit or delete them like any rule. The target
 * is read through {@link GoalStore}, the owner of {@code targets}.
 */
@ApplicationScoped
public class DefaultRules {

    private final RuleStore rules;
    private final GoalStore goals;

    public DefaultRules(RuleStore rules, GoalStore goals) {
        this.rules = rules;
        this.goals = goals;
    }

    public void ensure(Connection connection, String project) throws SQLException {
        Double target = goals.projectTarget(connection, project).map(Target::rate).orElse(null);
        rules.ensureBuiltins(connection, project, new Ids(id(project, "critical_failed"), id(project, "infra_incident"),
                id(project, "rate_below_target")), target);
    }

    static String id(String project, String kind) {
        return "default:" + project + ":" + kind;
    }

    /** The ids of a project's built-in rules. */
    record Ids(String critical, String infra, String target) {
    }
}
