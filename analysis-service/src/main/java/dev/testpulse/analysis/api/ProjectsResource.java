package dev.testpulse.analysis.api;

import dev.testpulse.analysis.summary.Summaries;

import dev.testpulse.analysis.summary.ProjectSummary;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.testpulse.analysis.auth.Caller;
import dev.testpulse.analysis.auth.ChecksProject;
import dev.testpulse.analysis.windows.Window;
import dev.testpulse.analysis.windows.WindowedCounts;

/** The query API for projects: which exist, and how each is doing over a window. */
@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectsResource {

    static final String WINDOW_DOC = "runs:N (the last N runs, default runs:20) or a sliding time window: 1h, 24h, 7d, ...";

    private final WindowedCounts counts;
    private final Summaries summaries;
    private final Scopes scopes;
    private final Caller caller;

    public ProjectsResource(WindowedCounts counts, Summaries summaries, Scopes scopes, Caller caller) {
        this.counts = counts;
        this.summaries = summaries;
        this.scopes = scopes;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Projects that have outcomes (with a project token and token-only reads: just its own)")
    @ChecksProject
    public List<String> projects() throws SQLException {
        String only = caller.readScope(null);
        return counts.projects().stream().filter(project -> only == null || only.equals(project)).toList();
    }

    @GET
    @Path("/{project}/summary")
    @Operation(summary = "Success rate of a project over a window, overall and per suite, with counts, 95% Wilson "
            + "intervals, the delta to the baseline in percentage points and the attainment of the target")
    @APIResponse(responseCode = "400", description = "A bad window")
    @APIResponse(responseCode = "404", description = "No outcomes for this project")
    public ProjectSummary summary(@PathParam("project") String project,
            @Parameter(description = WINDOW_DOC) @QueryParam("window") String windowText,
            @Parameter(description = "only outcomes of this branch; all branches when absent") @QueryParam("branch") String branchText)
            throws SQLException {
        Window window = scopes.window(windowText);
        String branch = Scopes.branch(branchText);
        scopes.requireProject(project);
        return summaries.summary(project, branch, window, Instant.now());
    }
}
