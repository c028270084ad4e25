package dev.testpulse.ingest.auth;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.testpulse.ingest.IngestConfig;
import dev.testpulse.ingest.problem.Problem;
import dev.testpulse.ingest.problem.ProblemException;
import dev.testpulse.ingest.problem.ProblemType;

/**
 * Bearer-token authentication: uploads need a project token, {@code /api/v1/admin} the admin token from
 * configuration. Everything under {@code /q} (health, metrics, OpenAPI) stays open for probes and scrapers.
 */
public class AuthFilter {

    static final String UPLOADS = "api/v1/outcomes";
    static final String REPORTS = "api/v1/reports";
    static final String ADMIN = "api/v1/admin";
    private static final Map<String, Object> CHALLENGE = Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"testpulse\"");

    private final TokenRegistry registry;
    private final IngestConfig config;
    private final Caller caller;

    public AuthFilter(TokenRegistry registry, IngestConfig config, Caller caller) {
        this.registry = registry;
        this.config = config;
        this.caller = caller;
    }

    // Pre-matching: an unauthenticated caller learns nothing about routes or media types, only 401.
    @ServerRequestFilter(preMatching = true)
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath().replaceFirst("^/", "");
        if (path.startsWith(ADMIN)) {
            requireAdmin(bearer(request));
        } else if (path.startsWith(UPLOADS) || path.startsWith(REPORTS)) {
            String secret = bearer(request);
            TokenRecord token = registry.find(secret).orElseThrow(() -> unauthorized(
                    isAdmin(secret) ? "the admin token cannot upload; create a project token" : "unknown or revoked token"));
            caller.authenticate(token.project());
        }
    }

    private void requireAdmin(String secret) {
        if (config.adminToken().isEmpty()) {
            throw new ProblemException(Problem.of(ProblemType.FORBIDDEN,
                    "the admin API is disabled: set testpulse.ingest.admin-token (TESTPULSE_INGEST_ADMIN_TOKEN)"));
        }
        if (!isAdmin(secret)) {
            throw registry.find(secret).isPresent()
                    ? new ProblemException(Problem.of(ProblemType.FORBIDDEN, "a project token cannot manage tokens"))
                    : unauthorized("not the admin token");
        }
    }

    private boolean isAdmin(String secret) {
        return config.adminToken().map(admin -> Tokens.same(secret, admin)).orElse(false);
    }

    private static String bearer(ContainerRequestContext request) {
        String header = Optional.ofNullable(request.getHeaderString(HttpHeaders.AUTHORIZATION)).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw unauthorized("send 'Authorization: Bearer <token>'");
        }
        return header.substring(7).trim();
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(ProblemType.UNAUTHORIZED, detail), CHALLENGE, null);
    }
}
