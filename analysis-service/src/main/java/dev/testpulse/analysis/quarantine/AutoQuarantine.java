package dev.testpulse.analysis.quarantine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.inbox.AfterEvaluation;
import dev.testpulse.analysis.inbox.Pending;
import dev.testpulse.analysis.outcome.Outcome;

/**
 * The auto_quarantine rule: after counting, for the tests a project's batches touched, decides with
 * {@link AutoQuarantinePolicy} whether to mute or release each, and applies it like a change by hand (its event, the
 * list's version), by {@code auto}, in the inbox evaluation's transaction. Off for a project unless switched on.
 */
@ApplicationScoped
public class AutoQuarantine implements AfterEvaluation {

    private final DataSource dataSource;
    private final Quarantine quarantine;
    private final TestStates states;
    private final TestEvidence evidence;
    private final QuarantineConfig config;
    private final AutoQuarantinePolicy policy;

    public AutoQuarantine(DataSource dataSource, Quarantine quarantine, TestStates states, TestEvidence evidence, QuarantineConfig config) {
        this.dataSource = dataSource;
        this.quarantine = quarantine;
        this.states = states;
        this.evidence = evidence;
        this.config = config;
        this.policy = new AutoQuarantinePolicy(config.policySettings());
    }

    @Override
    public int evaluate(Connection connection, Pending pending, Instant now) throws SQLException {
        String project = pending.project();
        if (!enabled(connection, project)) {
            return 0;
        }
        Set<TestKey> touched = new LinkedHashSet<>();
        for (Outcome outcome : pending.outcomes()) {
            touched.add(new TestKey(outcome.suite(), outcome.test().className(), outcome.test().name()));
        }
        List<TestKey> tests = List.copyOf(touched);
        Map<TestKey, List<AutoQuarantinePolicy.Try>> tries = evidence.tries(connection, project, tests, now.minus(config.auto().history()));
        int events = 0;
        for (TestKey test : tests) {
            List<AutoQuarantinePolicy.Try> history = tries.getOrDefault(test, List.of());
            Optional<TestStates.Row> row = states.lock(connection, project, test);
            AutoQuarantinePolicy.Current current = row.map(r -> new AutoQuarantinePolicy.Current(r.state(), r.test().by(), r.test().since(),
                    r.autoMutes())).orElse(AutoQuarantinePolicy.Current.NONE);
            AutoQuarantinePolicy.Decision decision = policy.decide(history, current, now);
            if (decision.none()) {
                continue;
            }
            boolean mute = decision.state() == TestState.MUTED;
            String reason = mute ? "flaky: muted automatically" : "released automatically";
            quarantine.apply(connection, project, row, new Change(test, decision.state(), reason, decision.until()), "auto",
                    decision.evidence(), current.autoMutes() + (mute ? 1 : 0), now);
            events++;
        }
        return events;
    }

    private static boolean enabled(Connection connection, String project) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select enabled from quarantine_auto where project = ?")) {
            query.setString(1, project);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Whether the rule runs for the project. */
    public boolean enabled(String project) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return enabled(connection, project);
        }
    }

    /** Switches the rule on or off for the project. */
    public void enable(String project, boolean on) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        insert into quarantine_auto (project, enabled) values (?, ?)
                        on conflict (project) do update set enabled = excluded.enabled, updated_at = now()""")) {
            upsert.setString(1, project);
            upsert.setBoolean(2, on);
            upsert.executeUpdate();
        }
    }
}
