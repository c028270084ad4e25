package dev.testpulse.ingest.problem;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request path with a control character in it ({@code %00}, {@code %0a}, ...) names nothing we serve: it is a 400
 * problem before authentication, routing or any log line sees it, so it can neither fail deeper down nor forge a line.
 */
public class PathCheck {

    static final String DETAIL = "the path must not contain control characters such as %00 or %0a";

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public void rejectControlCharacters(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                throw new ProblemException(Problem.of(ProblemType.BAD_PARAMETER, DETAIL));
            }
        }
    }
}
