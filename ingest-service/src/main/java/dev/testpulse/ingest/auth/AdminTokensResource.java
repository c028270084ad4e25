package dev.testpulse.ingest.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import dev.testpulse.auth.TokenCodec;
import dev.testpulse.auth.TokenRecord;
import dev.testpulse.auth.TokenRegistry;
import dev.testpulse.auth.Tokens;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.Problem.Violation;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/** {@code /api/v1/admin/tokens}: the admin creates, lists and revokes project tokens. The secret is shown once. */
@Path("/api/v1/admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = AdminTokensResource.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A project token for uploads; the admin token for /api/v1/admin")
@SecurityRequirement(name = AdminTokensResource.BEARER)
public class AdminTokensResource {

    public static final String BEARER = "bearer";

    public static final String CHANNEL = "tokens";
    private static final Logger LOG = Logger.getLogger(AdminTokensResource.class);
    private static final Duration PROPAGATION = Duration.ofSeconds(10);

    private final TokenRegistry registry;
    private final MutinyEmitter<String> emitter;

    public AdminTokensResource(TokenRegistry registry, @Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.registry = registry;
        this.emitter = emitter;
    }

    /** What the admin asks for. */
    public record TokenRequest(String project, String description) {
    }

    /** The new token: the only time its secret is ever shown. */
    public record IssuedToken(String id, String project, String description, Instant createdAt, String token) {
    }

    /** A token as listed: everything but the secret. */
    public record TokenView(String id, String project, String description, Instant createdAt, Instant revokedAt) {
        static TokenView of(TokenRecord token) {
            return new TokenView(token.id(), token.project(), token.description(), token.createdAt(), token.revokedAt());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a token that can write one project")
    public Response create(TokenRequest request) throws InterruptedException {
        if (request == null || request.project() == null || !TokenRecord.PROJECT.matcher(request.project()).matches()) {
            throw new ProblemException(Problem.of(ProblemType.INVALID_OUTCOMES, "a token needs a valid project")
                    .withErrors(List.of(new Violation("/project", "must be a project key: letters, digits, '.', '_', '-'"))));
        }
        String secret = Tokens.newSecret();
        TokenRecord token = new TokenRecord(Tokens.newId(), request.project(), Tokens.sha256(secret),
                request.description(), Instant.now(), null);
        publish(token);
        return Response.status(Response.Status.CREATED)
                .entity(new IssuedToken(token.id(), token.project(), token.description(), token.createdAt(), secret)).build();
    }

    @GET
    @Operation(summary = "List tokens (never their secrets), optionally of one project")
    public List<TokenView> list(@QueryParam("project") String project) {
        return registry.all().stream().filter(token -> project == null || project.equals(token.project()))
                .sorted(Comparator.comparing(TokenRecord::createdAt)).map(TokenView::of).toList();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a token on every ingest instance")
    public Response revoke(@PathParam("id") String id) throws InterruptedException {
        TokenRecord token = registry.byId(id).orElseThrow(() ->
                new ProblemException(Problem.of(ProblemType.NOT_FOUND, "no token with id '" + id + "'")));
        if (token.active()) {
            publish(token.revoked(Instant.now()));
        }
        return Response.noContent().build();
    }

    /** Publishes and waits until this instance applied it, so the answer is already true here. */
    private void publish(TokenRecord token) throws InterruptedException {
        try {
            emitter.sendMessage(KafkaRecord.of(token.id(), TokenCodec.write(token))).await().atMost(PROPAGATION);
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of(ProblemType.KAFKA_UNAVAILABLE, "the token change could not be stored: " + e.getMessage()),
                    java.util.Map.of("Retry-After", 10), e);
        }
        if (!registry.awaitSeen(token.id(), seen -> seen.equals(token), PROPAGATION)) {
            // Stored in Kafka, so it will take effect; failing now would only make the admin create a second token.
            LOG.warnf("token change %s stored but not yet applied on this instance", token.id());
        }
    }
}
