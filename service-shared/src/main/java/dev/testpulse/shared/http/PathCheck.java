package dev.testpulse.shared.http;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemVocabulary;

/**
 * A request path with a control character in it ({@code %00}, {@code %0a}, ...) names nothing we serve: it is a 400
 * problem before authentication, routing or any log line sees it, so it can neither fail deeper down nor forge a line.
 */
public class PathCheck {

    static final String DETAIL = "the path must not contain control characters such as %00 or %0a";

    private final ProblemVocabulary vocabulary;

    public PathCheck(ProblemVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public void rejectControlCharacters(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new ProblemException(Problem.of(vocabulary.badParameter(), DETAIL).withParameter("path"));
            }
        }
    }
}
