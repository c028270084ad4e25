package dev.testpulse.analysis.api;

import java.sql.SQLException;
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
import dev.testpulse.analysis.alerts.evaluation.RuleLifecycle;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.rules.RuleRequest;
import dev.testpulse.analysis.alerts.rules.RuleStore;
import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.analysis.alerts.rules.RuleView;
import dev.testpulse.analysis.alerts.rules.StoredRule;
import dev.testpulse.analysis.auth.Caller;
import dev.testpulse.analysis.auth.ChecksProject;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.alerts.rules.AlertRule;
import dev.testpulse.analysis.alerts.evaluation.RuleLifecycle;
import dev.testpulse.analysis.alerts.rules.RuleRequest;
import dev.testpulse.analysis.alerts.rules.RuleView;
import dev.testpulse.analysis.alerts.rules.StoredRule;
import dev.testpulse.analysis.alerts.rules.RuleStore;
import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;

/** {@code /api/v1/rules}: alert rules, validated and stored in PostgreSQL; each its project's, or the admin's, to manage. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    private final RuleStore rules;
    private final RuleLifecycle lifecycle;
    private final AnalysisConfig config;
    private final Caller caller;

    public RulesResource(RuleStore rules, RuleLifecycle lifecycle, AnalysisConfig config, Caller caller) {
        this.rules = rules;
        this.lifecycle = lifecycle;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a rule")
    @ChecksProject
    public Response create(RuleRequest request) throws SQLException {
        AlertRule rule = validate(request, "rule_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        caller.requireProject(rule.project());
        StoredRule created = lifecycle.create(rule, request.enabled() == null || request.enabled());
        return Response.status(Response.Status.CREATED).entity(created.view()).build();
    }

    @GET
    @Operation(summary = "List rules, optionally of one project (defaults included)")
    @ChecksProject
    public List<RuleView> list(@QueryParam("project") String project) throws SQLException {
        return rules.list(caller.readScope(project)).stream().map(StoredRule::view).toList();
    }

    @GET
    @Path("/{id}")
    @ChecksProject
    public RuleView get(@PathParam("id") String id) throws SQLException {
        StoredRule rule = existing(id);
        caller.requireRead(rule.project());
        return rule.view();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a rule, defaults included; a changed condition or a disabled rule resolves its firing series")
    @ChecksProject
    public RuleView update(@PathParam("id") String id, RuleRequest request) throws SQLException {
        StoredRule current = existing(id);
        caller.requireProject(current.project());
        if (request != null && request.project() != null && !request.project().equals(current.project())) {
            throw RuleValidator.invalid("project", "cannot change; create a rule in the other project");
        }
        AlertRule rule = validate(request, id);
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        return lifecycle.replace(current, rule, enabled).view();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a rule (a default one stays deleted); each of its firing series gets a resolved event")
    @ChecksProject
    public Response delete(@PathParam("id") String id) throws SQLException {
        StoredRule current = existing(id);
        caller.requireProject(current.project());
        lifecycle.delete(current);
        return Response.noContent().build();
    }

    private AlertRule validate(RuleRequest request, String id) {
        return RuleValidator.validate(request, id, config.maxRuns(), config.retention(), config.alertTopicPrefix());
    }

    private StoredRule existing(String id) throws SQLException {
        return rules.find(id)
                .orElseThrow(() -> new ProblemException(Problem.notFound("no rule with id '" + id + "'")));
    }
}
