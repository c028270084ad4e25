package dev.testpulse.analysis.api;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.testpulse.analysis.insights.CriticalTest;
import dev.testpulse.analysis.insights.CriticalTests;
import dev.testpulse.analysis.insights.FailureGroup;
import dev.testpulse.analysis.insights.FailureGroups;
import dev.testpulse.analysis.insights.FlakyTest;
import dev.testpulse.analysis.insights.FlakyTests;
import dev.testpulse.analysis.insights.ProjectSettings;
import dev.testpulse.analysis.insights.ProjectSettingsStore;
import dev.testpulse.analysis.insights.Report;
import dev.testpulse.analysis.insights.ReportBuilder;
import dev.testpulse.analysis.insights.ReportMarkdown;
import dev.testpulse.analysis.owners.Owners;
import dev.testpulse.analysis.owners.OwnersStore;
import dev.testpulse.shared.problem.Problem;
import dev.testpulse.shared.problem.ProblemException;
import dev.testpulse.analysis.rates.Counts;
import dev.testpulse.analysis.windows.Window;
import dev.testpulse.analysis.windows.WindowedCounts;

/** Insights of a project over a window: failure groups, flaky tests, critical tests, settings and the report. */
@Path("/api/v1/projects/{project}")
public class InsightsResource {

    public static final String MARKDOWN = "text/markdown";
    private static final Pattern BRANCH = Pattern.compile("[^\\s]{1,250}");

    private final Scopes scopes;
    private final WindowedCounts counts;
    private final FailureGroups groups;
    private final FlakyTests flaky;
    private final CriticalTests critical;
    private final ProjectSettingsStore settings;
    private final ReportBuilder reports;
    private final OwnersStore owners;

    public InsightsResource(Scopes scopes, WindowedCounts counts, FailureGroups groups, FlakyTests flaky,
            CriticalTests critical, ProjectSettingsStore settings, ReportBuilder reports, OwnersStore owners) {
        this.owners = owners;
        this.scopes = scopes;
        this.counts = counts;
        this.groups = groups;
        this.flaky = flaky;
        this.critical = critical;
        this.settings = settings;
        this.reports = reports;
    }

    /** The groups with the window they cover. */
    public record FailureGroupList(String project, String window, String suite, String branch, List<FailureGroup> groups) {
    }

    /** The flaky tests with the window they cover. */
    public record FlakyTestList(String project, String window, String branch, List<FlakyTest> tests) {
    }

    /** The critical tests with the window they cover. */
    public record CriticalTestList(String project, String window, String branch, List<CriticalTest> tests) {
    }

    @GET
    @Path("/failures")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Failures grouped by cause (type + normalised message), most costly first, with the rate if fixed")
    public FailureGroupList failures(@PathParam("project") String project,
            @Parameter(description = ProjectsResource.WINDOW_DOC) @QueryParam("window") String windowText,
            @QueryParam("suite") String suiteText, @QueryParam("branch") String branchText,
            @Parameter(description = "only failures of tests this team owns (a name from the project's owners, e.g. @org/team); "
                    + "the projections are then against that team's tests alone") @QueryParam("owner") String owner) throws SQLException {
        Window window = scopes.window(windowText);
        String suite = Scopes.branch(suiteText);
        String branch = Scopes.branch(branchText);
        scopes.requireProjectOrSuite(project, suite);
        Instant now = Instant.now();
        Map<String, Counts> suites = counts.suites(project, branch, window, now);
        if (owner == null) {
            Counts scope = suites.entrySet().stream().filter(entry -> suite == null || entry.getKey().equals(suite))
                    .map(Map.Entry::getValue).reduce(Counts.ZERO, Counts::plus);
            return new FailureGroupList(project, window.label(), suite, branch, groups.groups(project, suite, branch, window, now, scope));
        }
        List<Map.Entry<String, String>> owned = new ArrayList<>();
        Counts scope = ownedTests(project, suite, branch, window, now, suites.keySet(), owner, owned);
        return new FailureGroupList(project, window.label(), suite, branch, groups.groups(project, suite, branch, window, now, scope, owned));
    }

    /**
     * The team's tests in the window, added to {@code owned} as (suite, test key): matched the way alerts and the tests
     * table match them (suite and class); returns their counts together.
     */
    private Counts ownedTests(String project, String suite, String branch, Window window, Instant now, Iterable<String> suites,
            String owner, List<Map.Entry<String, String>> owned) throws SQLException {
        Owners rules = owners.owners(project);
        Counts scope = Counts.ZERO;
        for (String each : suites) {
            if (suite != null && !suite.equals(each)) {
                continue;
            }
            for (WindowedCounts.TestCounts test : counts.tests(project, each, branch, window, now)) {
                if (rules.teams(each, test.className(), null).contains(owner)) {
                    owned.add(Map.entry(each, test.testKey()));
                    scope = scope.plus(test.counts());
                }
            }
        }
        return scope;
    }

