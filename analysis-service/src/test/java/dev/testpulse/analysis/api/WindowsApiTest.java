package dev.testpulse.analysis.api;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Windows over the real pipeline. One scenario, sent out of order with a late outcome:
 * <pre>
 *   run  branch   event time   t1      t2      t3
 *   r1   main     now-5d       passed  failed
 *   r2   main     now-3h       passed  passed
 *   r5   main     now-2h                       passed   (sent last: late)
 *   r3   main     now-30m      failed  passed
 *   r4   feature  now-10m      failed  failed
 * </pre>
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class WindowsApiTest {

    private static final String PROJECT = "win-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant NOW = Instant.now();
    private static boolean sent;

    private final String project = PROJECT;
    private final Instant now = NOW;

    @Inject
    DataSource dataSource;

    /** Once per class, but after Quarkus set REST Assured up (it has not in a static @BeforeAll). */
    @BeforeEach
    void sendScenarioOnce() {
        if (sent) {
            return;
        }
        sent = true;
        List<Map.Entry<String, String>> records = new ArrayList<>();
        add(records, "r3", "main", now.minus(Duration.ofMinutes(30)), "t1:failed", "t2:passed");
        add(records, "r4", "feature", now.minus(Duration.ofMinutes(10)), "t1:failed", "t2:failed");
        add(records, "r1", "main", now.minus(Duration.ofDays(5)), "t1:passed", "t2:failed");
        add(records, "r2", "main", now.minus(Duration.ofHours(3)), "t1:passed", "t2:passed");
        add(records, "r5", "main", now.minus(Duration.ofHours(2)), "t3:passed");
        OutcomeTopic.send(records);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> summary("7d", null).body("overall.rate.executed", equalTo(9)));
    }

    @ParameterizedTest(name = "window={0} branch={1}: {2} passed, {3} failed -> {4}%")
    @CsvSource(nullValues = "all", value = {
            "1h,     all,  1, 3, 25.0",
            "1h,     main, 1, 1, 50.0",
            "24h,    all,  4, 3, 57.1",
            "7d,     all,  5, 4, 55.6",
            "7d,     main, 5, 2, 71.4",
            "runs:2, all,  1, 3, 25.0",
            "runs:3, main, 4, 1, 80.0",
            "runs:20, all, 5, 4, 55.6"})
    void countsEachWindowByEventTimeOrRun(String window, String branch, int passed, int failed, float pct) {
        summary(window, branch)
                .body("window", equalTo(window))
                .body("overall.rate.passed", equalTo(passed))
                .body("overall.rate.failed", equalTo(failed))
                .body("overall.rate.success_rate_pct", equalTo(pct))
                .body("suites[0].suite", equalTo("api"))
                .body("suites[0].rate.passed", equalTo(passed));
    }

    @ParameterizedTest(name = "sort={0}")
    @CsvSource({"rate, t1 t2 t3", "name, t1 t2 t3", "failures, t1 t2 t3"})
    void listsEveryTestOfASuite(String sort, String names) {
        given().queryParam("window", "7d").queryParam("sort", sort)
                .get("/api/v1/projects/{p}/suites/{s}/tests", project, "api").then().statusCode(200)
                .body("tests.name", equalTo(List.of(names.split(" "))))
                .body("tests.find { it.name == 't1' }.rate.success_rate_pct", equalTo(50.0f))
                .body("tests.find { it.name == 't3' }.rate.passed", equalTo(1))
                .body("tests[0].class", equalTo("T"));
        given().queryParam("window", "runs:1").queryParam("branch", "main").queryParam("limit", "1")
                .get("/api/v1/projects/{p}/suites/{s}/tests", project, "api").then().statusCode(200)
                .body("tests", hasSize(1)).body("tests[0].name", equalTo("t1")).body("tests[0].rate.failed", equalTo(1));
    }

    @Test
    void drawsATrendInWholeHourSteps() {
        String body = given().queryParam("step", "1h").queryParam("from", now.minus(Duration.ofHours(6)).toString())
                .queryParam("suite", "api").get("/api/v1/projects/{p}/trend", project).then().statusCode(200)
                .body("step", equalTo("1h")).extract().asString();
        List<Map<String, Object>> points = JsonPath.from(body).getList("points");
        assertThat(points).isNotEmpty().allSatisfy(point ->
                assertThat(Instant.parse((String) point.get("start")).getEpochSecond() % 3600).isZero());
        assertThat(points.stream().mapToInt(point -> (Integer) ((Map<?, ?>) point.get("rate")).get("executed")).sum()).isEqualTo(7);
    }

    @Test
    void comparesWithBaselineAndTarget() {
        put("/baseline", "{\"rate_pct\": 43.5}").statusCode(200).body("source", equalTo("explicit"));
        put("/target", "{\"rate\": 0.7}").statusCode(200);
        put("/suites/api/baseline", "{\"from_window\": \"7d\", \"branch\": \"main\"}").statusCode(200)
                .body("source", equalTo("snapshot")).body("window", equalTo("7d")).body("counts.passed", equalTo(5))
                .body("counts.failed", equalTo(2));
        summary("24h", null)
                .body("overall.baseline.rate", equalTo(0.435f))
                .body("overall.delta_pp", equalTo(13.6f))
                .body("overall.target.rate", equalTo(0.7f))
                .body("overall.attainment_pct", equalTo(81.6f))
                .body("suites[0].baseline.rate", equalTo((float) (5.0 / 7)))
                .body("suites[0].delta_pp", equalTo(-14.3f))
                .body("suites[0].target", nullValue());
    }

    @ParameterizedTest(name = "{0} {1} -> 422 {2}")
    @CsvSource(delimiter = '|', value = {
            "/target         | {\"rate\": 1.5}                  | rate",
            "/target         | {\"rate\": 0.5, \"rate_pct\": 50} | rate",
            "/baseline       | {}                               | rate",
            "/baseline       | {\"from_window\": \"1m\"}         | from_window",
            "/baseline       | {\"from_window\": \"2w\"}         | from_window"})
    void refusesInvalidGoalsNamingTheField(String path, String body, String field) {
        put(path, body).statusCode(422).contentType("application/problem+json").body("parameter", equalTo(field));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/projects/%s/summary?window=2w                       | window",
            "/api/v1/projects/%s/summary?window=runs:0                   | window",
            "/api/v1/projects/%s/suites/api/tests?sort=worst             | sort",
            "/api/v1/projects/%s/suites/api/tests?limit=0                | limit",
            "/api/v1/projects/%s/trend?step=7s                           | step",
            "/api/v1/projects/%s/trend?from=yesterday                    | from",
            "/api/v1/projects/%s/trend?step=1m&from=2026-01-01T00:00:00Z | step"})
    void refusesBadParametersNamingThem(String path, String parameter) {
        given().get(path.formatted(project)).then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo(parameter));
    }

    @Test
    void answersUnknownProjectsAndSuitesWith404() {
        given().get("/api/v1/projects/{p}/summary", "nope-" + project).then().statusCode(404);
        given().get("/api/v1/projects/{p}/suites/{s}/tests", project, "nope").then().statusCode(404)
                .body("detail", containsString("suite 'nope'"));
        given().get("/api/v1/projects/{p}/trend?suite=nope", project).then().statusCode(404);
    }

    @Test
    void countsOutcomesOlderThanTheRawRetentionInTheirHourBucketsButNotInRuns() {
        String key = project + "/old";
        Instant fortyDaysAgo = now.minus(Duration.ofDays(40));
        OutcomeTopic.send(List.of(Map.entry(key, OutcomeTopic.outcome(UUID.randomUUID().toString(), project, "r0", "main",
                "old", "t", "passed", fortyDaysAgo))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("suite", "old").queryParam("step", "1d")
                .queryParam("from", fortyDaysAgo.minus(Duration.ofDays(1)).toString()).queryParam("to", now.toString())
                .get("/api/v1/projects/{p}/trend", project).then().statusCode(200)
                .body("points.size()", equalTo(1)).body("points[0].rate.passed", equalTo(1)));
        // Runs are kept for the raw retention only: a backfilled run never enters "last N runs", nor the runs list,
        // where it would show as running and later size early alerts as one of its job's last finished runs.
        summary("runs:100", null).body("suites.suite", not(hasItem("old")));
        given().get("/api/v1/projects/{p}/runs", project).then().statusCode(200).body("run_id", not(hasItem("r0")));
    }

    @Test
    void aLastRunsWindowReadsNoRawRowFromBeforeItsRunsFirstOutcome() throws SQLException {
        // a project of its own: the scenario above stays as it is
        String bounded = project + "-bound";
        Instant at = now.minus(Duration.ofMinutes(20));
        OutcomeTopic.send(List.of(Map.entry(bounded + "/s", OutcomeTopic.outcome(UUID.randomUUID().toString(), bounded, "rb",
                "main", "s", "t1", "passed", at))));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> lastRun(bounded, "suites/s/tests").body("tests.name", equalTo(List.of("t1"))));
        // A failure of t1 in run rb on the same commit, observed two days before the run's first outcome, cannot come
        // from the pipeline: written straight into the table, it shows whether the window's queries bound their raw
        // rows by time. Read, it would make t1 failed once and flaky.
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.executeUpdate("""
                    insert into outcome (id, project, pipeline, run_id, attempt, run_commit, branch, suite, class_name,
                                         test_name, status, duration_ms, retry, observed_at)
                    values ('early', '%s', 'ci', 'rb', 1, 'c1', 'main', 's', 'T', 't1', 'failed', 1, 0, '%s')"""
                    .formatted(bounded, at.minus(Duration.ofDays(2))));
        }
        lastRun(bounded, "suites/s/tests").body("tests[0].rate.failed", equalTo(0)).body("tests[0].rate.passed", equalTo(1));
        lastRun(bounded, "flaky").body("tests", hasSize(0));
        // A run counted before schema V13 has no first outcome on record: its window is unbounded, as before.
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.executeUpdate("update run_counts set first_observed = null where project = '" + bounded + "'");
        }
        lastRun(bounded, "suites/s/tests").body("tests[0].rate.failed", equalTo(1));
        lastRun(bounded, "flaky").body("tests.name", equalTo(List.of("t1")));
    }

    private static ValidatableResponse lastRun(String project, String path) {
        return given().queryParam("window", "runs:1").queryParam("branch", "main")
                .get("/api/v1/projects/" + project + "/" + path).then().statusCode(200);
    }

    private ValidatableResponse summary(String window, String branch) {
        var request = given().queryParam("window", window);
        if (branch != null) {
            request.queryParam("branch", branch);
        }
        return request.get("/api/v1/projects/{p}/summary", project).then().statusCode(200);
    }

    private ValidatableResponse put(String path, String body) {
        return asAdmin().contentType("application/json").body(body).put("/api/v1/projects/" + project + path).then();
    }

    private void add(List<Map.Entry<String, String>> records, String run, String branch, Instant at, String... tests) {
        for (String test : tests) {
            String[] parts = test.split(":");
            records.add(Map.entry(project + "/api", OutcomeTopic.outcome(UUID.randomUUID().toString(), project, run, branch,
                    "api", parts[0], parts[1], at)));
        }
    }
}
