package dev.testpulse.ingest.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.Problem.Violation;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;

/**
 * Where a report's tests ran: project, pipeline, run, job, commit, branch and tags. Reports rarely say, so a CI job
 * gives them as query parameters ({@code ?project=&run=}) or headers ({@code X-Testpulse-Run: ...}); a query
 * parameter wins over a header. {@code partial}: more uploads of this run follow, so the upload does not finish it.
 */
public record RunContext(String project, String pipeline, String runId, Integer attempt, String job, String commit, String branch,
        Instant startedAt, List<String> tags, boolean partial, String runUrl) {

    /** The query parameter names; each header is {@code X-Testpulse-} plus the capitalised name. */
    static final List<String> PARAMETERS = List.of("project", "pipeline", "run", "attempt", "job", "commit", "branch", "started_at", "tags",
            "partial", "run_url");

    public static RunContext from(UriInfo uri, HttpHeaders headers) {
        Lookup lookup = new Lookup(uri, headers);
        return new RunContext(lookup.get("project"), lookup.get("pipeline"), lookup.get("run"), lookup.integer("attempt"), lookup.get("job"),
                lookup.get("commit"), lookup.get("branch"), lookup.instant("started_at"), lookup.list("tags"), lookup.bool("partial"),
                lookup.get("run_url"));
    }

    /** The same context with the project the caller's token is for, when the request named none. */
    public RunContext withDefaultProject(String tokenProject) {
        return project != null ? this : new RunContext(tokenProject, pipeline, runId, attempt, job, commit, branch, startedAt, tags, partial,
                runUrl);
    }

    static String header(String parameter) {
        return "X-Testpulse-" + Arrays.stream(parameter.split("_"))
                .map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1))
                .reduce((a, b) -> a + "-" + b).orElseThrow();
    }

    private record Lookup(UriInfo uri, HttpHeaders headers) {

        String get(String name) {
            String value = uri.getQueryParameters().getFirst(name);
            if (value == null) {
                value = headers.getHeaderString(header(name));
            }
            return value == null || value.isBlank() ? null : value.trim();
        }

        Integer integer(String name) {
            String value = get(name);
            try {
                return value == null ? null : Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw bad(name, "must be a whole number, was '" + value + "'");
            }
        }

        boolean bool(String name) {
            String value = get(name);
            if (value == null || value.equalsIgnoreCase("false")) {
                return false;
            }
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            throw bad(name, "must be true or false, was '" + value + "'");
        }

        Instant instant(String name) {
            String value = get(name);
            try {
                return value == null ? null : Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw bad(name, "must be an ISO-8601 instant such as 2026-11-24T10:15:30Z, was '" + value + "'");
            }
        }

        List<String> list(String name) {
            String value = get(name);
            return value == null ? List.of()
                    : Arrays.stream(value.split(",")).map(String::trim).filter(tag -> !tag.isEmpty()).toList();
        }

        private static ProblemException bad(String name, String detail) {
            return new ProblemException(Problem.of(ProblemType.BAD_PARAMETER, "bad run context: " + name + " " + detail)
                    .withErrors(List.of(new Violation("?" + name, detail))));
        }
    }
}
