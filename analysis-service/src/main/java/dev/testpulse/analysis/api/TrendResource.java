package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.windows.Buckets;
import dev.testpulse.analysis.windows.Durations;
import dev.testpulse.analysis.windows.Trend;

/** Rate per step over time, for a project or one suite: what the dashboard's trend chart draws. */
@Path("/api/v1/projects/{project}/trend")
@Produces(MediaType.APPLICATION_JSON)
public class TrendResource {

    static final int MAX_POINTS = 2000;
    /** How far back (and ahead) from and to may reach: past the aggregates' 400-day retention there is nothing. */
    static final Duration MAX_REACH = Duration.ofDays(400);

    private final Trend trend;
    private final Scopes scopes;

    public TrendResource(Trend trend, Scopes scopes) {
        this.trend = trend;
        this.scopes = scopes;
    }

    /** The series. */
    public record TrendSeries(String project, String suite, String branch, String step, Instant from, Instant to, List<Point> points) {
    }

    /** One step with its rate. */
    public record Point(Instant start, Rate rate) {
    }

    @GET
    @Operation(summary = "Success rate per step between from and to (default: the last 7 days in 1h steps)")
    public TrendSeries trend(@PathParam("project") String project, @QueryParam("suite") String suite,
            @QueryParam("branch") String branchText,
            @Parameter(description = "5m, 15m, 1h, 6h, 1d, ... (below 1h only within the last 2 days)") @QueryParam("step") @DefaultValue("1h") String stepText,
            @Parameter(description = "ISO-8601 instant, default to minus 7 days") @QueryParam("from") String fromText,
            @Parameter(description = "ISO-8601 instant, default now") @QueryParam("to") String toText) throws SQLException {
        Duration step = step(stepText);
        Instant to = instant("to", toText, Instant.now());
        Instant from = instant("from", fromText, to.minus(Duration.ofDays(7)));
        validate(step, from, to);
        String branch = Scopes.branch(branchText);
        String suiteName = suite == null || suite.isBlank() ? null : suite;
        if (suiteName == null) {
            scopes.requireProject(project);
        } else {
            scopes.requireSuite(project, suiteName);
        }
        List<Point> points = trend.series(project, suiteName, branch, step, from, to).stream()
                .map(s -> new Point(s.start(), Rate.of(s.counts()))).toList();
        return new TrendSeries(project, suiteName, branch, stepText, from, to, points);
    }

    static Duration step(String text) {
        return Durations.parse(text, "mhd").filter(step -> !step.isZero()).orElseThrow(() -> new ProblemException(
                Problem.badParameter("step", "step must be a duration such as 5m, 1h or 1d, was '" + text + "'")));
    }

    static void validate(Duration step, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new ProblemException(Problem.badParameter("from", "from must be before to"));
        }
        if (Duration.between(from, to).dividedBy(step) > MAX_POINTS) {
            throw new ProblemException(Problem.badParameter("step", "at most " + MAX_POINTS + " steps per series: use a larger step or a shorter range"));
        }
        if (step.compareTo(Duration.ofHours(1)) < 0 && from.isBefore(Instant.now().minus(Buckets.MINUTE_HORIZON))) {
            throw new ProblemException(Problem.badParameter("step", "steps below 1h reach back at most "
                    + Buckets.MINUTE_HORIZON.toDays() + " days; use 1h or more for older data"));
        }
        if (step.compareTo(Duration.ofHours(1)) >= 0 && step.toSeconds() % 3600 != 0) {
            throw new ProblemException(Problem.badParameter("step", "steps of an hour or more must be whole hours"));
        }
    }

    private static Instant instant(String name, String text, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Instant instant;
        try {
            instant = Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ProblemException(Problem.badParameter(name, name + " must be an ISO-8601 instant such as 2026-11-24T10:00:00Z"));
        }
        Instant now = Instant.now();
        if (instant.isBefore(now.minus(MAX_REACH)) || instant.isAfter(now.plus(Duration.ofDays(1)))) {
            throw new ProblemException(Problem.badParameter(name, name + " must lie within the last " + MAX_REACH.toDays()
                    + " days (and at most a day ahead), was " + instant));
        }
        return instant;
    }
}
