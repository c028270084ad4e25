package dev.testpulse.analysis.verdict;

import java.util.List;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Thresholds;
import dev.testpulse.analysis.alerts.rules.StoredRule;
import dev.testpulse.analysis.insights.FlakyTest;
import dev.testpulse.analysis.rates.Counts;

/** The rules that classify one failure of a run from its evidence, in {@link VerdictClass}'s precedence. */
final class Classification {

    private Classification() {
    }

    /** A failure's class and the evidence that decided it (for {@code new}, the default branch's record, if any). */
    record Classified(VerdictClass verdict, Evidence evidence) {
    }

    /**
     * @param quarantine the test's state now, when it ran muted (may be null: released since)
     * @param infra      the run's collapse, null when it did not collapse
     * @param flaky      the test's flaky evidence over the lookback, null when none
     * @param branch     the test on the default branch, null when the branch did not run it
     */
    static Classified classify(FailingTest test, Evidence.Quarantine quarantine, Evidence.Infra infra, FlakyTest flaky,
            Evidence.DefaultBranch branch) {
        if (test.muted()) {
            return new Classified(VerdictClass.QUARANTINED, quarantine != null ? quarantine : new Evidence.Quarantine(null, null, null, null, null));
        }
        if (infra != null) {
            return new Classified(VerdictClass.INFRA, infra);
        }
        if (flaky != null || test.marked()) {
            return new Classified(VerdictClass.KNOWN_FLAKY, flaky == null ? new Evidence.Flaky(0, 0, null, null, List.of(), true)
                    : new Evidence.Flaky(flaky.flakyCommits(), flaky.commitsSeen(), flaky.flakeRatePct(), flaky.lastFlake(),
                            flaky.branches(), test.marked()));
        }
        if (branch != null && !"passed".equals(branch.lastStatus())) {
            return new Classified(VerdictClass.FAILING_ON_DEFAULT_BRANCH, branch);
        }
        return new Classified(VerdictClass.NEW, branch);
    }

    /**
     * The run's collapse as the project's infra_incident rules judge it (enabled, not broken): more than a rule's
     * {@code failed_pct} of at least {@code min_samples} executed tests failed. Null when no rule says so.
     */
    static Evidence.Infra infra(List<StoredRule> rules, String pipeline, Counts run) {
        long executed = run.executed();
        double failedPct = executed == 0 ? 0 : 100.0 * (run.failed() + run.error()) / executed;
        for (StoredRule stored : rules) {
            AlertRule rule = stored.rule();
            if (!(rule.thresholds() instanceof Thresholds.InfraIncident t) || !stored.enabled() || stored.brokenAt() != null) {
                continue;
            }
            if (executed >= t.minSamples() && failedPct > t.failedPct()) {
                return new Evidence.Infra(rule.id() + "/" + pipeline, rule.id(), Math.round(failedPct * 10) / 10.0, t.failedPct(), executed);
            }
        }
        return null;
    }
}
