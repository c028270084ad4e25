package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.testpulse.analysis.owners.Owners;
import dev.testpulse.analysis.owners.OwnersStore;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.rates.Rate;
import dev.testpulse.analysis.windows.Window;
import dev.testpulse.analysis.windows.WindowedCounts;
import dev.testpulse.analysis.windows.WindowedCounts.TestCounts;

/** The per-test table of a suite: every test's rate over a window, worst first by default. */
@Path("/api/v1/projects/{project}/suites/{suite}/tests")
@Produces(MediaType.APPLICATION_JSON)
public class TestsResource {

    static final int MAX_LIMIT = 1000;

    private final WindowedCounts counts;
    private final Scopes scopes;
    private final OwnersStore owners;

    public TestsResource(WindowedCounts counts, Scopes scopes, OwnersStore owners) {
        this.counts = counts;
        this.scopes = scopes;
        this.owners = owners;
    }

    /** The table. */
    public record TestTable(String project, String suite, String window, String branch, String sort, List<TestRow> tests) {
    }

    /** One test. */
    public record TestRow(@JsonProperty("class") String className, String name, Rate rate, List<String> owners) {
    }

    @GET
    @Operation(summary = "Every test of a suite with its rate over a window")
    public TestTable tests(@PathParam("project") String project, @PathParam("suite") String suite,
            @Parameter(description = ProjectsResource.WINDOW_DOC) @QueryParam("window") String windowText,
            @QueryParam("branch") String branchText,
            @Parameter(description = "rate (lowest first), failures (most first) or name") @QueryParam("sort") @DefaultValue("rate") String sort,
            @Parameter(description = "at most this many tests, 1 to 1000") @QueryParam("limit") @DefaultValue("100") String limitText,
            @Parameter(description = "only tests this team owns (a name from the project's owners, e.g. @org/team)") @QueryParam("owner") String owner)
            throws SQLException {
        Window window = scopes.window(windowText);
        Comparator<TestRow> order = order(sort);
        int limit = limit(limitText);
        String branch = Scopes.branch(branchText);
        scopes.requireSuite(project, suite);
        List<TestCounts> found = counts.tests(project, suite, branch, window, Instant.now());
        Owners rules = owners.owners(project);
        List<TestRow> rows = found.stream().map(test -> new TestRow(test.className(), test.name(), Rate.of(test.counts()),
                        rules.teams(suite, test.className(), null)))
                .filter(row -> owner == null || row.owners().contains(owner)).sorted(order).limit(limit).toList();
        return new TestTable(project, suite, window.label(), branch, sort, rows);
    }

    static Comparator<TestRow> order(String sort) {
        Comparator<TestRow> byName = Comparator.comparing((TestRow row) -> row.className() == null ? "" : row.className())
                .thenComparing(TestRow::name);
        Comparator<TestRow> byFailures = Comparator.comparingLong((TestRow row) -> row.rate().failed() + row.rate().error()).reversed();
        return switch (sort) {
            case "rate" -> Comparator.comparing((TestRow row) -> row.rate().successRate(), Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(byFailures).thenComparing(byName);
            case "failures" -> byFailures.thenComparing(byName);
            case "name" -> byName;
            default -> throw new ProblemException(Problem.badParameter("sort", "sort must be rate, failures or name, was '" + sort + "'"));
        };
    }

    static int limit(String text) {
        return Scopes.limit(text, MAX_LIMIT);
    }
}
