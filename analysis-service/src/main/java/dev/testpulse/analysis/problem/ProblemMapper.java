package dev.testpulse.analysis.problem;

import java.sql.SQLException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;

import dev.testpulse.shared.http.LogSafe;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.testpulse.analysis.storage.SqlFaults;

/** The one place analysis-service turns failures into {@code application/problem+json}; no stack traces leak. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE)
                .entity(e.problem().withInstance(uri.getPath()));
        e.headers().forEach(response::header);
        return response.build();
    }

    /** Malformed JSON, a wrong type or a body past {@link JsonLimits}: Jackson's first line, never the payload. */
    @ServerExceptionMapper
    public Response unparsable(JsonProcessingException e, UriInfo uri) {
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        return render(Problem.of("malformed-body", "Malformed body", 400,
                "The body is not valid JSON for this endpoint: " + (newline < 0 ? message : message.substring(0, newline))), uri);
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

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Client error" : known.getReasonPhrase();
        return render(Problem.of(title.toLowerCase().replace(' ', '-'), title, status, e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response database(SQLException e, UriInfo uri) {
        if (!SqlFaults.meansUnavailable(e)) {
            return unexpected(e, uri);
        }
        LOG.warnf("database unavailable on %s: %s", LogSafe.path(uri), e.getMessage());
        Response response = render(Problem.of("unavailable", "Service Unavailable", 503,
                "The database is unavailable; try again shortly."), uri);
        return Response.fromResponse(response).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", LogSafe.path(uri));
        return render(Problem.of("internal", "Internal error", 500, "An unexpected error occurred; it has been logged."), uri);
    }

    private static Response render(Problem problem, UriInfo uri) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.withInstance(uri.getPath())).build();
    }
}
