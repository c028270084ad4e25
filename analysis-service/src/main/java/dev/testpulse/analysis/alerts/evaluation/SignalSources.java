package dev.testpulse.analysis.alerts.evaluation;

import dev.testpulse.analysis.alerts.rules.AlertKind;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.state.DurationRegressionCondition;
import dev.testpulse.analysis.alerts.state.EarlyRunCondition;
import dev.testpulse.analysis.alerts.rules.Globs;
import dev.testpulse.analysis.alerts.state.RateCondition;
import dev.testpulse.analysis.alerts.state.SeriesSignal;
import dev.testpulse.analysis.alerts.state.Signal;
import dev.testpulse.analysis.failures.NewSignature;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.goals.Baseline;
import dev.testpulse.analysis.goals.GoalStore;
import dev.testpulse.analysis.insights.CriticalTests;
import dev.testpulse.analysis.insights.FlakyTest;
import dev.testpulse.analysis.insights.FlakyTests;
import dev.testpulse.analysis.outcome.Outcome;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.WilsonInterval;
import dev.testpulse.analysis.runs.RunCounts;
import dev.testpulse.analysis.runs.RunRef;
import dev.testpulse.analysis.runs.RunStore;
import dev.testpulse.analysis.runs.RunView;
import dev.testpulse.analysis.windows.RecentRuns;
import dev.testpulse.analysis.windows.Window;
import dev.testpulse.analysis.windows.WindowedCounts;

/**
 * What each rule kind's condition says now, per series: rates over the rule's window (in the batch's own
 * transaction), critical tests and new failure signatures from the batch itself, and the latest run per pipeline.
 */
@ApplicationScoped
public class SignalSources {

    private final WindowedCounts counts;
    private final GoalStore goals;
    private final FlakyTests flakyTests;
    private final RunStore runs;
    private final RunsInScope inScope;

    public SignalSources(WindowedCounts counts, GoalStore goals, FlakyTests flakyTests, RunStore runs, RunsInScope inScope) {
        this.counts = counts;
        this.goals = goals;
        this.flakyTests = flakyTests;
        this.runs = runs;
        this.inScope = inScope;
    }

    /** The labels that make a series an early one: a run (or a job of it) judged while it runs. */
    static final String RUN_LABEL = "run";

    /** The runs of a batch an early rule looks at: those of its project and branch. */
    static Set<RunRef> runsOf(AlertRule rule, List<Outcome> batch) {
        Set<RunRef> refs = new TreeSet<>();
        for (Outcome outcome : batch) {
            if (outcome.project().equals(rule.project()) && (rule.scope().branch() == null || rule.scope().branch().equals(outcome.run().branch()))) {
                refs.add(RunRef.of(outcome));
            }
        }
        return refs;
    }

    /** How many running runs a rule evaluated on its own (just created or changed) looks at, at most. */
    static final int RUNNING_RUNS = 1_000;

    /** The project's runs that still run, of the rule's branch: what an early rule judges when it is created or changed. */
    Set<RunRef> running(Connection connection, AlertRule rule) throws SQLException {
        Set<RunRef> refs = new TreeSet<>();
        for (RunView run : runs.list(connection, rule.project(), "running", RUNNING_RUNS)) {
            if (rule.scope().branch() == null || rule.scope().branch().equals(run.branch())) {
                refs.add(new RunRef(run.project(), run.pipeline(), run.runId(), run.attempt(), run.job() == null ? "" : run.job()));
            }
        }
        return refs;
    }

