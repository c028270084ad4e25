package dev.testpulse.analysis.problem;

import java.util.Map;

/** Thrown anywhere in analysis-service to answer with a given problem; {@link ProblemMapper} renders it. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, Object> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    /** A problem answered with extra headers, e.g. {@code WWW-Authenticate} on a 401. */
    public ProblemException(Problem problem, Map<String, Object> headers) {
        super(problem.detail());
        this.problem = problem;
        this.headers = headers;
    }

    public Map<String, Object> headers() {
        return headers;
    }

    public Problem problem() {
        return problem;
    }
}
