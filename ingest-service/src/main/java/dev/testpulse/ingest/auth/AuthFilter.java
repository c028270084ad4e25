package dev.testpulse.ingest.auth;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.testpulse.auth.AdminToken;
import dev.testpulse.auth.TokenRecord;
import dev.testpulse.auth.TokenRegistry;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;

/**
 * Bearer-token authentication, deny by default: {@code /api/v1/admin} needs the admin token from configuration,
 * every other REST endpoint a project token. Only {@code /q} (health, metrics, OpenAPI), which is not served by
 * REST resources, stays open for probes and scrapers.
 */
public class AuthFilter {

    static final String ADMIN = "api/v1/admin";
    private static final Map<String, Object> CHALLENGE = Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"testpulse\"");

    private final TokenRegistry registry;
    private final AdminToken admin;
    private final Caller caller;

    public AuthFilter(TokenRegistry registry, AdminToken admin, Caller caller) {
        this.registry = registry;
        this.admin = admin;
        this.caller = caller;
    }

    // Pre-matching: an unauthenticated caller learns nothing about routes or media types, only 401.
    @ServerRequestFilter(preMatching = true)
    public void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath().replaceFirst("^/", "");
        if (path.startsWith(ADMIN)) {
            requireAdmin(bearer(request));
            caller.admin();
        } else {
            String secret = bearer(request);
            TokenRecord token = registry.find(secret).orElseThrow(() -> unauthorized(
                    isAdmin(secret) ? "the admin token cannot upload; create a project token" : "unknown or revoked token"));
            caller.authenticate(token.project());
        }
    }

    /** After matching: whatever the path looked like (double slashes, dot segments), the admin API is the admin's. */
    @ServerRequestFilter
    public void authorize(ResourceInfo resource) {
        if (resource.getResourceClass() == AdminTokensResource.class && !caller.isAdmin()) {
            throw new ProblemException(Problem.of(ProblemType.FORBIDDEN, "the admin API needs the admin token"));
        }
    }

    private void requireAdmin(String secret) {
        if (!admin.configured()) {
            throw new ProblemException(Problem.of(ProblemType.FORBIDDEN,
                    "the admin API is disabled: set " + AdminToken.KEY + " (TESTPULSE_ADMIN_TOKEN)"));
        }
        if (!isAdmin(secret)) {
            throw registry.find(secret).isPresent()
                    ? new ProblemException(Problem.of(ProblemType.FORBIDDEN, "a project token cannot manage tokens"))
                    : unauthorized("not the admin token");
        }
    }

    private boolean isAdmin(String secret) {
        return admin.matches(secret);
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
