package dev.testpulse.ingest.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), extended with where the problem is: a list of
 * {@link Violation}s for invalid content, or the line and column of a document that could not be parsed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<Violation> errors,
        Integer line,
        Integer column,
        String file) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, null, null, null, null);
    }

    public Problem withErrors(List<Violation> violations) {
        return new Problem(type, title, status, detail, instance, List.copyOf(violations), line, column, file);
    }

    public Problem at(Integer atLine, Integer atColumn) {
        return new Problem(type, title, status, detail, instance, errors, atLine, atColumn, file);
    }

    public Problem inFile(String fileName) {
        return new Problem(type, title, status, detail, instance, errors, line, column, fileName);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors, line, column, file);
    }

    /** One thing wrong with the content: where (a JSON pointer into the request) and what. */
    public record Violation(String pointer, String detail) {
    }
}
