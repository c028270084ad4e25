package dev.testpulse.analysis.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.PackagedPair;
import io.restassured.response.ValidatableResponse;

/**
 * The report, end to end: a scenario posted to the packaged ingest-service, every number of the packaged
 * analysis-service's report checked against values computed by hand:
 * <pre>
 *        commit c1 (run r1, 2h ago)                      commit c2 (run r2, 1h ago)
 *  api   a1 P, a2 F timeout, a3 F timeout, a4* P, a5 S   a1 P, a2 F timeout, a3 P, a4* F assert, a5 S
 *  ui    u1 P, u2 E npe, u3 F assert (retry 0) P (1)     u1 P, u2 P, u3 P
 *  db    d1+ P, d2 E sql, d3 P                           d1+ P, d2 E sql, d3 P
 *  * tagged critical, + critical by settings
 *  overall 13 passed, 5 failed, 3 errors, 2 skipped: 13/21 = 61.9%, Wilson 95% 40.9%-79.2%
 *  api 4/8 = 50.0%, db 4/6 = 66.7%, ui 5/7 = 71.4%; baseline 55% -> +6.9 pp; target 70% -> 88.4% attained
 *  groups: timeout 3 (2 tests) -> 16/21 = 76.2% (+14.3); assert 2 (2 tests, api+ui) -> 71.4% (+9.5);
 *          sql 2 (1 test) -> 71.4% (+9.5); npe 1 -> 66.7% (+4.8)
 *  flaky: u3, flaky on c1 of c1, c2 = 50.0%; target needs ceil(0.7 * 21) - 13 = 2 more passes
 * </pre>
 */
class InsightsReportIT {