    @GET
    @Path("/flaky")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tests that passed and failed on the same commit, most recent flake first")
    public FlakyTestList flaky(@PathParam("project") String project,
            @Parameter(description = ProjectsResource.WINDOW_DOC) @QueryParam("window") String windowText,
            @QueryParam("branch") String branchText, @QueryParam("owner") String owner) throws SQLException {
        Window window = scopes.projectWindow(project, windowText);
        String branch = Scopes.branch(branchText);
        List<FlakyTest> found = flaky.find(project, null, branch, window, Instant.now());
        return new FlakyTestList(project, window.label(), branch, ownedBy(project, owner, found, FlakyTest::suite, FlakyTest::className));
    }

    @GET
    @Path("/critical")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Critical tests (tagged critical or listed in the settings): last status and failures in the window")
    public CriticalTestList critical(@PathParam("project") String project,
            @Parameter(description = ProjectsResource.WINDOW_DOC) @QueryParam("window") String windowText,
            @QueryParam("branch") String branchText, @QueryParam("owner") String owner) throws SQLException {
        Window window = scopes.projectWindow(project, windowText);
        List<CriticalTest> found = critical.find(project, Scopes.branch(branchText), window, Instant.now(),
                settings.get(project).criticalTests());
        return new CriticalTestList(project, window.label(), Scopes.branch(branchText),
                ownedBy(project, owner, found, CriticalTest::suite, CriticalTest::className));
    }

    /** The tests the team owns, matched by suite and class as alerts match them; all of them when no team is asked for. */
    private <T> List<T> ownedBy(String project, String owner, List<T> tests, Function<T, String> suite, Function<T, String> className)
            throws SQLException {
        if (owner == null) {
            return tests;
        }
        Owners rules = owners.owners(project);
        return tests.stream().filter(test -> rules.teams(suite.apply(test), className.apply(test), null).contains(owner)).toList();
    }

    @GET
    @Path("/settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The project's default branch and critical tests")
    public ProjectSettings settings(@PathParam("project") String project) throws SQLException {
        scopes.requireProject(project);
        return settings.get(project);
    }

    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the project's default branch and critical tests (test keys Class#name)")
    public ProjectSettings putSettings(@PathParam("project") String project, ProjectSettings request) throws SQLException {
        scopes.requireProject(project);
        if (request == null || request.defaultBranch() == null || !BRANCH.matcher(request.defaultBranch()).matches()) {
            throw new ProblemException(new Problem("urn:testpulse:problem:invalid-request", "Invalid request", 422,
                    "default_branch must be a branch name", null, "default_branch"));
        }
        List<String> criticalTests = request.criticalTests() == null ? List.of() : request.criticalTests();
        if (criticalTests.size() > 1000 || criticalTests.stream().anyMatch(key -> key == null || !key.contains("#"))) {
            throw new ProblemException(new Problem("urn:testpulse:problem:invalid-request", "Invalid request", 422,
                    "critical_tests holds at most 1000 test keys of the form Class#name (#name for tests without a class)",
                    null, "critical_tests"));
        }
        ProjectSettings saved = new ProjectSettings(request.defaultBranch(), criticalTests);
        settings.put(project, saved);
        return saved;
    }

    @GET
    @Path("/report")
    @Produces({MediaType.APPLICATION_JSON, MARKDOWN})
    @Operation(summary = "The validation report, as Markdown (Accept: text/markdown or format=markdown) or JSON")
    public Response report(@PathParam("project") String project,
            @Parameter(description = ProjectsResource.WINDOW_DOC) @QueryParam("window") String windowText,
            @QueryParam("branch") String branchText,
            @Parameter(description = "markdown or json; otherwise the Accept header decides") @QueryParam("format") String format,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) throws SQLException {
        boolean markdown = markdown(format, accept);
        Window window = scopes.projectWindow(project, windowText);
        Report report = reports.build(project, Scopes.branch(branchText), window);
        return markdown ? Response.ok(ReportMarkdown.render(report), MARKDOWN + "; charset=UTF-8").build()
                : Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    static boolean markdown(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.trim()) {
                case "markdown", "md" -> true;
                case "json" -> false;
                default -> throw new ProblemException(Problem.badParameter("format", "format must be markdown or json, was '" + format + "'"));
            };
        }
        return accept != null && accept.contains(MARKDOWN)
                && (!accept.contains(MediaType.APPLICATION_JSON) || accept.indexOf(MARKDOWN) < accept.indexOf(MediaType.APPLICATION_JSON));
    }
}
