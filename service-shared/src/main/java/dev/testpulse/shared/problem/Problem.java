package dev.testpulse.shared.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), extended with where the problem is: the bad query
 * {@code parameter}, a list of {@link Violation}s for invalid content, or the line and column (and file) of a document
 * that could not be parsed. Absent parts are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String parameter,
        List<Violation> errors,
        Integer line,
        Integer column,
        String file) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem that names the parameter it is about (analysis-service's shape). */
    public Problem(String type, String title, int status, String detail, String instance, String parameter) {
        this(type, title, status, detail, instance, parameter, null, null, null, null);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, null);
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return of(new ProblemType(slug, title, status), detail);
    }

    public static Problem notFound(String detail) {
        return of(ProblemType.NOT_FOUND, detail);
    }

    public static Problem badParameter(String parameter, String detail) {
        return of(ProblemType.NAMED_PARAMETER, detail).withParameter(parameter);
    }

    public Problem withParameter(String name) {
        return new Problem(type, title, status, detail, instance, name, errors, line, column, file);
    }

    public Problem withErrors(List<Violation> violations) {
        return new Problem(type, title, status, detail, instance, parameter, List.copyOf(violations), line, column, file);
    }

    public Problem at(Integer atLine, Integer atColumn) {
        return new Problem(type, title, status, detail, instance, parameter, errors, atLine, atColumn, file);
    }

    public Problem inFile(String fileName) {
        return new Problem(type, title, status, detail, instance, parameter, errors, line, column, fileName);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, parameter, errors, line, column, file);
    }

    /** One thing wrong with the content: where (a JSON pointer into the request) and what. */
    public record Violation(String pointer, String detail) {
    }
}
