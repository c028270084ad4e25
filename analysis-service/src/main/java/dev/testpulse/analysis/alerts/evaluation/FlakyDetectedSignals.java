package dev.testpulse.analysis.alerts.evaluation;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Globs;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.insights.FlakyTest;
import dev.testpulse.analysis.insights.FlakyTests;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.windows.Window;

/**
 * flaky_detected: each test of the batch that is flaky on the branch in the rule's window (the project's default
 * branch unless the rule names one) breaches; a test of the batch that is no longer flaky clears.
 */
@ApplicationScoped
public class FlakyDetectedSignals implements SignalSource {

    private final FlakyTests flakyTests;
    private final RuleWindows windows;

    public FlakyDetectedSignals(FlakyTests flakyTests, RuleWindows windows) {
        this.flakyTests = flakyTests;
        this.windows = windows;
    }

    @Override
    public AlertKind kind() {
        return AlertKind.FLAKY_DETECTED;
    }

    @Override
    public Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule) throws SQLException {
        String branch = rule.scope().branch() != null ? rule.scope().branch() : occasion.settings().defaultBranch();
        List<Outcome> ran = occasion.batch().stream().filter(outcome -> branch.equals(outcome.run().branch())
                && Globs.matches(rule.scope().suiteGlob(), outcome.suite()) && Globs.matches(rule.scope().testGlob(), outcome.test().name()))
                .toList();
        if (ran.isEmpty()) {
            return Map.of();
        }
        Map<String, FlakyTest> flaky = flaky(occasion, rule, branch);
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (Outcome outcome : ran) {
            FlakyTest test = flaky.get(SeriesLabels.key(outcome));
            Map<String, String> labels = Map.of("project", rule.project(), "suite", outcome.suite(), "branch", branch,
                    "test", SeriesLabels.test(outcome));
            String summary = test == null ? labels.get("test") + " is not flaky on " + branch
                    : "%s became flaky on %s: %d of %d commits (%.1f%%)".formatted(labels.get("test"), branch, test.flakyCommits(),
                            test.commitsSeen(), test.flakeRatePct());
            SeriesSignal signal = new SeriesSignal(labels, test == null ? Signal.CLEAR : Signal.BREACH,
                    test == null ? null : test.flakeRatePct() / 100, null, null, null, null, null, summary);
            signals.put(signal.fingerprint(rule.id()), signal);
        }
        return signals;
    }

    /** The flaky tests among the batch's on the branch, by suite, class and name; asked once per branch and window. */
    private Map<String, FlakyTest> flaky(Occasion occasion, AlertRule rule, String branch) throws SQLException {
        Window window = windows.of(rule);
        // rules of one project that share branch and window (the default rule and a user's) ask PostgreSQL once
        List<Object> key = List.of(branch, window);
        Map<String, FlakyTest> found = occasion.flakyFound().get(key);
        if (found == null) {
            Set<String> names = new HashSet<>();
            occasion.batch().stream().filter(outcome -> branch.equals(outcome.run().branch())).forEach(outcome -> names.add(outcome.test().name()));
            found = new HashMap<>();
            for (FlakyTest test : flakyTests.find(occasion.connection(), rule.project(), null, branch, window, occasion.now(), names)) {
                found.put(test.suite() + "\u0000" + test.className() + "\u0000" + test.name(), test);
            }
            occasion.flakyFound().put(key, found);
        }
        return found;
    }
}
