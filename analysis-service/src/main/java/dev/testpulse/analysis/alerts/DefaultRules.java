package dev.testpulse.analysis.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rules every project has without any setup: a failed critical test, an infra incident (a run mostly failing), and,
 * once the project has a target, its rate over the last 20 runs falling below that target. Ids are derived from the
 * project, so any instance may create them and none twice; an admin may edit or delete them like any rule.
 */
@ApplicationScoped
public class DefaultRules {

    public void ensure(Connection connection, String project) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into alert_rules (id, project, name, kind, window_spec, min_samples, failed_pct, severity, topic, builtin)
                values (?, ?, 'critical test failed', 'critical_failed', 'runs:20', 0, null, 'critical', ?, true),
                       (?, ?, 'infra incident', 'infra_incident', 'runs:20', 5, 80, 'critical', ?, true)
                on conflict (id) do nothing""")) {
            insert.setString(1, id(project, "critical_failed"));
            insert.setString(2, project);
            insert.setString(3, RuleValidator.DEFAULT_TOPIC);
            insert.setString(4, id(project, "infra_incident"));
            insert.setString(5, project);
            insert.setString(6, RuleValidator.DEFAULT_TOPIC);
            insert.executeUpdate();
        }
        // The target rule follows the target: created with it, its threshold moved when the target moves.
        try (PreparedStatement target = connection.prepareStatement("""
                insert into alert_rules (id, project, name, kind, window_spec, below, recover_above, min_samples, severity, topic, builtin)
                select ?, project, 'below target', 'rate_below', 'runs:20', rate, rate, 10, 'warning', ?, true
                from targets where project = ? and suite = ''
                on conflict (id) do update set below = excluded.below, recover_above = excluded.recover_above
                where alert_rules.builtin and alert_rules.below is distinct from excluded.below""")) {
            target.setString(1, id(project, "rate_below_target"));
            target.setString(2, RuleValidator.DEFAULT_TOPIC);
            target.setString(3, project);
            target.executeUpdate();
        }
    }

    static String id(String project, String kind) {
        return "default:" + project + ":" + kind;
    }
}
