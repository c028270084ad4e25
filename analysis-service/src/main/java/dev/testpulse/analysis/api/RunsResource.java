package dev.testpulse.analysis.api;

import java.sql.SQLException;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.runs.RunStore;
import dev.testpulse.analysis.runs.RunView;

/** A project's runs and their lifecycle: running while results still stream in, finished once over. */
@Path("/api/v1/projects/{project}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    static final int MAX_LIMIT = 1000;

    private final RunStore runs;
    private final Scopes scopes;

    public RunsResource(RunStore runs, Scopes scopes) {
        this.runs = runs;
        this.scopes = scopes;
    }

    @GET
    @Operation(summary = "The project's runs (one entry per job when a run named jobs), most recently active first: "
            + "running ones with what arrived of them so far, finished ones with when and how they ended")
    @APIResponse(responseCode = "400", description = "A bad state or limit")
    @APIResponse(responseCode = "404", description = "No outcomes for this project")
    public List<RunView> runs(@PathParam("project") String project,
            @Parameter(description = "running or finished; both when absent") @QueryParam("state") String state,
            @Parameter(description = "1-" + MAX_LIMIT + ", default 50") @QueryParam("limit") @DefaultValue("50") int limit)
            throws SQLException {
        if (state != null && !state.equals("running") && !state.equals("finished")) {
            throw new ProblemException(Problem.badParameter("state", "state must be running or finished"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(Problem.badParameter("limit", "limit must be 1-" + MAX_LIMIT));
        }
        scopes.requireProject(project);
        return runs.list(project, state, limit);
    }
}
