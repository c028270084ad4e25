package dev.testpulse.ingest.problem;

/** The kinds of problem ingest-service answers with, each with its stable type URI, title and HTTP status. */
public enum ProblemType {
    MALFORMED_BODY("malformed-body", "Malformed request body", 400),
    BAD_PARAMETER("bad-parameter", "Bad request parameter", 400),
    MALFORMED_REPORT("malformed-report", "Malformed test report", 400),
    UNAUTHORIZED("unauthorized", "Authentication required", 401),
    FORBIDDEN("forbidden", "Not allowed for this project", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    INVALID_OUTCOMES("invalid-outcomes", "Invalid outcomes", 422),
    KAFKA_UNAVAILABLE("kafka-unavailable", "Outcomes could not be stored, retry later", 503),
    INGEST_BUSY("ingest-busy", "Too many uploads in flight, retry later", 503),
    ANALYSIS_UNAVAILABLE("analysis-unavailable", "analysis-service could not be asked, retry later", 503),
    INTERNAL("internal", "Internal error", 500);

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return "urn:testpulse:problem:" + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
