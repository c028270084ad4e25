package dev.testpulse.ingest.api;

import dev.testpulse.shared.problem.ProblemException;

/** The metric tag for why a request was refused: the problem type's short name, or "internal". */
final class RejectionReason {

    private RejectionReason() {
    }

    static String of(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            String type = problem.problem().type();
            return type.substring(type.lastIndexOf(':') + 1);
        }
        return failure instanceof com.fasterxml.jackson.core.JsonProcessingException ? "malformed-body" : "internal";
    }
}
