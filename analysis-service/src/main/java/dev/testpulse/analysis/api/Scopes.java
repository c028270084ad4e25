package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.windows.Window;
import dev.testpulse.analysis.windows.WindowedCounts;

/** What every query checks first: the project (and suite) exist, and the window parameter means something. */
@ApplicationScoped
public class Scopes {

    private final WindowedCounts counts;
    private final AnalysisConfig config;

    public Scopes(WindowedCounts counts, AnalysisConfig config) {
        this.counts = counts;
        this.config = config;
    }

    /** @throws ProblemException 404 when the project never had outcomes */
    public void requireProject(String project) throws SQLException {
        if (!counts.exists(project, null)) {
            throw new ProblemException(Problem.notFound("no outcomes for project '" + project + "'"));
        }
    }

    /** @throws ProblemException 404 when the project or suite never had outcomes */
    public void requireSuite(String project, String suite) throws SQLException {
        requireProject(project);
        if (!counts.exists(project, suite)) {
            throw new ProblemException(Problem.notFound("no outcomes for suite '" + suite + "' of project '" + project + "'"));
        }
    }

    /** The project when {@code suite} is null, else that suite of it. @throws ProblemException 404 as those two */
    public void requireProjectOrSuite(String project, String suite) throws SQLException {
        if (suite == null) {
            requireProject(project);
        } else {
            requireSuite(project, suite);
        }
    }

    /** @throws ProblemException 400 naming {@code limit} unless it is a whole number from 1 to {@code max} */
    public static int limit(String text, int max) {
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.badParameter("limit", "limit must be a whole number from 1 to " + max + ", was '" + text + "'"));
    }

    /** @throws ProblemException 400 naming {@code window} */
    public Window window(String text) {
        return Window.parse(text, config.defaultRuns(), config.maxRuns(), maxSliding());
    }

    /**
     * The window of a query on a project, parsed before the project is looked up: a bad window is a 400 whether or not
     * the project exists. @throws ProblemException 400 naming {@code window}, 404 when the project never had outcomes
     */
    public Window projectWindow(String project, String windowText) throws SQLException {
        Window window = window(windowText);
        requireProject(project);
        return window;
    }

    /** Sliding windows cannot reach past the data kept. */
    public Duration maxSliding() {
        return config.retention();
    }

    /** A blank branch means all branches. */
    public static String branch(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