    /**
     * An early rule (rate_below or infra_incident with {@code early}): each run named that still runs, judged on what
     * arrived of it so far within the rule's suite and test globs and on how it can still end ({@link EarlyRunCondition},
     * sized by its job's recent finished runs counted within the same globs: {@link RunsInScope}); it breaches once
     * confidently bad and unable to end healthy, and holds otherwise.
     */
    Map<String, SeriesSignal> early(Connection connection, AlertRule rule, Set<RunRef> refs) throws SQLException {
        AlertRule.Thresholds t = rule.thresholds();
        double confidence = t.confidence() == null ? EarlyRunCondition.DEFAULT_CONFIDENCE : t.confidence();
        EarlyRunCondition condition = rule.kind() == AlertKind.INFRA_INCIDENT
                ? EarlyRunCondition.forIncident(t.failedPct(), confidence, t.minSamples())
                : EarlyRunCondition.of(t.below(), confidence, t.minSamples());
        Map<RunRef, RunCounts> running = new LinkedHashMap<>();
        new TreeMap<>(inScope.counts(connection, rule.scope(), refs)).forEach((ref, so) -> {
            if (so.running()) {
                running.put(ref, so); // a late outcome of a finished run: the ordinary rule judges it now
            }
        });
        Map<RunRef, Long> sizes = inScope.largestRecent(connection, rule.scope(), running.keySet());
        String scope = scopeText(rule.scope());
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (Map.Entry<RunRef, RunCounts> entry : running.entrySet()) {
            RunRef ref = entry.getKey();
            RunCounts so = entry.getValue();
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("project", ref.project());
            labels.put("pipeline", ref.pipeline());
            labels.put(RUN_LABEL, ref.runId() + "." + ref.attempt());
            if (!ref.job().isEmpty()) {
                labels.put("job", ref.job());
            }
            long largestRecent = sizes.getOrDefault(ref, 0L);
            boolean breached = condition.breached(so.passed(), so.executed(), largestRecent);
            double rate = so.executed() == 0 ? 0 : (double) so.passed() / so.executed();
            OptionalDouble upper = condition.upperBound(so.passed(), so.executed());
            String summary = "run %s of %s%s%s so far: %d of %d passed (%.1f%%)".formatted(labels.get(RUN_LABEL), ref.pipeline(),
                    ref.job().isEmpty() ? "" : " (job " + ref.job() + ")", scope, so.passed(), so.executed(), rate * 100)
                    + earlyVerdict(condition, so, largestRecent, breached, upper, scope);
            SeriesSignal signal = new SeriesSignal(labels, breached ? Signal.BREACH : Signal.HOLD, so.executed() == 0 ? null : rate,
                    so.passed(), so.executed(), null, upper.isPresent() ? upper.getAsDouble() : null, condition.below(), summary);
            signals.put(signal.fingerprint(rule.id()), signal);
        }
        return signals;
    }

    /** How a summary names what an early rule counted: nothing when the whole run, else its globs. */
    private static String scopeText(AlertRule.Scope scope) {
        if (RunsInScope.whole(scope)) {
            return "";
        }
        return " within " + (scope.suiteGlob() == null ? "" : "suite_glob " + scope.suiteGlob())
                + (scope.suiteGlob() != null && scope.testGlob() != null ? " and " : "")
                + (scope.testGlob() == null ? "" : "test_glob " + scope.testGlob());
    }

