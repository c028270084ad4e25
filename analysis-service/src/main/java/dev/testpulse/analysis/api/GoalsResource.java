package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.testpulse.analysis.goals.Baseline;
import dev.testpulse.analysis.goals.GoalStore;
import dev.testpulse.analysis.goals.Target;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.windows.Window;
import dev.testpulse.analysis.windows.WindowedCounts;
import dev.testpulse.analysis.windows.WindowedCounts.TestId;

/**
 * Baselines and targets of a project and of its suites. A baseline is an explicit rate or a snapshot of a window
 * taken now; either way it stays frozen until set again.
 */
@Path("/api/v1/projects/{project}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class GoalsResource {

    private final GoalStore goals;
    private final WindowedCounts counts;
    private final Scopes scopes;

    public GoalsResource(GoalStore goals, WindowedCounts counts, Scopes scopes) {
        this.goals = goals;
        this.counts = counts;
        this.scopes = scopes;
    }

    /**
     * Exactly one of {@code rate} (0..1), {@code rate_pct} (0..100), counts ({@code passed} with {@code executed} or its
     * synonym {@code total}: skipped tests are not part of a baseline) or {@code from_window} (snapshot, optionally of a
     * branch).
     */
    public record BaselineRequest(Double rate, Double ratePct, Long passed, Long executed, Long total, String fromWindow,
            String branch) {

        Long trials() {
            return executed != null ? executed : total;
        }
    }

    /** Exactly one of {@code rate} (0..1) or {@code rate_pct} (0..100). */
    public record TargetRequest(Double rate, Double ratePct) {
    }

    @PUT
    @Path("/baseline")
    @Operation(summary = "Set the project's baseline: a rate, counts, or a snapshot of a window")
    public Baseline projectBaseline(@PathParam("project") String project, BaselineRequest request) throws SQLException {
        scopes.requireProject(project);
        return putBaseline(project, GoalStore.PROJECT, request);
    }

    @PUT
    @Path("/suites/{suite}/baseline")
    @Operation(summary = "Set a suite's baseline: a rate, counts, or a snapshot of a window")
    public Baseline suiteBaseline(@PathParam("project") String project, @PathParam("suite") String suite,
            BaselineRequest request) throws SQLException {
        scopes.requireSuite(project, suite);
        return putBaseline(project, suite, request);
    }

    @PUT
    @Path("/target")
    @Operation(summary = "Set the project's target success rate")
    public Target projectTarget(@PathParam("project") String project, TargetRequest request) throws SQLException {
        scopes.requireProject(project);
        return putTarget(project, GoalStore.PROJECT, request);
    }

    @PUT
    @Path("/suites/{suite}/target")
    @Operation(summary = "Set a suite's target success rate")
    public Target suiteTarget(@PathParam("project") String project, @PathParam("suite") String suite,
            TargetRequest request) throws SQLException {
        scopes.requireSuite(project, suite);
        return putTarget(project, suite, request);
    }

    private Baseline putBaseline(String project, String suite, BaselineRequest request) throws SQLException {
        if (request == null || Stream.of(request.rate(), request.ratePct(), request.passed(), request.fromWindow())
                .filter(v -> v != null).count() != 1) {
            throw invalid("rate", "give exactly one of rate (0..1), rate_pct (0..100), passed with executed, or from_window");
        }
        Baseline baseline;
        Set<TestId> tests = Set.of();
        if (request.passed() != null) {
            baseline = counted(request);
        } else if (request.fromWindow() == null) {
            baseline = new Baseline(rate(request.rate(), request.ratePct()), null, Baseline.EXPLICIT, null, null, Instant.now());
        } else {
            String branch = Scopes.branch(request.branch());
            baseline = snapshot(project, suite, request.fromWindow(), branch);
            tests = counts.measuredTests(project, suite.equals(GoalStore.PROJECT) ? null : suite, branch,
                    scopes.window(request.fromWindow()), baseline.setAt());
        }
        goals.putBaseline(project, suite, baseline, tests);
        return baseline;
    }

    private static Baseline counted(BaselineRequest request) {
        if (request.executed() != null && request.total() != null && !request.executed().equals(request.total())) {
            throw invalid("executed", "executed and total mean the same here; give one");
        }
        Long trials = request.trials();
        if (trials == null || trials <= 0) {
            throw invalid("executed", "a baseline of counts needs executed (or total) above 0 next to passed");
        }
        if (request.passed() < 0 || request.passed() > trials) {
            throw invalid("passed", "passed must be from 0 to executed (" + trials + "), was " + request.passed());
        }
        Counts counts = new Counts(request.passed(), trials - request.passed(), 0, 0);
        return new Baseline((double) counts.passed() / trials, counts, Baseline.COUNTS, null, null, Instant.now());
    }

    private Baseline snapshot(String project, String suite, String windowText, String branch) throws SQLException {
        Window window;
        try {
            window = scopes.window(windowText);
        } catch (ProblemException e) {
            throw invalid("from_window", e.getMessage());
        }
        Instant now = Instant.now();
        Map<String, Counts> suites = counts.suites(project, branch, window, now);
        Counts measured = suite.equals(GoalStore.PROJECT) ? suites.values().stream().reduce(Counts.ZERO, Counts::plus)
                : suites.getOrDefault(suite, Counts.ZERO);
        if (measured.executed() == 0) {
            throw invalid("from_window", "nothing was executed in " + window.label() + (branch == null ? "" : " on " + branch)
                    + ": there is no rate to freeze");
        }
        return new Baseline((double) measured.passed() / measured.executed(), measured, Baseline.SNAPSHOT, window.label(), branch, now);
    }

    private Target putTarget(String project, String suite, TargetRequest request) throws SQLException {
        if (request == null || (request.rate() == null) == (request.ratePct() == null)) {
            throw invalid("rate", "give exactly one of rate (0..1) or rate_pct (0..100)");
        }
        Target target = new Target(rate(request.rate(), request.ratePct()), Instant.now());
        if (target.rate() == 0) {
            throw invalid("rate", "a target of 0 cannot be attained or missed");
        }
        goals.putTarget(project, suite, target);
        return target;
    }

    private static double rate(Double rate, Double ratePct) {
        if (rate != null) {
            if (rate < 0 || rate > 1 || rate.isNaN()) {
                throw invalid("rate", "rate is a fraction from 0 to 1, was " + rate);
            }
            return rate;
        }
        if (ratePct < 0 || ratePct > 100 || ratePct.isNaN()) {
            throw invalid("rate_pct", "rate_pct is a percentage from 0 to 100, was " + ratePct);
        }
        return ratePct / 100;
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(new Problem("urn:testpulse:problem:invalid-request", "Invalid request", 422, detail, null, field));
    }
}
