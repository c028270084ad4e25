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

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.testpulse.analysis.history.Execution;
import dev.testpulse.analysis.history.TestHistory;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;

/** One test's last executions, newest first, each with its run and a link to the CI run where the upload gave one. */
@Path("/api/v1/projects/{project}/tests/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    static final int MAX_LIMIT = 500;

    private final TestHistory history;
    private final Scopes scopes;

    public HistoryResource(TestHistory history, Scopes scopes) {
        this.history = history;
        this.scopes = scopes;
    }

    /** The answer: the test asked for and its executions. */
    public record History(String project, String suite, @JsonProperty("class") String className, String name, int limit,
            List<Execution> executions) {
    }

    @GET
    @Operation(summary = "One test's last executions, newest first (raw outcomes, kept 30 days)")
    public History history(@PathParam("project") String project,
            @Parameter(description = "the test's suite", required = true) @QueryParam("suite") String suite,
            @Parameter(description = "the test's class; leave out for a test without one") @QueryParam("class") String className,
            @Parameter(description = "the test's name", required = true) @QueryParam("name") String name,
            @Parameter(description = "at most this many executions, 1 to 500") @QueryParam("limit") @DefaultValue("50") String limitText)
            throws SQLException {
        if (suite == null || suite.isBlank()) {
            throw new ProblemException(Problem.badParameter("suite", "suite is required: the test's suite"));
        }
        if (name == null || name.isBlank()) {
            throw new ProblemException(Problem.badParameter("name", "name is required: the test's name"));
        }
        int limit = limit(limitText);
        scopes.requireProject(project);
        String cls = className == null || className.isEmpty() ? null : className;
        return new History(project, suite, cls, name, limit, history.last(project, suite, cls, name, limit));
    }

    static int limit(String text) {
        return Scopes.limit(text, MAX_LIMIT);
    }
}
