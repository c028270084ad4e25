package dev.testpulse.analysis.alerts.evaluation;

import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Globs;
import dev.testpulse.analysis.outcome.Outcome;

/** What the test-level signal sources share: how a series names a test, and which outcomes a rule's scope takes. */
final class SeriesLabels {

    private SeriesLabels() {
    }

    /** A test as its series' {@code test} label names it: {@code class.name}, or the name alone. */
    static String test(Outcome outcome) {
        return (outcome.test().className() == null ? "" : outcome.test().className() + ".") + outcome.test().name();
    }

    /** A test's identity within a batch: suite, class and name. */
    static String key(Outcome outcome) {
        return outcome.suite() + "\u0000" + outcome.test().className() + "\u0000" + outcome.test().name();
    }

    /** Whether the outcome lies in the rule's suite glob, test glob and branch (not checking the project). */
    static boolean inScope(AlertRule rule, Outcome outcome) {
        return Globs.matches(rule.scope().suiteGlob(), outcome.suite()) && Globs.matches(rule.scope().testGlob(), outcome.test().name())
                && onBranch(rule, outcome);
    }

    /** Whether the outcome's run is on the rule's branch (any, when the rule names none). */
    static boolean onBranch(AlertRule rule, Outcome outcome) {
        return rule.scope().branch() == null || rule.scope().branch().equals(outcome.run().branch());
    }
}