    private static String earlyVerdict(EarlyRunCondition condition, RunCounts so, long largestRecent, boolean breached, OptionalDouble upper,
            String scope) {
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

    /** Whether the run of an early series still runs (a series whose run is gone has ended too). */
    boolean stillRunning(Connection connection, AlertRule rule, Map<String, String> labels) throws SQLException {
        String run = labels.get(RUN_LABEL);
        int dot = run == null ? -1 : run.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        RunRef ref = new RunRef(rule.project(), labels.get("pipeline"), run.substring(0, dot), Integer.parseInt(run.substring(dot + 1)),
                labels.getOrDefault("job", ""));
        RunCounts counts = runs.counts(connection, List.of(ref)).get(ref);
        return counts != null && counts.running();
    }

    /** rate_below and baseline_drop: one series for the project (no suite glob) or one per matching suite. */
    Map<String, SeriesSignal> rates(Connection connection, AlertRule rule, Window window, Instant now) throws SQLException {
        Map<String, Counts> suites = counts.suites(connection, rule.project(), rule.scope().branch(), window, now);
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
        Map<String, Baseline> baselines = rule.kind() == AlertKind.BASELINE_DROP ? goals.baselines(rule.project()) : Map.of();
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (Map.Entry<String, Counts> entry : series.entrySet()) {
            RateCondition condition = condition(rule, baselines.get(entry.getKey() == null ? GoalStore.PROJECT : entry.getKey()));
            if (condition != null) {
                SeriesSignal signal = rateSignal(rule, entry.getKey(), entry.getValue(), condition);
                signals.put(signal.fingerprint(rule.id()), signal);
            }
        }
        return signals;
    }

    private static RateCondition condition(AlertRule rule, Baseline baseline) {
        if (rule.kind() == AlertKind.RATE_BELOW) {
            return new RateCondition(rule.thresholds().below(), rule.thresholds().recoverAbove(), rule.thresholds().minSamples(), rule.thresholds().confidence());
        }
        return baseline == null ? null
                : RateCondition.dropFromBaseline(baseline.rate(), baseline.counts(), rule.thresholds().dropPp(), rule.thresholds().recoverPp(), rule.thresholds().minSamples(),
                        rule.thresholds().confidence());
    }

    private static SeriesSignal rateSignal(AlertRule rule, String suite, Counts c, RateCondition condition) {
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

    /** critical_failed: each critical test the batch ran; its latest execution there breaches when it failed. */
    Map<String, SeriesSignal> critical(AlertRule rule, List<Outcome> batch, List<String> listed) {
        Map<String, Outcome> latest = new LinkedHashMap<>();
        for (Outcome outcome : batch) {
            String key = (outcome.test().className() == null ? "" : outcome.test().className()) + "#" + outcome.test().name();
            boolean critical = (outcome.test().tags() != null && outcome.test().tags().contains(CriticalTests.TAG)) || listed.contains(key);
            if (critical && !"skipped".equals(outcome.status()) && Globs.matches(rule.scope().suiteGlob(), outcome.suite())
                    && Globs.matches(rule.scope().testGlob(), outcome.test().name())
                    && (rule.scope().branch() == null || rule.scope().branch().equals(outcome.run().branch()))) {
                latest.merge(outcome.suite() + "\u0000" + key, outcome, (a, b) -> b.observedAt().isAfter(a.observedAt())
                        || (b.observedAt().equals(a.observedAt()) && b.retry() > a.retry()) ? b : a);
            }
        }
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (Outcome outcome : latest.values()) {
            boolean failed = !"passed".equals(outcome.status());
            Map<String, String> labels = Map.of("project", rule.project(), "suite", outcome.suite(),
                    "test", (outcome.test().className() == null ? "" : outcome.test().className() + ".") + outcome.test().name());
            String summary = "critical test " + labels.get("test") + " " + outcome.status() + " in run " + outcome.run().id()
                    + (failed && outcome.failure() != null && outcome.failure().message() != null ? ": " + outcome.failure().message() : "");
            SeriesSignal signal = new SeriesSignal(labels, failed ? Signal.BREACH : Signal.CLEAR, null, null, null, null, null,
                    null, summary);
            signals.put(signal.fingerprint(rule.id()), signal);
        }
        return signals;
    }

    /** new_failure_group: each signature the project had never seen before this batch. */
    Map<String, SeriesSignal> newSignatures(AlertRule rule, Set<NewSignature> fresh) {
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (NewSignature signature : fresh) {
            if (signature.project().equals(rule.project()) && Globs.matches(rule.scope().suiteGlob(), signature.suite())) {
                Map<String, String> labels = Map.of("project", rule.project(), "signature", signature.signature());
                SeriesSignal signal = new SeriesSignal(labels, Signal.BREACH, null, null, null, null, null, null,
                        "new failure cause in " + signature.suite() + ": " + signature.type() + ": " + signature.message());
                signals.put(signal.fingerprint(rule.id()), signal);
            }
        }
        return signals;
    }

    /** infra_incident: the latest run of each pipeline the batch touched; it breaches when most of it failed. */
    Map<String, SeriesSignal> incidents(Connection connection, AlertRule rule, Set<String> pipelines) throws SQLException {
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (String pipeline : pipelines) {
            RecentRuns latest = RecentRuns.of(rule.project(), null, pipeline, null, 1);
            try (PreparedStatement query = connection.prepareStatement("""
                    with %s
                    select run_id, attempt, sum(passed), sum(failed) + sum(error) from run_counts join recent using (pipeline, run_id, attempt)
                    where project = ? and pipeline = ? and test_key = '' group by run_id, attempt""".formatted(latest.cte()))) {
                int index = 1;
                for (Object parameter : latest.parameters()) {
                    query.setString(index++, parameter.toString());
                }
                query.setString(index++, rule.project());
                query.setString(index, pipeline);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        signals.putAll(incident(rule, pipeline, rs.getString(1), rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
        }
        return signals;
    }

    private static Map<String, SeriesSignal> incident(AlertRule rule, String pipeline, String run, long passed, long failing) {
        long executed = passed + failing;
        double failedShare = executed == 0 ? 0 : (double) failing / executed;
        Signal signal = executed < rule.thresholds().minSamples() ? Signal.HOLD
                : failedShare * 100 > rule.thresholds().failedPct() ? Signal.BREACH : Signal.CLEAR;
        Map<String, String> labels = Map.of("project", rule.project(), "pipeline", pipeline);
        SeriesSignal series = new SeriesSignal(labels, signal, failedShare, passed, executed, null, null, rule.thresholds().failedPct() / 100,
                "run %s of %s: %.1f%% of %d tests failed (incident above %.1f%%)".formatted(run, pipeline, failedShare * 100,
                        executed, rule.thresholds().failedPct()));
        return Map.of(series.fingerprint(rule.id()), series);
    }

    /**
     * flaky_detected: each test of the batch that is flaky on the branch in the rule's window (the project's default
     * branch unless the rule names one) breaches; a test of the batch that is no longer flaky clears.
     */
    Map<String, SeriesSignal> flaky(Connection connection, AlertRule rule, Window window, String defaultBranch,
            List<Outcome> batch, Instant now, Map<List<Object>, Map<String, FlakyTest>> found) throws SQLException {
        String branch = rule.scope().branch() != null ? rule.scope().branch() : defaultBranch;
        List<Outcome> ran = batch.stream().filter(outcome -> branch.equals(outcome.run().branch())
                && Globs.matches(rule.scope().suiteGlob(), outcome.suite()) && Globs.matches(rule.scope().testGlob(), outcome.test().name()))
                .toList();
        if (ran.isEmpty()) {
            return Map.of();
        }
        // rules of one project that share branch and window (the default rule and a user's) ask PostgreSQL once
        List<Object> key = List.of(branch, window);
        Map<String, FlakyTest> flaky = found.get(key);
        if (flaky == null) {
            Set<String> names = new HashSet<>();
            batch.stream().filter(outcome -> branch.equals(outcome.run().branch())).forEach(outcome -> names.add(outcome.test().name()));
            Map<String, FlakyTest> tests = new HashMap<>();
            flakyTests.find(connection, rule.project(), null, branch, window, now, names)
                    .forEach(test -> tests.put(test.suite() + "\u0000" + test.className() + "\u0000" + test.name(), test));
            found.put(key, tests);
            flaky = tests;
        }
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (Outcome outcome : ran) {
            FlakyTest test = flaky.get(outcome.suite() + "\u0000" + outcome.test().className() + "\u0000" + outcome.test().name());
            Map<String, String> labels = Map.of("project", rule.project(), "suite", outcome.suite(), "branch", branch,
                    "test", (outcome.test().className() == null ? "" : outcome.test().className() + ".") + outcome.test().name());
            String summary = test == null ? labels.get("test") + " is not flaky on " + branch
                    : "%s became flaky on %s: %d of %d commits (%.1f%%)".formatted(labels.get("test"), branch, test.flakyCommits(),
                            test.commitsSeen(), test.flakeRatePct());
            SeriesSignal signal = new SeriesSignal(labels, test == null ? Signal.CLEAR : Signal.BREACH,
                    test == null ? null : test.flakeRatePct() / 100, null, null, null, null, null, summary);
            signals.put(signal.fingerprint(rule.id()), signal);
        }
        return signals;
    }

    /**
     * duration_regression: each test of the batch within the rule's globs (and branch), judged on its own last passed
     * executions from the raw outcomes ({@link DurationRegressionCondition}): newest first by when they were observed,
     * at most as many as the condition reads, so the query is bounded whatever the raw retention holds. Failed
     * executions are left out: a test that times out or stops at its first assertion says nothing about its speed.
     */
    Map<String, SeriesSignal> durations(Connection connection, AlertRule rule, List<Outcome> batch) throws SQLException {
        DurationRegressionCondition condition = DurationRegressionCondition.of(rule.thresholds().minSamples());
        Map<String, Outcome> tests = new LinkedHashMap<>();
        for (Outcome outcome : batch) {
            if (outcome.project().equals(rule.project()) && "passed".equals(outcome.status())
                    && Globs.matches(rule.scope().suiteGlob(), outcome.suite()) && Globs.matches(rule.scope().testGlob(), outcome.test().name())
                    && (rule.scope().branch() == null || rule.scope().branch().equals(outcome.run().branch()))) {
                tests.putIfAbsent(outcome.suite() + "\u0000" + outcome.test().className() + "\u0000" + outcome.test().name(), outcome);
            }
        }
        if (tests.isEmpty()) {
            return Map.of();
        }
        // one statement for the batch's tests (a batch may bring a thousand): each one's newest executions, oldest first
        List<Outcome> ran = new ArrayList<>(tests.values());
        List<long[]> history;
        try (PreparedStatement query = connection.prepareStatement("""
                select t.i, d.duration_ms
                from unnest(?::text[], ?::text[], ?::text[]) with ordinality as t(suite, class_name, test_name, i)
                cross join lateral (
                    select o.duration_ms, o.observed_at, o.retry from outcome o
                    where o.project = ? and o.suite = t.suite and o.class_name is not distinct from t.class_name
                      and o.test_name = t.test_name and o.status = 'passed' and (?::text is null or o.branch = ?)
                    order by o.observed_at desc, o.retry desc limit ?) d
                order by t.i, d.observed_at, d.retry""")) {
            query.setArray(1, connection.createArrayOf("text", ran.stream().map(Outcome::suite).toArray()));
            query.setArray(2, connection.createArrayOf("text", ran.stream().map(outcome -> outcome.test().className()).toArray()));
            query.setArray(3, connection.createArrayOf("text", ran.stream().map(outcome -> outcome.test().name()).toArray()));
            query.setString(4, rule.project());
            query.setString(5, rule.scope().branch());
            query.setString(6, rule.scope().branch());
            query.setInt(7, condition.needed());
            history = SuiteDurations.histories(query, ran.size());
        }
        Map<String, SeriesSignal> signals = new LinkedHashMap<>();
        for (int index = 0; index < ran.size(); index++) {
            Outcome outcome = ran.get(index);
            long[] durations = history.get(index);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("project", rule.project());
            labels.put("suite", outcome.suite());
            labels.put("test", (outcome.test().className() == null ? "" : outcome.test().className() + ".") + outcome.test().name());
            if (rule.scope().branch() != null) {
                labels.put("branch", rule.scope().branch());
            }
            SeriesSignal signal = condition.signal(labels, durations, labels.get("test"), "passed executions", "executions");
            signals.put(signal.fingerprint(rule.id()), signal);
        }
        return signals;
    }

}