    private static PackagedPair pair;
    private static final String PROJECT = "report-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void sendScenario() {
        pair = PackagedPair.start("report");
        String token = PackagedPair.projectToken(pair.ingest(), PROJECT);
        Instant c1 = Instant.now().minus(Duration.ofHours(2));
        Instant c2 = Instant.now().minus(Duration.ofHours(1));
        List<String> outcomes = new ArrayList<>();
        outcomes.add(outcome("r1", "c1", c1, "api", "ApiTest", "a1", "passed", 0, null, null, false));
        outcomes.add(outcome("r1", "c1", c1, "api", "ApiTest", "a2", "failed", 0, "java.util.concurrent.TimeoutException",
                "no response within 3000 ms from 10.0.0.7:8080", false));
        outcomes.add(outcome("r1", "c1", c1, "api", "ApiTest", "a3", "failed", 0, "java.util.concurrent.TimeoutException",
                "no response within 5000 ms from 10.0.0.9:8080", false));
        outcomes.add(outcome("r1", "c1", c1, "api", "ApiTest", "a4", "passed", 0, null, null, true));
        outcomes.add(outcome("r1", "c1", c1, "api", "ApiTest", "a5", "skipped", 0, null, null, false));
        outcomes.add(outcome("r1", "c1", c1, "ui", "UiTest", "u1", "passed", 0, null, null, false));
        outcomes.add(outcome("r1", "c1", c1, "ui", "UiTest", "u2", "error", 0, "java.lang.NullPointerException",
                "Cannot invoke \\\"String.length()\\\" because \\\"name\\\" is null", false));
        outcomes.add(outcome("r1", "c1", c1, "ui", "UiTest", "u3", "failed", 0, "java.lang.AssertionError",
                "expected:<200> but was:<503>", false));
        outcomes.add(outcome("r1", "c1", c1, "ui", "UiTest", "u3", "passed", 1, null, null, false));
        outcomes.add(outcome("r1", "c1", c1, "db", "DbTest", "d1", "passed", 0, null, null, false));
        outcomes.add(outcome("r1", "c1", c1, "db", "DbTest", "d2", "error", 0, "java.sql.SQLException",
                "Connection to localhost:5432 refused", false));
        outcomes.add(outcome("r1", "c1", c1, "db", "DbTest", "d3", "passed", 0, null, null, false));
        outcomes.add(outcome("r2", "c2", c2, "api", "ApiTest", "a1", "passed", 0, null, null, false));
        outcomes.add(outcome("r2", "c2", c2, "api", "ApiTest", "a2", "failed", 0, "java.util.concurrent.TimeoutException",
                "no response within 3000 ms from 10.0.0.8:8080", false));
        outcomes.add(outcome("r2", "c2", c2, "api", "ApiTest", "a3", "passed", 0, null, null, false));
        outcomes.add(outcome("r2", "c2", c2, "api", "ApiTest", "a4", "failed", 0, "java.lang.AssertionError",
                "expected:<201> but was:<500>", true));
        outcomes.add(outcome("r2", "c2", c2, "api", "ApiTest", "a5", "skipped", 0, null, null, false));
        outcomes.add(outcome("r2", "c2", c2, "ui", "UiTest", "u1", "passed", 0, null, null, false));
        outcomes.add(outcome("r2", "c2", c2, "ui", "UiTest", "u2", "passed", 0, null, null, false));
        outcomes.add(outcome("r2", "c2", c2, "ui", "UiTest", "u3", "passed", 0, null, null, false));
        outcomes.add(outcome("r2", "c2", c2, "db", "DbTest", "d1", "passed", 0, null, null, false));
        outcomes.add(outcome("r2", "c2", c2, "db", "DbTest", "d2", "error", 0, "java.sql.SQLException",
                "Connection to localhost:5433 refused", false));
        outcomes.add(outcome("r2", "c2", c2, "db", "DbTest", "d3", "passed", 0, null, null, false));
        given().baseUri(pair.ingest().url()).header("Authorization", "Bearer " + token).contentType("application/json")
                .body("[" + String.join(",", outcomes) + "]").post("/api/v1/outcomes").then().statusCode(202).body("accepted", equalTo(23));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> analysis().get("/api/v1/projects/{p}/summary", PROJECT)
                .then().statusCode(200).body("overall.rate.total", equalTo(23)));
        analysis().contentType("application/json").body("{\"rate_pct\": 55}").put("/api/v1/projects/{p}/baseline", PROJECT).then().statusCode(200);
        analysis().contentType("application/json").body("{\"rate_pct\": 70}").put("/api/v1/projects/{p}/target", PROJECT).then().statusCode(200);
        analysis().contentType("application/json").body("{\"default_branch\": \"main\", \"critical_tests\": [\"DbTest#d1\"]}")
                .put("/api/v1/projects/{p}/settings", PROJECT).then().statusCode(200);
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void reportsEveryNumberAsComputedByHand() {
        var json = report("json").extract().jsonPath();
        assertThat(json.getDouble("overall.rate.interval.lower")).isCloseTo(0.4088, within(0.0001));
        assertThat(json.getDouble("overall.rate.interval.upper")).isCloseTo(0.7925, within(0.0001));
        report("json")
                .body("window", equalTo("runs:20"))
                .body("overall.rate.passed", equalTo(13)).body("overall.rate.failed", equalTo(5))
                .body("overall.rate.error", equalTo(3)).body("overall.rate.skipped", equalTo(2))
                .body("overall.rate.executed", equalTo(21)).body("overall.rate.success_rate_pct", equalTo(61.9f))
                .body("overall.delta_pp", equalTo(6.9f)).body("overall.attainment_pct", equalTo(88.4f))
                .body("overall.comparison.verdict", equalTo("not distinguishable from the baseline at 95%"))
                .body("coverage.summary", equalTo("the baseline's test set is unknown (it was set as a rate)"))
                .body("suites.suite", equalTo(List.of("api", "db", "ui")))
                .body("suites.rate.success_rate_pct", equalTo(List.of(50.0f, 66.7f, 71.4f)))
                .body("suites.rate.executed", equalTo(List.of(8, 6, 7)))
                .body("failure_groups.type", equalTo(List.of("java.util.concurrent.TimeoutException",
                        "java.lang.AssertionError", "java.sql.SQLException", "java.lang.NullPointerException")))
                .body("failure_groups.failures", equalTo(List.of(3, 2, 2, 1)))
                .body("failure_groups.tests_hit", equalTo(List.of(2, 2, 1, 1)))
                .body("failure_groups[1].suites", equalTo(List.of("api", "ui")))
                .body("failure_groups.projected_rate_pct", equalTo(List.of(76.2f, 71.4f, 71.4f, 66.7f)))
                .body("failure_groups.gain_pp", equalTo(List.of(14.3f, 9.5f, 9.5f, 4.8f)))
                .body("critical_tests.name", equalTo(List.of("a4", "d1")))
                .body("critical_tests.last_status", equalTo(List.of("failed", "passed")))
                .body("critical_tests.failures", equalTo(List.of(1, 0)))
                .body("critical_tests.executions", equalTo(List.of(2, 2)))
                .body("flaky_tests", hasSize(1))
                .body("flaky_tests[0].name", equalTo("u3")).body("flaky_tests[0].flake_rate_pct", equalTo(50.0f))
                .body("flaky_tests[0].flaky_commits", equalTo(1)).body("flaky_tests[0].commits_seen", equalTo(2))
                .body("to_target.target_pct", equalTo(70.0f)).body("to_target.passes_needed", equalTo(2))
                .body("to_target.groups_reaching_alone", hasSize(3))
                .body("to_target.costliest_groups_needed", equalTo(1))
                .body("to_target.rate_pct_with_those_fixed", equalTo(76.2f));
    }

    @Test
    void rendersMarkdownToPasteIntoAPullRequest() {
        String markdown = analysis().accept("text/markdown").get("/api/v1/projects/{p}/report", PROJECT)
                .then().statusCode(200).contentType("text/markdown").extract().asString();
        assertThat(markdown)
                .contains("# Test report: `" + PROJECT + "`")
                .contains("**Success rate: 61.9%** (13 passed of 21 executed; 5 failed, 3 errors, 2 skipped), 95% interval 40.9%–79.2%.")
                .contains("Baseline 55.0%: **+6.9 pp** (95% interval -14.1 pp to +24.2 pp, the baseline taken as exact): "
                        + "not distinguishable from the baseline at 95%. Target 70.0%: **88.4% attained**.")
                .contains("| `api` | 4 | 4 | 0 | 2 | 8 | 50.0% | – |")
                .contains("| `db` | 4 | 0 | 2 | 0 | 6 | 66.7% | – |")
                .contains("| `ui` | 5 | 1 | 1 | 0 | 7 | 71.4% | – |")
                .contains("| 1 | `java.util.concurrent.TimeoutException: ")
                .contains(" | 3 | 2 | `api` | ")
                .contains("| 76.2% (+14.3 pp; 95% ")
                .contains("| `ApiTest.a4` | `api` | **failed** | 1 of 2 |")
                .contains("| `UiTest.u3` | `ui` | 50.0% | 1 of 2 |")
                .contains("Reaching 70.0% takes 2 more passing tests of 21 executed. Fixing any one of failure groups 1, 2, 3 would get there.");
    }

    @Test
    void servesTheGroupsAndFlakyTestsOnTheirOwn() {
        analysis().queryParam("suite", "ui").get("/api/v1/projects/{p}/failures", PROJECT).then().statusCode(200)
                // equal cost, equally recent: their order is the signature's, so any
                .body("groups.type", containsInAnyOrder("java.lang.AssertionError", "java.lang.NullPointerException"))
                .body("groups.projected_rate_pct", equalTo(List.of(85.7f, 85.7f)));
        analysis().queryParam("branch", "main").get("/api/v1/projects/{p}/flaky", PROJECT).then().statusCode(200)
                .body("tests.name", equalTo(List.of("u3"))).body("tests[0].branches", equalTo(List.of("main")));
        analysis().queryParam("format", "pdf").get("/api/v1/projects/{p}/report", PROJECT).then().statusCode(400)
                .body("parameter", equalTo("format"));
    }

    /** Issue #29: a JUnit report uploaded with ?run_url= shows in the test's history, newest first, linked to its run. */
    @Test
    void showsATestsHistoryFromRealUploadsWithTheRunLink() {
        String project = "history-" + UUID.randomUUID().toString().substring(0, 8);
        String token = PackagedPair.projectToken(pair.ingest(), project);
        for (String run : List.of("101", "102")) {
            String testcase = run.equals("101")
                    ? "<testcase classname=\"shop.CartTest\" name=\"adds\" time=\"0.250\"><failure message=\"expected 3 but was 2\" type=\"AssertionError\"/></testcase>"
                    : "<testcase classname=\"shop.CartTest\" name=\"adds\" time=\"0.120\"/>";
            given().baseUri(pair.ingest().url()).header("Authorization", "Bearer " + token)
                    .queryParam("pipeline", "ci").queryParam("run", run).queryParam("commit", "c" + run).queryParam("branch", "main")
                    .queryParam("run_url", "https://github.com/acme/shop/actions/runs/" + run)
                    .contentType("application/xml").body("<testsuite name=\"cart\">" + testcase + "</testsuite>")
                    .post("/api/v1/reports/junit").then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> analysis().queryParam("suite", "cart")
                .queryParam("class", "shop.CartTest").queryParam("name", "adds")
                .get("/api/v1/projects/{p}/tests/history", project).then().statusCode(200)
                .body("executions.run.id", equalTo(List.of("102", "101")))
                .body("executions.status", equalTo(List.of("passed", "failed")))
                .body("executions.duration_ms", equalTo(List.of(120, 250)))
                .body("executions.run.url", equalTo(List.of("https://github.com/acme/shop/actions/runs/102",
                        "https://github.com/acme/shop/actions/runs/101")))
                .body("executions[1].failure.message", equalTo("expected 3 but was 2")));
    }

    private static ValidatableResponse report(String format) {
        return analysis().queryParam("format", format).get("/api/v1/projects/{p}/report", PROJECT).then().statusCode(200);
    }

    private static io.restassured.specification.RequestSpecification analysis() {
        return given().baseUri(pair.analysis().url()).header("Authorization", "Bearer " + PackagedPair.ADMIN_TOKEN);
    }

    private static String outcome(String run, String commit, Instant at, String suite, String className, String name,
            String status, int retry, String failureType, String message, boolean critical) {
        String failure = failureType == null ? "" : ",\"failure\":{\"type\":\"%s\",\"message\":\"%s\"}".formatted(failureType, message);
        return """
                {"project":"%s","pipeline":"ci","run":{"id":"%s","commit":"%s","branch":"main"},"suite":"%s",
                 "test":{"class":"%s","name":"%s","tags":%s},"status":"%s","retry":%d,"observed_at":"%s"%s}"""
                .formatted(PROJECT, run, commit, suite, className, name, critical ? "[\"critical\"]" : "[]", status, retry,
                        at.plusSeconds(retry), failure);
    }
}
