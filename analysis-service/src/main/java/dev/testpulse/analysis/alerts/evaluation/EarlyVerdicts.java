package dev.testpulse.analysis.alerts.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.EarlyRunCondition;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.runs.RunCounts;
import dev.testpulse.analysis.runs.RunRef;

/** One early rule's verdict on each running run, with a summary saying why: its labels, signal and numbers. */
record EarlyVerdicts(EarlyRunCondition condition, String scope) {

    SeriesSignal signal(RunRef ref, RunCounts so, long largestRecent) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("project", ref.project());
        labels.put("pipeline", ref.pipeline());
        labels.put(EarlySignals.RUN_LABEL, ref.runId() + "." + ref.attempt());
        if (!ref.job().isEmpty()) {
            labels.put("job", ref.job());
        }
        boolean breached = condition.breached(so.passed(), so.executed(), largestRecent);
        double rate = so.executed() == 0 ? 0 : (double) so.passed() / so.executed();
        OptionalDouble upper = condition.upperBound(so.passed(), so.executed());
        String summary = "run %s of %s%s%s so far: %d of %d passed (%.1f%%)".formatted(labels.get(EarlySignals.RUN_LABEL), ref.pipeline(),
                ref.job().isEmpty() ? "" : " (job " + ref.job() + ")", scope, so.passed(), so.executed(), rate * 100)
                + verdict(so, largestRecent, breached, upper);
        return new SeriesSignal(labels, breached ? Signal.BREACH : Signal.HOLD, so.executed() == 0 ? null : rate,
                so.passed(), so.executed(), null, upper.isPresent() ? upper.getAsDouble() : null, condition.below(), summary);
    }

    /** How a summary names what an early rule counted: nothing when the whole run, else its globs. */
    static String scopeText(AlertRule.Scope scope) {
        if (RunsInScope.whole(scope)) {
            return "";
        }
        return " within " + (scope.suiteGlob() == null ? "" : "suite_glob " + scope.suiteGlob())
                + (scope.suiteGlob() != null && scope.testGlob() != null ? " and " : "")
                + (scope.testGlob() == null ? "" : "test_glob " + scope.testGlob());
    }

    private String verdict(RunCounts so, long largestRecent, boolean breached, OptionalDouble upper) {
        if (largestRecent < 1) {
            return scope.isEmpty() ? "; no finished run of this job yet to size it, so no early verdict"
                    : "; no recent finished run of this job ran a test" + scope + " to size it, so no early verdict";
        }
        if (!breached) {
            return "";
        }
        long end = EarlyRunCondition.largestEnd(so.executed(), largestRecent);
        return ", confidently below %.1f%% (at most %.1f%%) while it still runs, and it cannot end above it: even if all of its other up to %d tests pass, %.1f%%"
                .formatted(condition.below() * 100, upper.orElse(0) * 100, end - so.executed(),
                        EarlyRunCondition.bestFinalRate(so.passed(), so.executed(), largestRecent) * 100);
    }
}
