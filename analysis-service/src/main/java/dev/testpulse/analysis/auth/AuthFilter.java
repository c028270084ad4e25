package dev.testpulse.analysis.auth;

import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.auth.AdminToken;
import dev.testpulse.auth.TokenRecord;
import dev.testpulse.auth.TokenRegistry;

/**
 * Bearer tokens for analysis-service, deny by default. Every REST endpoint that is not a read needs a token: the
 * admin token, or a project token for its own project (the {@code {project}} of the path, or, on methods marked
 * {@link ChecksProject}, the project the resource finds); any other method is the admin's. Reads are open unless
 * {@code testpulse.auth.read=token}. Only {@code /q} (health, metrics, OpenAPI), not served by REST resources, and the dashboard's files are public.
 */
public class AuthFilter {

    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Map<String, Object> CHALLENGE = Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"testpulse\"");

    private final TokenRegistry registry;
    private final AdminToken admin;
    private final AuthConfig config;
    private final Caller caller;

    public AuthFilter(TokenRegistry registry, AdminToken admin, AuthConfig config, Caller caller) {
        this.registry = registry;
        this.admin = admin;
        this.config = config;
        this.caller = caller;
    }

    // Pre-matching: an unauthenticated writer learns nothing about routes or media types, only 401.
    @ServerRequestFilter(preMatching = true)
    public void authenticate(ContainerRequestContext request) {
        if (isDashboardFile(request)) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            if (!READS.contains(request.getMethod()) || config.read() == AuthConfig.ReadAccess.TOKEN) {
                throw unauthorized("send 'Authorization: Bearer <token>': the admin token or a token of the project");
            }
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw unauthorized("send 'Authorization: Bearer <token>'");
        }
        String secret = header.substring(7).trim();
        if (admin.matches(secret)) {
            caller.admin();
        } else {
            caller.project(registry.find(secret).map(TokenRecord::project).orElseThrow(() -> unauthorized("unknown or revoked token")));
        }
    }

    @ServerRequestFilter
    public void authorize(ContainerRequestContext request, ResourceInfo resource) {
        if (isDashboardFile(request)) {
            return;
        }
        if (READS.contains(request.getMethod()) && config.read() == AuthConfig.ReadAccess.OPEN) {
            return;
        }
        String project = request.getUriInfo().getPathParameters().getFirst("project");
        if (project != null) {
            caller.requireProject(project);
        } else if (resource.getResourceMethod() == null || !resource.getResourceMethod().isAnnotationPresent(ChecksProject.class)) {
            caller.requireAdmin();
        }
    }

    /**
     * The dashboard's page, scripts and styles (package dashboard, the uPlot WebJar) are public: they hold no data, and a
     * browser must load them before it can ask for a token. The API calls they make are checked like any other.
     */
    static boolean isDashboardFile(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return READS.contains(request.getMethod()) && (path.equals("/") || path.startsWith("/projects/")
                || path.startsWith("/dashboard/") || path.startsWith("/webjars/"));
    }

    static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of("unauthorized", "Unauthorized", 401, detail), CHALLENGE);
    }
}
