package dev.testpulse.analysis.alerts.evaluation;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.Globs;
import dev.testpulse.analysis.alerts.state.RateCondition;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.WilsonInterval;
import dev.testpulse.analysis.windows.WindowedCounts;

/**
 * What rate_below and baseline_drop share: one series for the project (no suite glob) or one per matching suite, its
 * counts over the rule's window (in the occasion's transaction), judged by a {@link RateCondition} per series.
 */
@ApplicationScoped
public class RateSeries {

    private final WindowedCounts counts;
    private final RuleWindows windows;

    public RateSeries(WindowedCounts counts, RuleWindows windows) {
        this.counts = counts;
        this.windows = windows;
    }

    /**
     * @param conditions the condition of a series by its suite (null: the project as a whole); a series without one
     *        (no baseline yet) is not judged
     */
    Map<String, SeriesSignal> signals(Occasion occasion, AlertRule rule, Function<String, RateCondition> conditions) throws SQLException {
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (Map.Entry<String, Counts> entry : series(occasion, rule).entrySet()) {
            RateCondition condition = conditions.apply(entry.getKey());
            if (condition != null) {
                SeriesSignal signal = signal(rule, entry.getKey(), entry.getValue(), condition);
                signals.put(signal.fingerprint(rule.id()), signal);
            }
        }
        return signals;
    }

    private Map<String, Counts> series(Occasion occasion, AlertRule rule) throws SQLException {
        Map<String, Counts> suites = counts.suites(occasion.connection(), rule.project(), rule.scope().branch(), windows.of(rule),
                occasion.now());
        Map<String, Counts> series = new LinkedHashMap<>();
        if (rule.scope().suiteGlob() == null) {
            series.put(null, suites.values().stream().reduce(Counts.ZERO, Counts::plus));
        } else {
            suites.forEach((suite, c) -> {
                if (Globs.matches(rule.scope().suiteGlob(), suite)) {
                    series.put(suite, c);
                }
            });
        }
        return series;
    }

    private static SeriesSignal signal(AlertRule rule, String suite, Counts c, RateCondition condition) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("project", rule.project());
        if (suite != null) {
            labels.put("suite", suite);
        }
        if (rule.scope().branch() != null) {
            labels.put("branch", rule.scope().branch());
        }
        Signal signal = condition.evaluate(c.passed(), c.executed());
        Double rate = c.executed() == 0 ? null : (double) c.passed() / c.executed();
        WilsonInterval interval = WilsonInterval.of(c.passed(), c.executed());
        String scope = suite == null ? rule.project() : rule.project() + "/" + suite;
        String summary = rate == null ? scope + ": nothing executed in " + rule.window()
                : "%s: %.1f%% (%d/%d) in %s, threshold %.1f%%".formatted(scope, rate * 100, c.passed(), c.executed(),
                        rule.window(), condition.below() * 100);
        return new SeriesSignal(labels, signal, rate, c.passed(), c.executed(), interval == null ? null : interval.lower(),
                interval == null ? null : interval.upper(), condition.below(), summary);
    }
}
