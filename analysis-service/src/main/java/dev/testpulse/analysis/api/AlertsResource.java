package dev.testpulse.analysis.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

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
import com.fasterxml.jackson.core.type.TypeReference;
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
import dev.testpulse.analysis.problem.Problem;
import dev.testpulse.analysis.problem.ProblemException;
import io.smallrye.mutiny.Multi;

/** Alerts over REST: what is firing, the history of fired and resolved events, silences, and a live SSE stream. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
    };

    /**
     * At most this many missed events are sent again to a client that reconnects with Last-Event-ID: the oldest after
     * its id, read from alert_events on a worker thread when the id is no longer in memory. A client further behind
     * gets those, then the live stream; what lies between it reads from {@code GET /api/v1/alerts} or the topic.
     */
    static final int REPLAY_LIMIT = 1000;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final Silences silences;
    private final AlertFeed feed;
    private final ObjectMapper mapper;
    private final Caller caller;
    private final OwnersStore owners;

    public AlertsResource(DataSource dataSource, Silences silences, AlertFeed feed, ObjectMapper mapper, Caller caller,
            OwnersStore owners) {
        this.owners = owners;
        this.dataSource = dataSource;
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
        return Response.ok("firing".equals(state) ? firing(project, owner) : history(project, state, owner)).build();
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
        List<FiringAlert> alerts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select s.fingerprint, r.id, r.name, r.kind, r.severity, s.project, s.labels::text, s.fired_at, s.value
                        from alert_series s join alert_rules r on r.id = s.rule_id
                        where s.state = 'FIRING' and (?::text is null or s.project = ?) order by s.fired_at desc""")) {
            query.setString(1, project);
            query.setString(2, project);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    double stored = rs.getDouble(9);
                    Double value = rs.wasNull() ? null : stored;
                    alerts.add(new FiringAlert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), mapper.readValue(rs.getString(7), LABELS),
                            rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), value));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are a JSON object", e);
        }
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

    private List<CloudEvent> history(String project, String state, String owner) throws SQLException {
        List<CloudEvent> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        select cloud_event::text from alert_events
                        where (?::text is null or project = ?) and (?::text is null or type = ?) and type like 'dev.testpulse.alert.%'
                          and (?::text is null or ? = any (string_to_array(cloud_event->'data'->'labels'->>'owners', ',')))
                        order by created_at desc, id limit 500""")) {
            String type = state == null ? null : CloudEvent.RESOLVED;
            query.setString(1, project);
            query.setString(2, project);
            query.setString(3, type);
            query.setString(4, type);
            query.setString(5, owner);
            query.setString(6, owner);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    events.add(mapper.readValue(rs.getString(1), CloudEvent.class));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the outbox holds CloudEvents", e);
        }
        return events;
    }
}
