package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.testpulse.analysis.AnalysisConfig;
import dev.testpulse.analysis.problem.Problem;
import dev.testpulse.analysis.problem.ProblemException;
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

    /** @throws ProblemException 400 naming {@code window} */
    public Window window(String text) {
        return Window.parse(text, config.defaultRuns(), config.maxRuns(), maxSliding());
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
