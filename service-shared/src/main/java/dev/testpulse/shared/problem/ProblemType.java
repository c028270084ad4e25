package dev.testpulse.shared.problem;

/**
 * A kind of problem: its stable type URI ({@code urn:testpulse:problem:<slug>}), title and HTTP status. The constants
 * are every kind the services' shared edge and ingest-service answer with; analysis-service names some of its own
 * where it throws them. A few slugs carry a different title in each service; clients may match titles, so neither
 * service's words change.
 */
public record ProblemType(String slug, String title, int status) {

    // Refused before routing (HttpNet), the same in both services.
    public static final ProblemType MALFORMED_URI = new ProblemType("malformed-uri", "Malformed request URI", 400);
    public static final ProblemType URI_TOO_LONG = new ProblemType("uri-too-long", "Request URI too long", 414);
    public static final ProblemType LENGTH_REQUIRED = new ProblemType("length-required", "Length required", 411);

    public static final ProblemType MALFORMED_BODY = new ProblemType("malformed-body", "Malformed request body", 400);
    public static final ProblemType BAD_PARAMETER = new ProblemType("bad-parameter", "Bad request parameter", 400);
    /** analysis-service's title for {@code bad-parameter}, whose problems always name the parameter. */
    public static final ProblemType NAMED_PARAMETER = new ProblemType("bad-parameter", "Bad parameter", 400);
    public static final ProblemType MALFORMED_REPORT = new ProblemType("malformed-report", "Malformed test report", 400);
    public static final ProblemType UNAUTHORIZED = new ProblemType("unauthorized", "Authentication required", 401);
    public static final ProblemType FORBIDDEN = new ProblemType("forbidden", "Not allowed for this project", 403);
    public static final ProblemType NOT_FOUND = new ProblemType("not-found", "Not found", 404);
    public static final ProblemType METHOD_NOT_ALLOWED = new ProblemType("method-not-allowed", "Method not allowed", 405);
    public static final ProblemType NOT_ACCEPTABLE = new ProblemType("not-acceptable", "Not acceptable", 406);
    public static final ProblemType PAYLOAD_TOO_LARGE = new ProblemType("payload-too-large", "Request body too large", 413);
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE = new ProblemType("unsupported-media-type", "Unsupported media type", 415);
    public static final ProblemType INVALID_OUTCOMES = new ProblemType("invalid-outcomes", "Invalid outcomes", 422);
    public static final ProblemType KAFKA_UNAVAILABLE = new ProblemType("kafka-unavailable", "Outcomes could not be stored, retry later", 503);
    public static final ProblemType INGEST_BUSY = new ProblemType("ingest-busy", "Too many uploads in flight, retry later", 503);
    public static final ProblemType ANALYSIS_UNAVAILABLE = new ProblemType("analysis-unavailable", "analysis-service could not be asked, retry later", 503);
    public static final ProblemType INTERNAL = new ProblemType("internal", "Internal error", 500);

    public String uri() {
        return "urn:testpulse:problem:" + slug;
    }
}
