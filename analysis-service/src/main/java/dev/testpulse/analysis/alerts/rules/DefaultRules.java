package dev.testpulse.analysis.alerts.rules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.goals.GoalStore;
import dev.testpulse.analysis.goals.Target;
import dev.testpulse.analysis.windows.Window;

/**
 * Rules every project has without any setup: a failed critical test, an infra incident (a run mostly failing), and,
 * once the project has a target, its rate over the last 20 runs falling below that target. Ids are derived from the
 * project, so any instance may create them and none twice; an admin may edit or delete them like any rule. The target
 * is read through {@link GoalStore}, the owner of {@code targets}. Rows of {@code alert_rules} like {@link RuleStore}'s:
 * the built-in ones are written here.
 */
@ApplicationScoped
public class DefaultRules {

    private final GoalStore goals;

    public DefaultRules(GoalStore goals) {
        this.goals = goals;
    }

    public void ensure(Connection connection, String project) throws SQLException {
        Double target = goals.projectTarget(connection, project).map(Target::rate).orElse(null);
        ensureBuiltins(connection, project, new Ids(id(project, "critical_failed"), id(project, "infra_incident"),
                id(project, "rate_below_target")), target);
    }

    /**
     * Creates a project's built-in rules unless they exist or were deleted, over
     * {@link Window#RULE_DEFAULT}; with {@code target} (the project's target rate, or null) the target rule, which
     * follows the target: created with it, its threshold moved when the target moves, until someone edits it.
     */
    private static void ensureBuiltins(Connection connection, String project, Ids ids, Double target) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into alert_rules (id, project, name, kind, window_spec, min_samples, failed_pct, severity, topic, builtin)
                values (?, ?, 'critical test failed', 'critical_failed', ?, 0, null, 'critical', ?, true),
                       (?, ?, 'infra incident', 'infra_incident', ?, 5, 80, 'critical', ?, true)
                on conflict (id) do nothing""")) {
            int i = 1;
            for (String id : List.of(ids.critical(), ids.infra())) {
                insert.setString(i++, id);
                insert.setString(i++, project);
                insert.setString(i++, Window.RULE_DEFAULT.label());
                insert.setString(i++, RuleValidator.DEFAULT_TOPIC);
            }
            insert.executeUpdate();
        }
        if (target != null) {
            ensureTargetRule(connection, project, ids.target(), target);
        }
    }

    private static void ensureTargetRule(Connection connection, String project, String id, double target) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into alert_rules (id, project, name, kind, window_spec, below, recover_above, min_samples, severity, topic,
                                         builtin, follows_target)
                values (?, ?, 'below target', 'rate_below', ?, ?, ?, 10, 'warning', ?, true, true)
                on conflict (id) do update set below = excluded.below, recover_above = excluded.recover_above
                where alert_rules.follows_target and alert_rules.deleted_at is null
                    and alert_rules.below is distinct from excluded.below""")) {
            insert.setString(1, id);
            insert.setString(2, project);
            insert.setString(3, Window.RULE_DEFAULT.label());
            insert.setDouble(4, target);
            insert.setDouble(5, target);
            insert.setString(6, RuleValidator.DEFAULT_TOPIC);
            insert.executeUpdate();
        }
    }

    static String id(String project, String kind) {
        return "default:" + project + ":" + kind;
    }

    /** The ids of a project's built-in rules. */
    record Ids(String critical, String infra, String target) {
    }
}
