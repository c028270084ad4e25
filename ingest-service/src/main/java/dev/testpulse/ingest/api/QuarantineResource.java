package dev.testpulse.ingest.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import dev.testpulse.ingest.IngestConfig;
import dev.testpulse.ingest.auth.AdminTokensResource;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;

/**
 * {@code GET /api/v1/projects/{project}/quarantine}, passed on to analysis-service as it is: a build's reporter knows
 * ingest's URL only, and every CI job asks for this list, so it stays one setting. The caller's token goes along
 * (analysis decides what it may read), and so do {@code If-None-Match} and the {@code ETag}, so a 304 stays a 304.
 * Analysis not configured, unreachable or failing is a 503 the reporter says it met, never an empty list: an empty
 * list would silently un-quarantine every test.
 */
@Path("/api/v1/projects/{project}/quarantine")
@SecurityRequirement(name = AdminTokensResource.BEARER)
public class QuarantineResource {

    private final HttpClient http;
    private final Optional<URI> analysis;
    private final IngestConfig config;

    public QuarantineResource(IngestConfig config) {
        this.config = config;
        this.analysis = config.analysisUrl().map(url -> URI.create(url.replaceAll("/+$", "")));
        this.http = HttpClient.newBuilder().connectTimeout(config.analysisTimeout()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The project's quarantined tests, from analysis-service", description = "Muted and skipped tests "
            + "with reason, since and until; a strong ETag, and 304 for a matching If-None-Match.")
    @APIResponse(responseCode = "200", description = "The list (empty for a project analysis has not heard of)")
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    @APIResponse(responseCode = "503", description = "analysis-service is not configured, unreachable or failing")
    public Response list(@PathParam("project") String project, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        requireProjectKey(project);
        URI base = analysis.orElseThrow(() -> unavailable("testpulse.ingest.analysis-url (TESTPULSE_INGEST_ANALYSIS_URL) is not set", null));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/" + project + "/quarantine"))
                .timeout(config.analysisTimeout()).header(HttpHeaders.AUTHORIZATION, authorization).header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        if (ifNoneMatch != null) {
            request.header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unavailable("analysis-service at " + base + " did not answer within " + config.analysisTimeout().toMillis() + " ms: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while asking analysis-service", e);
        }
        if (answer.statusCode() >= 500) {
            throw unavailable("analysis-service answered " + answer.statusCode(), null);
        }
        Response.ResponseBuilder response = Response.status(answer.statusCode());
        answer.headers().firstValue(HttpHeaders.ETAG).ifPresent(etag -> response.header(HttpHeaders.ETAG, etag));
        answer.headers().firstValue(HttpHeaders.CACHE_CONTROL).ifPresent(cache -> response.header(HttpHeaders.CACHE_CONTROL, cache));
        if (answer.statusCode() != 304 && !answer.body().isEmpty()) {
            // 200 is the list, a 4xx analysis's problem+json: passed on with its own type
            response.entity(answer.body()).type(answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(MediaType.APPLICATION_JSON));
        }
        return response.build();
    }

    /** The project is checked here, not by analysis: the key becomes part of the URL this service asks. */
    private static void requireProjectKey(String project) {
        if (!OutcomeValidator.PROJECT.matcher(project).matches()) {
            throw new ProblemException(Problem.of(ProblemType.BAD_PARAMETER, "path parameter 'project' is not " + OutcomeValidator.PROJECT.pattern())
                    .withErrors(java.util.List.of(new Problem.Violation("/project", "not " + OutcomeValidator.PROJECT.pattern()))));
        }
    }

    private static ProblemException unavailable(String detail, Throwable cause) {
        return new ProblemException(Problem.of(ProblemType.ANALYSIS_UNAVAILABLE, detail), java.util.Map.of(), cause);
    }
}
