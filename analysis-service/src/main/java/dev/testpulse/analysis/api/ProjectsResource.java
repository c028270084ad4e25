package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.testpulse.analysis.problem.Problem;
import dev.testpulse.analysis.problem.ProblemException;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.rates.SuiteCountsRepository;

/** The query API for projects: which exist, and how each is doing. */
@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectsResource {

    private final SuiteCountsRepository suiteCounts;

    public ProjectsResource(SuiteCountsRepository suiteCounts) {
        this.suiteCounts = suiteCounts;
    }

    @GET
    @Operation(summary = "Projects that have outcomes")
    public List<String> projects() throws SQLException {
        return suiteCounts.projects();
    }

    @GET
    @Path("/{project}/summary")
    @Operation(summary = "Success rate of a project, overall and per suite, with counts and 95% Wilson intervals")
    @APIResponse(responseCode = "404", description = "No outcomes for this project")
    public ProjectSummary summary(@PathParam("project") String project) throws SQLException {
        Map<String, Counts> suites = suiteCounts.forProject(project);
        if (suites.isEmpty()) {
            throw new ProblemException(Problem.notFound("no outcomes for project '" + project + "'"));
        }
        Counts overall = suites.values().stream().reduce(Counts.ZERO, Counts::plus);
        return new ProjectSummary(project, Rate.of(overall), suites.entrySet().stream()
                .map(entry -> new ProjectSummary.SuiteSummary(entry.getKey(), Rate.of(entry.getValue())))
                .toList());
    }
}
