package dev.testpulse.analysis.api;

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
import dev.testpulse.analysis.auth.Caller;
import dev.testpulse.analysis.auth.ChecksProject;
import dev.testpulse.analysis.problem.Problem;
import dev.testpulse.analysis.problem.ProblemException;
import dev.testpulse.analysis.alerts.AlertRule;
import dev.testpulse.analysis.alerts.RuleStore;
import dev.testpulse.analysis.alerts.RuleValidator;

/** {@code /api/v1/rules}: alert rules, validated and stored in PostgreSQL; each its project's, or the admin's, to manage. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    private final RuleStore rules;
    private final AnalysisConfig config;
    private final Caller caller;

    public RulesResource(RuleStore rules, AnalysisConfig config, Caller caller) {
        this.rules = rules;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a rule")
    @ChecksProject
    public Response create(AlertRule request) throws SQLException {
        AlertRule rule = validate(request, "rule_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), false, Instant.now());
        caller.requireProject(rule.project());
        rules.save(rule);
        return Response.status(Response.Status.CREATED).entity(rule).build();
    }

    @GET
    @Operation(summary = "List rules, optionally of one project (defaults included)")
    @ChecksProject
    public List<AlertRule> list(@QueryParam("project") String project) throws SQLException {
        return rules.list(caller.readScope(project));
    }

    @GET
    @Path("/{id}")
    @ChecksProject
    public AlertRule get(@PathParam("id") String id) throws SQLException {
        AlertRule rule = existing(id);
        caller.requireRead(rule.project());
        return rule;
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a rule (its series keep their state)")
    @ChecksProject
    public AlertRule update(@PathParam("id") String id, AlertRule request) throws SQLException {
        AlertRule current = existing(id);
        caller.requireProject(current.project());
        if (request != null && request.project() != null && !request.project().equals(current.project())) {
            throw RuleValidator.invalid("project", "cannot change; create a rule in the other project");
        }
        AlertRule rule = validate(request, id, current.builtin(), current.createdAt());
        rules.save(rule);
        return rule;
    }

    @DELETE
    @Path("/{id}")
    @ChecksProject
    public Response delete(@PathParam("id") String id) throws SQLException {
        caller.requireProject(existing(id).project());
        rules.delete(id);
        return Response.noContent().build();
    }

    private AlertRule validate(AlertRule request, String id, boolean builtin, Instant createdAt) {
        return RuleValidator.validate(request, id, builtin, createdAt, config.maxRuns(), config.retention(),
                config.alertTopicPrefix());
    }

    private AlertRule existing(String id) throws SQLException {
        return rules.find(id)
                .orElseThrow(() -> new ProblemException(Problem.notFound("no rule with id '" + id + "'")));
    }
}
