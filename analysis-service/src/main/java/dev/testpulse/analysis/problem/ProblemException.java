package dev.testpulse.analysis.problem;

/** Thrown anywhere in analysis-service to answer with a given problem; {@link ProblemMapper} renders it. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
