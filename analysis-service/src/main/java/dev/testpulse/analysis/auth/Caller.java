package dev.testpulse.analysis.auth;

import jakarta.enterprise.context.RequestScoped;

import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;

/** Who is calling, as {@link AuthFilter} established it: the admin, one project's token, or nobody. */
@RequestScoped
public class Caller {

    private final AuthConfig config;
    private boolean admin;
    private String project;

    public Caller(AuthConfig config) {
        this.config = config;
    }

    void admin() {
        this.admin = true;
    }

    void project(String tokenProject) {
        this.project = tokenProject;
    }

    public boolean isAdmin() {
        return admin;
    }

    /** @throws ProblemException 401 without a token, 403 for a token of another project */
    public void requireProject(String named) {
        if (admin) {
            return;
        }
        if (project == null) {
            throw AuthFilter.unauthorized("send 'Authorization: Bearer <token>' with the admin token or a token of project '" + named + "'");
        }
        if (!project.equals(named)) {
            throw new ProblemException(Problem.of("forbidden", "Forbidden", 403,
                    "the token is for project '" + project + "' and cannot access project '" + named + "'"));
        }
    }

    /** @throws ProblemException 401 without a token, 403 for a project token */
    public void requireAdmin() {
        if (!admin) {
            throw project == null ? AuthFilter.unauthorized("send 'Authorization: Bearer <admin token>'")
                    : new ProblemException(Problem.of("forbidden", "Forbidden", 403, "this needs the admin token, not a project token"));
        }
    }

    /** {@link #requireProject} for a read: a no-op while reads are open. */
    public void requireRead(String named) {
        if (config.read() == AuthConfig.ReadAccess.TOKEN) {
            requireProject(named);
        }
    }

    /**
     * The project a listing may show: what was asked for when reads are open or the caller is the admin; else the
     * caller's own project (asked for or implied), and 403 for another.
     */
    public String readScope(String requested) {
        if (config.read() == AuthConfig.ReadAccess.OPEN || admin) {
            return requested;
        }
        String scope = requested == null ? project : requested;
        requireProject(scope);
        return scope;
    }
}
