package dev.testpulse.ingest.problem;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.testpulse.shared.problem.ProblemType;
import dev.testpulse.shared.problem.ProblemVocabulary;

/** ingest-service's words for the shared edge's problems: a fixed type per client error the REST layer raises. */
public class IngestProblems {

    @Produces
    @Singleton
    ProblemVocabulary vocabulary() {
        return new ProblemVocabulary(ProblemType.MALFORMED_BODY, "The body is not valid JSON: ", ProblemType.BAD_PARAMETER,
                IngestProblems::clientError);
    }

    static ProblemType clientError(int status) {
        return switch (status) {
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> ProblemType.MALFORMED_BODY;
        };
    }
}
