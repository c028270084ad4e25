package dev.testpulse.analysis.alerts;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.problem.Problem;
import dev.testpulse.analysis.problem.ProblemException;

/** {@code /api/v1/rules}: alert rules, validated and stored in PostgreSQL. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    private final RuleStore rules;
    private final AnalysisConfig config;

    public RulesResource(RuleStore rules, AnalysisConfig config) {
        this.rules = rules;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a rule")
    public Response create(AlertRule request) throws SQLException {
        AlertRule rule = validate(request, "rule_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), false, Instant.now());
        rules.save(rule);
        return Response.status(Response.Status.CREATED).entity(rule).build();
    }

    @GET
    @Operation(summary = "List rules, optionally of one project (defaults included)")
    public List<AlertRule> list(@QueryParam("project") String project) throws SQLException {
        return rules.list(project);
    }

    @GET
    @Path("/{id}")
    public AlertRule get(@PathParam("id") String id) throws SQLException {
        return existing(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a rule (its series keep their state)")
    public AlertRule update(@PathParam("id") String id, AlertRule request) throws SQLException {
        AlertRule current = existing(id);
        if (request != null && request.project() != null && !request.project().equals(current.project())) {
            throw RuleValidator.invalid("project", "cannot change; create a rule in the other project");
        }
        AlertRule rule = validate(request, id, current.builtin(), current.createdAt());
        rules.save(rule);
        return rule;
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) throws SQLException {
        existing(id);
        rules.delete(id);
        return Response.noContent().build();
    }

    private AlertRule validate(AlertRule request, String id, boolean builtin, Instant createdAt) {
        return RuleValidator.validate(request, id, builtin, createdAt, config.maxRuns(), config.retention());
    }

    private AlertRule existing(String id) throws SQLException {
        return rules.find(id)
                .orElseThrow(() -> new ProblemException(Problem.notFound("no rule with id '" + id + "'")));
    }
}
