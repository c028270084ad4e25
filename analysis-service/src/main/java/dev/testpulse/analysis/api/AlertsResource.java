package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.alerts.delivery.AlertFeed;
import dev.testpulse.analysis.alerts.delivery.CloudEvent;
import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.analysis.alerts.rules.Silence;
import dev.testpulse.analysis.alerts.rules.Silences;
import dev.testpulse.analysis.alerts.state.FiringAlert;
import dev.testpulse.analysis.auth.Caller;
import dev.testpulse.analysis.auth.ChecksProject;
import dev.testpulse.analysis.owners.Owners;
import dev.testpulse.analysis.owners.OwnersStore;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.alerts.delivery.AlertFeed;
import dev.testpulse.analysis.alerts.delivery.AlertQueries;
import dev.testpulse.analysis.alerts.delivery.CloudEvent;
import dev.testpulse.analysis.alerts.state.FiringAlert;
import dev.testpulse.analysis.alerts.rules.RuleValidator;
import dev.testpulse.analysis.alerts.rules.Silence;
import dev.testpulse.analysis.alerts.rules.Silences;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import io.smallrye.mutiny.Multi;

/** Alerts over REST: what is firing, the history of fired and resolved events, silences, and a live SSE stream. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    /**
     * At most this many missed events are sent again to a client that reconnects with Last-Event-ID: the oldest after
     * its id, read from alert_events on a worker thread when the id is no longer in memory. A client further behind
     * gets those, then the live stream; what lies between it reads from {@code GET /api/v1/alerts} or the topic.
     */
    static final int REPLAY_LIMIT = 1000;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final AlertQueries queries;
    private final Silences silences;
    private final AlertFeed feed;
    private final ObjectMapper mapper;
    private final Caller caller;
    private final OwnersStore owners;

    public AlertsResource(AlertQueries queries, Silences silences, AlertFeed feed, ObjectMapper mapper, Caller caller,
            OwnersStore owners) {
        this.owners = owners;
        this.queries = queries;
        this.silences = silences;
        this.feed = feed;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @Path("/alerts")
    @Operation(summary = "firing: series firing now; resolved or none: the event history (CloudEvents), newest first")
    @ChecksProject
    public Response alerts(@QueryParam("state") String state, @QueryParam("project") String requested,
            @QueryParam("owner") String owner) throws SQLException {
        String project = caller.readScope(requested);
        if (state != null && !state.equals("firing") && !state.equals("resolved")) {
            throw new ProblemException(Problem.badParameter("state", "state must be firing or resolved, was '" + state + "'"));
        }
        return Response.ok("firing".equals(state) ? firing(project, owner) : queries.history(project, state != null, owner)).build();
    }

    @GET
    @Path("/alerts/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Alert CloudEvents as they reach testpulse.alerts, from every instance (Server-Sent Events, each "
            + "with its event id; send Last-Event-ID to get what was missed), optionally of one project")
    @ChecksProject
    public Multi<OutboundSseEvent> stream(@QueryParam("project") String project, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("owner") String owner, @Context Sse sse) {
        String scope = caller.readScope(project);
        if (lastEventId != null && lastEventId.length() > 100) {
            throw new ProblemException(Problem.badParameter("Last-Event-ID", "an event id is at most 100 characters"));
        }
        Multi<OutboundSseEvent> events = feed.events(scope, lastEventId, REPLAY_LIMIT)
                .select().where(event -> owner == null || ownedBy(event.json(), owner)).map(event -> sse.newEventBuilder()
                .id(event.id()).name("alert").mediaType(MediaType.APPLICATION_JSON_TYPE).data(event.json()).build());
        // a comment now and then keeps idle connections (and the proxies between) from timing out
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE).onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, keepAlive);
    }

    @POST
    @Path("/silences")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mute a fingerprint, or suites/tests of a project, until a time")
    @ChecksProject
    public Response silence(Silence request) throws SQLException {
        if (request == null || request.project() == null || request.until() == null || request.until().isBefore(Instant.now())) {
            throw RuleValidator.invalid("until", "a silence needs a project and an until in the future");
        }
        // Who may silence this project is decided before what the silence says: another project's token learns nothing.
        caller.requireProject(request.project());
        if (request.until().isAfter(Instant.now().plus(Silences.MAX_DURATION))) {
            throw RuleValidator.invalid("until", "a silence lasts at most " + Silences.MAX_DURATION.toDays() + " days; renew it if it must last longer");
        }
        if (request.fingerprint() == null && request.suiteGlob() == null && request.testGlob() == null) {
            throw RuleValidator.invalid("fingerprint", "a silence needs a fingerprint or a suite_glob or test_glob");
        }
        requireLength(request.fingerprint(), "fingerprint", 200);
        requireLength(request.comment(), "comment", 1000);
        RuleValidator.requireGlob(request.suiteGlob(), "suite_glob");
        RuleValidator.requireGlob(request.testGlob(), "test_glob");
        Silence silence = new Silence("sil_" + UUID.randomUUID().toString().substring(0, 8), request.project(), request.fingerprint(),
                request.suiteGlob(), request.testGlob(), request.until(), request.comment());
        silences.add(silence);
        return Response.status(Response.Status.CREATED).entity(silence).build();
    }

    @DELETE
    @Path("/silences/{id}")
    @ChecksProject
    public Response unsilence(@PathParam("id") String id) throws SQLException {
        String project = silences.projectOf(id);
        if (project == null) {
            throw new ProblemException(Problem.notFound("no silence with id '" + id + "'"));
        }
        caller.requireProject(project);
        silences.delete(id);
        return Response.noContent().build();
    }

    private static void requireLength(String text, String field, int max) {
        if (text != null && text.length() > max) {
            throw RuleValidator.invalid(field, field + " may be at most " + max + " characters");
        }
    }

    /** Whether an event's owners label (set when it was written, see AlertOutbox) names the team. */
    private boolean ownedBy(String json, String owner) {
        try {
            Map<String, String> labels = mapper.readValue(json, CloudEvent.class).data().labels();
            return labels != null && Owners.names(labels.get(Owners.LABEL), owner);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private List<FiringAlert> firing(String project, String owner) throws SQLException {
        List<FiringAlert> alerts = queries.firing(project);
        if (owner == null) {
            return alerts;
        }
        // a firing series' labels are its identity and carry no owners: they are the owners of now
        Map<String, Owners> byProject = new java.util.HashMap<>();
        List<FiringAlert> owned = new ArrayList<>();
        for (FiringAlert alert : alerts) {
            Owners rules = byProject.get(alert.project());
            if (rules == null) {
                rules = owners.owners(alert.project());
                byProject.put(alert.project(), rules);
            }
            if (Owners.names(rules.label(alert.labels()), owner)) {
                owned.add(alert);
            }
        }
        return owned;
    }
}
