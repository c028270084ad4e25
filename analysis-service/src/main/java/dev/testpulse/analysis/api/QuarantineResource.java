package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.analysis.auth.Caller;
import dev.testpulse.analysis.quarantine.AutoQuarantineSwitch;
import dev.testpulse.analysis.quarantine.AutoSetting;
import dev.testpulse.analysis.quarantine.Quarantine;
import dev.testpulse.analysis.quarantine.QuarantineConfig;
import dev.testpulse.analysis.quarantine.QuarantineList;
import dev.testpulse.analysis.quarantine.QuarantineRequest;
import dev.testpulse.analysis.quarantine.QuarantineValidator;
import dev.testpulse.analysis.quarantine.QuarantinedTest;

/**
 * {@code /api/v1/projects/{project}/quarantine}: the project's tests that are muted or skipped (read by every CI job,
 * so cacheable: a strong ETag, 304 for {@code If-None-Match}), and one test's state set or released. Writes need the
 * admin token or the project's own (AuthFilter checks {@code {project}}); reads are like the project's other reads.
 */
@Path("/api/v1/projects/{project}/quarantine")
public class QuarantineResource {

    private final Quarantine quarantine;
    private final QuarantineConfig config;
    private final Caller caller;
    private final AutoQuarantineSwitch auto;

    public QuarantineResource(Quarantine quarantine, QuarantineConfig config, Caller caller, AutoQuarantineSwitch auto) {
        this.quarantine = quarantine;
        this.auto = auto;
        this.config = config;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The project's muted and skipped tests (an unknown project has none); 304 while If-None-Match is the ETag")
    public Response list(@PathParam("project") String project, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch)
            throws SQLException {
        QuarantineList list = quarantine.read(project, ifNoneMatch, Instant.now());
        String etag = QuarantineList.etag(list.version());
        Response.ResponseBuilder answer = list.tests() == null ? Response.notModified() : Response.ok(list);
        return answer.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mute, skip or release (state enabled) one test, with a reason and an optional until (at most 90 days, 14 by default)")
    public QuarantinedTest put(@PathParam("project") String project, QuarantineRequest request) throws SQLException {
        Instant now = Instant.now();
        return quarantine.set(project, QuarantineValidator.validate(request, now, config), caller.isAdmin() ? "admin" : "token", now);
    }

    @GET
    @Path("/auto")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether the project's default auto_quarantine rule (auto_quarantine:<project>) runs (off unless switched on)")
    public AutoSetting auto(@PathParam("project") String project) throws SQLException {
        return new AutoSetting(project, auto.enabled(project));
    }

    @PUT
    @Path("/auto")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Shortcut: create or enable ({\"enabled\": true}), or disable, the project's default auto_quarantine rule; other rules through /api/v1/rules")
    public AutoSetting setAuto(@PathParam("project") String project, AutoSetting setting) throws SQLException {
        if (setting == null || setting.enabled() == null) {
            throw RuleValidator.invalid("enabled", "is required: true or false");
        }
        auto.enable(project, setting.enabled());
        return new AutoSetting(project, setting.enabled());
    }
}
