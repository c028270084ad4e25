package dev.testpulse.shared.problem;

import java.util.Map;

/** Thrown anywhere in a service to answer with a given problem; {@link ProblemMapper} renders it. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, Object> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of(), null);
    }

    /** @param headers response headers that belong to the problem, e.g. Retry-After or WWW-Authenticate */
    public ProblemException(Problem problem, Map<String, Object> headers) {
        this(problem, headers, null);
    }

    public ProblemException(Problem problem, Map<String, Object> headers, Throwable cause) {
        super(problem.detail(), cause);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, Object> headers() {
        return headers;
    }
}
