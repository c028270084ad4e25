package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.webhooks.CreatedWebhook;
import dev.testpulse.analysis.webhooks.DeliveryView;
import dev.testpulse.analysis.webhooks.WebhookRequest;
import dev.testpulse.analysis.webhooks.WebhookStore;
import dev.testpulse.analysis.webhooks.WebhookValidator;
import dev.testpulse.analysis.webhooks.WebhookView;

/**
 * {@code /api/v1/projects/{project}/webhooks}: HTTP targets that receive the project's alert events, and how delivery
 * to each goes. The {@code {project}} in the path is what AuthFilter checks: the admin token or the project's own.
 */
@Path("/api/v1/projects/{project}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

    private static final int MAX_DELIVERIES = 1000;

    private final WebhookStore webhooks;
    private final AnalysisConfig config;

    public WebhooksResource(WebhookStore webhooks, AnalysisConfig config) {
        this.webhooks = webhooks;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a webhook target; the answer shows its signing secret, once")
    public Response create(@PathParam("project") String project, WebhookRequest request) throws SQLException {
        CreatedWebhook created = webhooks.create(project, WebhookValidator.validate(request, config.alertTopicPrefix()));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Operation(summary = "The project's webhook targets and their delivery state")
    public List<WebhookView> list(@PathParam("project") String project) throws SQLException {
        return webhooks.list(project);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One webhook target and its delivery state")
    public WebhookView get(@PathParam("project") String project, @PathParam("id") String id) throws SQLException {
        return existing(project, id);
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The target's latest deliveries (or only pending ones), newest first, with their attempts")
    public List<DeliveryView> deliveries(@PathParam("project") String project, @PathParam("id") String id,
            @QueryParam("pending") @DefaultValue("false") boolean pending, @QueryParam("limit") @DefaultValue("100") int limit)
            throws SQLException {
        if (limit < 1 || limit > MAX_DELIVERIES) {
            throw new ProblemException(Problem.badParameter("limit", "limit must be between 1 and " + MAX_DELIVERIES));
        }
        existing(project, id);
        return webhooks.deliveries(id, pending, limit);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a webhook target and its pending deliveries")
    public Response delete(@PathParam("project") String project, @PathParam("id") String id) throws SQLException {
        if (!webhooks.delete(project, id)) {
            throw notFound(project, id);
        }
        return Response.noContent().build();
    }

    private WebhookView existing(String project, String id) throws SQLException {
        return webhooks.find(project, id).orElseThrow(() -> notFound(project, id));
    }

    private static ProblemException notFound(String project, String id) {
        return new ProblemException(Problem.notFound("project '" + project + "' has no webhook target '" + id + "'"));
    }
}
