package dev.testpulse.analysis.problem;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import dev.testpulse.shared.problem.ProblemType;
import dev.testpulse.shared.problem.ProblemVocabulary;

/** analysis-service's words for the shared edge's problems: a client error the REST layer raises is titled by its reason. */
public class AnalysisProblems {

    @Produces
    @Singleton
    ProblemVocabulary vocabulary() {
        return new ProblemVocabulary(new ProblemType("malformed-body", "Malformed body", 400),
                "The body is not valid JSON for this endpoint: ", ProblemType.NAMED_PARAMETER, AnalysisProblems::clientError);
    }

    static ProblemType clientError(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Client error" : known.getReasonPhrase();
        return new ProblemType(title.toLowerCase().replace(' ', '-'), title, status);
    }
}
