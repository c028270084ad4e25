package dev.testpulse.shared.problem;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.testpulse.shared.http.LogSafe;

/**
 * The one place both services turn failures into {@code application/problem+json} answers, in the words of the
 * service's {@link ProblemVocabulary}. Client mistakes name what and where; server failures never leak a stack trace.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final ProblemVocabulary vocabulary;

    public ProblemMapper(ProblemVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = render(e.problem(), uri);
        e.headers().forEach(response::header);
        return response.build();
    }

    /** Malformed JSON, a wrong type or a body past the JSON limits: Jackson's first line and where, never the payload. */
    @ServerExceptionMapper
    public Response unparsable(JsonProcessingException e, UriInfo uri) {
        JsonLocation location = e.getLocation();
        Problem problem = Problem.of(vocabulary.malformedBody(), vocabulary.notJson() + firstLine(e.getOriginalMessage()));
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
            return render(Problem.of(vocabulary.malformedBody(), "the multipart body is malformed or ends before its closing boundary"), uri).build();
        }
        if (message.contains("closed") || message.contains("reset")) {
            LOG.debugf("client went away during %s: %s", LogSafe.path(uri), message);
            return render(Problem.of(vocabulary.malformedBody(), "the body ended before it was complete"), uri).build();
        }
        return unexpected(e, uri);
    }

    /**
     * A client error the REST layer raised. Quarkus REST's JSON body reader wraps Jackson's exception in a bare 400
     * ("HTTP 400 Bad Request"): that one is answered as the malformed JSON it is, naming where.
     */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return unparsable(json, uri);
        }
        ProblemType type = vocabulary.clientError(status);
        return render(Problem.of(new ProblemType(type.slug(), type.title(), status), e.getMessage()), uri).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        return internalError(e, uri);
    }

    /** Logs the failure and answers a 500 that says nothing about it. */
    public static Response internalError(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", LogSafe.path(uri));
        return render(Problem.of(ProblemType.INTERNAL, "An unexpected error occurred; it has been logged."), uri).build();
    }

    /** The problem as the answer to the request at {@code uri}, which it names as its instance. */
    public static Response.ResponseBuilder render(Problem problem, UriInfo uri) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.withInstance(uri.getPath()));
    }

    /** Jackson's message without its source excerpt, which would echo the client's payload back. */
    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
    }
}
