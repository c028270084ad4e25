package dev.testpulse.analysis.quarantine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Globs;
import dev.testpulse.analysis.alerts.rules.RuleStore;
import dev.testpulse.analysis.alerts.rules.StoredRule;
import dev.testpulse.analysis.inbox.AfterEvaluation;
import dev.testpulse.analysis.inbox.Pending;
import dev.testpulse.analysis.outcome.Outcome;

/**
 * The auto_quarantine rules of a project: after counting, for the tests a project's batches touched, each test within a
 * rule's suite and test globs is decided by {@link AutoQuarantinePolicy} with that rule's parameters (the first such
 * rule, oldest first, when several match), and a mute or release is applied like a change by hand (its event, the
 * list's version), by {@code auto}, in the inbox evaluation's transaction. A project without an enabled rule of the
 * kind is left alone. The rule acts, it never fires: it has no series and writes no alert events.
 */
@ApplicationScoped
public class AutoQuarantine implements AfterEvaluation {

    private final Quarantine quarantine;
    private final TestStates states;
    private final TestEvidence evidence;
    private final QuarantineConfig config;
    private final RuleStore rules;

    public AutoQuarantine(Quarantine quarantine, TestStates states, TestEvidence evidence, QuarantineConfig config, RuleStore rules) {
        this.quarantine = quarantine;
        this.states = states;
        this.evidence = evidence;
        this.config = config;
        this.rules = rules;
    }

    @Override
    public int evaluate(Connection connection, Pending pending, Instant now) throws SQLException {
        String project = pending.project();
        List<AlertRule> active = rules.forProject(connection, project).stream().filter(StoredRule::active).map(StoredRule::rule)
                .filter(rule -> rule.kind() == AlertKind.AUTO_QUARANTINE).toList();
        if (active.isEmpty()) {
            return 0;
        }
        Map<TestKey, AlertRule> touched = ruleOfEachTest(pending, active);
        List<TestKey> tests = List.copyOf(touched.keySet());
        Map<TestKey, List<AutoQuarantinePolicy.Try>> tries = evidence.tries(connection, project, tests, now.minus(config.auto().history()));
        Map<String, AutoQuarantinePolicy> policies = new HashMap<>();
        int events = 0;
        for (TestKey test : tests) {
            AlertRule rule = touched.get(test);
            AutoQuarantinePolicy policy = policies.computeIfAbsent(rule.id(),
                    id -> new AutoQuarantinePolicy(AutoQuarantinePolicy.Settings.of(rule.quarantine())));
            List<AutoQuarantinePolicy.Try> history = tries.getOrDefault(test, List.of());
            Optional<TestStates.Row> row = states.lock(connection, project, test);
            AutoQuarantinePolicy.Current current = row.map(r -> new AutoQuarantinePolicy.Current(r.state(), r.test().by(), r.test().since(),
                    r.autoMutes())).orElse(AutoQuarantinePolicy.Current.NONE);
            AutoQuarantinePolicy.Decision decision = policy.decide(history, current, now);
            if (decision.none()) {
                continue;
            }
            apply(connection, project, test, row, decision, current, rule, now);
            events++;
        }
        return events;
    }

    /** The tests the batch touched, each with the first (oldest) active rule whose scope holds it. */
    private static Map<TestKey, AlertRule> ruleOfEachTest(Pending pending, List<AlertRule> active) {
        Map<TestKey, AlertRule> touched = new LinkedHashMap<>();
        for (Outcome outcome : pending.outcomes()) {
            TestKey test = new TestKey(outcome.suite(), outcome.test().className(), outcome.test().name());
            if (!touched.containsKey(test)) {
                active.stream().filter(rule -> Globs.matches(rule.scope().suiteGlob(), test.suite())
                        && Globs.matches(rule.scope().testGlob(), test.name())).findFirst().ifPresent(rule -> touched.put(test, rule));
            }
        }
        return touched;
    }

    private void apply(Connection connection, String project, TestKey test, Optional<TestStates.Row> row,
            AutoQuarantinePolicy.Decision decision, AutoQuarantinePolicy.Current current, AlertRule rule, Instant now) throws SQLException {
        boolean mute = decision.state() == TestState.MUTED;
        String reason = (mute ? "flaky: muted automatically" : "released automatically") + " by rule " + rule.id();
        quarantine.apply(connection, project, row, new Change(test, decision.state(), reason, decision.until()), "auto",
                decision.evidence(), current.autoMutes() + (mute ? 1 : 0), now);
    }
}
