package dev.testpulse.shared.problem;

import java.util.function.IntFunction;

/**
 * The words a service answers the problems of the shared edge with ({@link ProblemMapper}, the path check): each
 * service produces one. The two services grew different titles for the same types before they shared this code, and
 * clients may match titles, so each keeps its own.
 *
 * @param malformedBody a body that is not what the endpoint reads (not JSON, a broken multipart body, cut short)
 * @param notJson what the detail of a body that is not valid JSON starts with, before Jackson's reason
 * @param badParameter a request parameter (or the path) that is not acceptable
 * @param clientErrors the type of a client error (4xx) that the REST layer raised itself: no route, wrong method or
 *        media type, by status
 */
public record ProblemVocabulary(ProblemType malformedBody, String notJson, ProblemType badParameter,
        IntFunction<ProblemType> clientErrors) {

    public ProblemType clientError(int status) {
        return clientErrors.apply(status);
    }
}
