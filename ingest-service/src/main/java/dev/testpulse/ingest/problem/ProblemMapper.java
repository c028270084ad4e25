package dev.testpulse.ingest.problem;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;

import dev.testpulse.shared.http.LogSafe;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * The one place ingest-service turns failures into {@code application/problem+json} answers. Client mistakes name
 * what and where; server failures never leak a stack trace.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = render(e.problem(), uri);
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response unparsable(JsonProcessingException e, UriInfo uri) {
        JsonLocation location = e.getLocation();
        Problem problem = Problem.of(ProblemType.MALFORMED_BODY, describe(e));
        if (location != null && location.getLineNr() > 0) {
            problem = problem.at(location.getLineNr(), location.getColumnNr());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            problem = problem.withErrors(List.of(new Problem.Violation(pointer(mapping.getPath()), e.getOriginalMessage())));
        }
        return render(problem, uri).build();
    }

    // Quarkus ships its own mappers for these two (an empty 400): ours, as specific, answer problem+json instead.
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unparsable(e, uri);
    }

    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e, UriInfo uri) {
        return unparsable(e, uri);
    }

    /**
     * Reading the body failed: past the server's hard body limit while streaming (413), a multipart body that ends
     * before its closing boundary (400), or a client that went away (400, which nobody reads). Anything else is ours.
     */
    @ServerExceptionMapper
    public Response unreadable(IOException e, UriInfo uri) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Request too large")) {
            return render(Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the body is larger than the server accepts; split the upload"), uri).build();
        }
        if (message.contains("multipart")) {
            return render(Problem.of(ProblemType.MALFORMED_BODY, "the multipart body is malformed or ends before its closing boundary"), uri).build();
        }
        if (message.contains("closed") || message.contains("reset")) {
            LOG.debugf("client went away during %s: %s", LogSafe.path(uri), message);
            return render(Problem.of(ProblemType.MALFORMED_BODY, "the body ended before it was complete"), uri).build();
        }
        return unexpected(e, uri);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        ProblemType type = switch (status) {
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> ProblemType.MALFORMED_BODY;
        };
        Problem problem = new Problem(type.uri(), type.title(), status, e.getMessage(), null, null, null, null, null);
        return render(problem, uri).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", LogSafe.path(uri));
        return render(Problem.of(ProblemType.INTERNAL, "An unexpected error occurred; it has been logged."), uri).build();
    }

    private static Response.ResponseBuilder render(Problem problem, UriInfo uri) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.withInstance(uri.getPath()));
    }

    /** Jackson's message without its source excerpt, which would echo the client's payload back. */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return "The body is not valid JSON: " + (newline < 0 ? message : message.substring(0, newline));
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
    }
}
