package dev.testpulse.analysis.verdict;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.alerts.rules.RuleStore;
import dev.testpulse.analysis.insights.FlakyTest;
import dev.testpulse.analysis.insights.FlakyTests;
import dev.testpulse.analysis.insights.ProjectSettings;
import dev.testpulse.analysis.insights.ProjectSettingsStore;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.quarantine.QuarantinedTest;
import dev.testpulse.analysis.quarantine.TestKey;
import dev.testpulse.analysis.quarantine.TestStates;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.runs.RunStates;
import dev.testpulse.analysis.runs.RunStates.RunState;
import dev.testpulse.analysis.verdict.Classification.Classified;
import dev.testpulse.analysis.windows.Window;
import io.smallrye.mutiny.Uni;

/**
 * A run's verdict: its failing tests, each classified from the evidence its owning package keeps (quarantine states,
 * infra_incident rules, flaky evidence, the default branch's history), the gate, and the rates.
 */
@ApplicationScoped
public class Verdicts {

    private final DataSource dataSource;
    private final RunStates runs;
    private final RunFailures failures;
    private final DefaultBranchHistory branchHistory;
    private final FlakyTests flakyTests;
    private final TestStates testStates;
    private final RuleStore rules;
    private final ProjectSettingsStore settings;
    private final VerdictConfig config;

    public Verdicts(DataSource dataSource, RunStates runs, RunFailures failures, DefaultBranchHistory branchHistory,
            FlakyTests flakyTests, TestStates testStates, RuleStore rules, ProjectSettingsStore settings, VerdictConfig config) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.failures = failures;
        this.branchHistory = branchHistory;
        this.flakyTests = flakyTests;
        this.testStates = testStates;
        this.rules = rules;
        this.settings = settings;
        this.config = config;
    }

    /** {@link #of} on a worker thread. */
    public Uni<Verdict> later(VerdictRequest request) {
        return OnWorker.read(() -> of(request));
    }

    /** @throws ProblemException 404 for an unknown run, 409 naming the pipelines when the run id alone is ambiguous */
    public Verdict of(VerdictRequest request) throws SQLException {
        String branch = settings.get(request.project()).defaultBranch();
        Instant now = Instant.now();
        Instant since = now.minus(config.lookback());
        try (Connection connection = dataSource.getConnection()) {
            String pipeline = request.pipeline() != null ? request.pipeline() : onlyPipeline(connection, request);
            RunState run = runs.find(connection, request.project(), pipeline, request.runId(), request.attempt(), request.job());
            if (run == null) {
                throw new ProblemException(Problem.notFound("no run '" + request.runId() + "' of pipeline '" + pipeline + "'"
                        + (request.attempt() == null ? "" : " attempt " + request.attempt())
                        + (request.job() == null ? "" : " job '" + request.job() + "'") + " in project '" + request.project() + "'"));
            }
            List<Verdict.Failure> classified = classify(connection, request, run, pipeline, branch, since, now);
            classified.sort(Comparator.comparingInt((Verdict.Failure f) -> f.verdict().listOrder()));
            long gateFailing = classified.stream().filter(f -> request.failOn().fails(f.verdict())).count();
            Counts branchCounts = runs.branchTotals(connection, request.project(), pipeline, branch, since, request.runId());
            return new Verdict(request.project(), pipeline, request.runId(), run.attempt(), request.job(),
                    run.running() ? "running" : "finished", branch,
                    new Verdict.Gate(gateFailing == 0, request.failOn().wire(), gateFailing), Verdict.ClassCounts.of(classified),
                    new Verdict.Rates(Verdict.RunRate.of(run.counts()),
                            branchCounts.executed() == 0 ? null : Verdict.RunRate.of(branchCounts)),
                    classified);
        }
    }

    /** The run's failing tests, each with its class and evidence, in the run's order. */
    private List<Verdict.Failure> classify(Connection connection, VerdictRequest request, RunState run, String pipeline, String branch,
            Instant since, Instant now) throws SQLException {
        List<FailingTest> failing = failures.of(connection, request.project(), run, request.job());
        Evidence.Infra infra = Classification.infra(rules.forProject(connection, request.project()), pipeline, run.counts());
        Map<String, Evidence.Quarantine> quarantined = quarantines(connection, request.project(), failing);
        Map<String, FlakyTest> flaky = flaky(connection, request.project(), failing, now);
        Map<String, Evidence.DefaultBranch> onBranch = branchHistory.of(connection, request.project(), branch, since,
                pipeline, request.runId(), failing);
        List<Verdict.Failure> classified = new ArrayList<>();
        for (FailingTest test : failing) {
            Classified verdict = Classification.classify(test, quarantined.get(test.key()), infra, flaky.get(test.key()),
                    onBranch.get(test.key()));
            classified.add(new Verdict.Failure(test.suite(), test.className(), test.name(), verdict.verdict(),
                    bounded(test.message()), historyUrl(request.project(), test), verdict.evidence()));
        }
        return classified;
    }

    private String onlyPipeline(Connection connection, VerdictRequest request) throws SQLException {
        List<String> pipelines = runs.pipelines(connection, request.project(), request.runId());
        if (pipelines.isEmpty()) {
            throw new ProblemException(Problem.notFound("no run '" + request.runId() + "' in project '" + request.project() + "'"));
        }
        if (pipelines.size() > 1) {
            throw new ProblemException(new Problem("urn:testpulse:problem:ambiguous-run", "Ambiguous run", 409,
                    "run '" + request.runId() + "' is in several pipelines: " + String.join(", ", pipelines)
                            + "; name one with pipeline=", null, "pipeline"));
        }
        return pipelines.get(0);
    }

    private Map<String, Evidence.Quarantine> quarantines(Connection connection, String project, List<FailingTest> failing)
            throws SQLException {
        List<TestKey> muted = failing.stream().filter(FailingTest::muted).map(t -> new TestKey(t.suite(), t.className(), t.name())).toList();
        Map<String, Evidence.Quarantine> found = new HashMap<>();
        for (TestStates.Row row : testStates.of(connection, project, muted)) {
            QuarantinedTest test = row.test();
            found.put(FailingTest.key(test.suite(), test.className(), test.name()),
                    new Evidence.Quarantine(test.state(), test.reason(), test.by(), test.since(), test.until()));
        }
        return found;
    }

    private Map<String, FlakyTest> flaky(Connection connection, String project, List<FailingTest> failing, Instant now)
            throws SQLException {
        Map<String, FlakyTest> found = new HashMap<>();
        if (failing.isEmpty()) {
            return found;
        }
        Window lookback = new Window.Sliding(config.lookback(), config.lookback().toDays() + "d");
        List<String> names = failing.stream().map(FailingTest::name).distinct().toList();
        for (FlakyTest test : flakyTests.find(connection, project, null, null, lookback, now, names)) {
            found.put(FailingTest.key(test.suite(), test.className(), test.name()), test);
        }
        return found;
    }

    private String bounded(String message) {
        int max = config.messageChars();
        return message == null || message.length() <= max ? message : message.substring(0, max) + "…";
    }

    /** The test's history API, relative to analysis-service's root. */
    static String historyUrl(String project, FailingTest test) {
        return "/api/v1/projects/" + encode(project) + "/tests/history?suite=" + encode(test.suite())
                + (test.className() == null ? "" : "&class=" + encode(test.className())) + "&name=" + encode(test.name());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
