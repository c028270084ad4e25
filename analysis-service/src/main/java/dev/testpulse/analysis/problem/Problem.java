package dev.testpulse.analysis.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail ({@code application/problem+json}); {@code parameter} names the bad query parameter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem("urn:testpulse:problem:" + slug, title, status, detail, null, null);
    }

    public static Problem notFound(String detail) {
        return of("not-found", "Not found", 404, detail);
    }

    public static Problem badParameter(String parameter, String detail) {
        return new Problem("urn:testpulse:problem:bad-parameter", "Bad parameter", 400, detail, null, parameter);
    }

    Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, parameter);
    }
}
