package dev.testpulse.ingest.auth;

import jakarta.enterprise.context.RequestScoped;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.shared.problem.ProblemType;

/** Who is calling, as {@link AuthFilter} established it: the one project a token may write. */
@RequestScoped
public class Caller {

    private String project;
    private boolean admin;

    void authenticate(String tokenProject) {
        this.project = tokenProject;
    }

    void admin() {
        this.admin = true;
    }

    boolean isAdmin() {
        return admin;
    }

    /** The project of the caller's token. */
    public String project() {
        return project;
    }

    /** @throws ProblemException 403 when the upload names a project the token is not for */
    public void requireProject(String named) {
        if (project == null || !project.equals(named)) {
            throw new ProblemException(Problem.of(ProblemType.FORBIDDEN,
                    "the token is for project '" + project + "' and cannot write project '" + named + "'; nothing was published"));
        }
    }
}
