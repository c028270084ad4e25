package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.time.Instant;
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

import dev.testpulse.analysis.durations.DurationStats;
import dev.testpulse.analysis.durations.DurationStats.SuiteDuration;
import dev.testpulse.analysis.durations.DurationStats.TestDuration;
import dev.testpulse.analysis.windows.Window;

/** How long a project's suites and tests take over a window: p50/p95 per suite, and the slowest tests with theirs. */
@Path("/api/v1/projects/{project}/durations")
@Produces(MediaType.APPLICATION_JSON)
public class DurationsResource {

    private final DurationStats durations;
    private final Scopes scopes;

    public DurationsResource(DurationStats durations, Scopes scopes) {
        this.durations = durations;
        this.scopes = scopes;
    }

    /** The suites and the slowest tests, with the window, branch and suite they cover. */
    public record DurationReport(String project, String window, String branch, String suite, List<SuiteDuration> suites,
            List<TestDuration> slowest) {
    }

    @GET
    @Operation(summary = "p50/p95 durations per suite and the slowest tests (by p95) over a window, from the raw outcomes")
    public DurationReport durations(@PathParam("project") String project,
            @Parameter(description = ProjectsResource.WINDOW_DOC) @QueryParam("window") String windowText,
            @QueryParam("branch") String branchText,
            @Parameter(description = "only this suite") @QueryParam("suite") String suite,
            @Parameter(description = "at most this many slowest tests, 1 to 1000") @QueryParam("limit") @DefaultValue("20") String limitText)
            throws SQLException {
        Window window = scopes.window(windowText);
        int limit = TestsResource.limit(limitText);
        String branch = Scopes.branch(branchText);
        scopes.requireProjectOrSuite(project, suite);
        Instant now = Instant.now();
        return new DurationReport(project, window.label(), branch, suite, durations.suites(project, suite, branch, window, now),
                durations.slowest(project, suite, branch, window, now, limit));
    }
}
