package dev.testpulse.analysis.insights;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The seed's situation over the real pipeline: a baseline snapshotted from 1,116 tests at 43.5% (485 passed), then a
 * window that ran 39 of them, 25 passing. The report must say how little of the baseline was measured, which suites
 * did not run, that the sample is too small, and what the difference's interval allows one to say.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class BaselineCoverageTest {

    /** suite, tests, passing then (the baseline), tests run now, passing now. */
    private static final Object[][] SUITES = {
            {"websocket", 39, 10, 39, 25},
            {"checkout", 500, 200, 0, 0},
            {"catalog", 577, 275, 0, 0}};

    @Test
    void reportSaysHowMuchOfASnapshotBaselineWasMeasuredAndWhetherTheDifferenceIsMoreThanNoise() {
        String project = "cov-" + UUID.randomUUID().toString().substring(0, 8);
        Instant then = Instant.now().minus(Duration.ofDays(5));
        OutcomeTopic.sendTogether(outcomes(project, "r-then", then, 1, 2));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/projects/{p}/summary?window=7d", project)
                .then().statusCode(200).body("overall.rate.executed", equalTo(1116)));

        asAdmin().contentType("application/json").body("{\"from_window\":\"7d\"}")
                .put("/api/v1/projects/{p}/baseline", project)
                .then().statusCode(200).body("source", equalTo("snapshot")).body("counts.passed", equalTo(485))
                .body("interval.lower", closeTo(0.4058)).body("interval.upper", closeTo(0.4638));

        OutcomeTopic.sendTogether(outcomes(project, "r-now", Instant.now().minus(Duration.ofMinutes(30)), 3, 4));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/projects/{p}/summary?window=24h", project)
                .then().statusCode(200).body("overall.rate.executed", equalTo(39)));

        given().get("/api/v1/projects/{p}/report?window=24h", project).then().statusCode(200)
                .body("overall.delta_pp", closeTo(20.6))
                .body("overall.comparison.lower_pp", closeTo(4.7))
                .body("overall.comparison.upper_pp", closeTo(34.1))
                .body("overall.comparison.verdict", equalTo("improved"))
                .body("coverage.baseline_tests", equalTo(1116)).body("coverage.measured", equalTo(39))
                .body("coverage.not_run", equalTo(1077)).body("coverage.suites_not_run", equalTo(List.of("catalog", "checkout")))
                .body("coverage.sample_too_small", equalTo(true));
        given().get("/api/v1/projects/{p}/report?window=24h&format=markdown", project).then().statusCode(200)
                .body(containsString("Coverage: 39 of 1,116 baseline tests measured (3.5%); 1,077 not run. "
                        + "Suites not run: `catalog`, `checkout`."))
                .body(containsString("**+20.6 pp** (95% interval +4.7 pp to +34.1 pp): improved."))
                .body(containsString("The sample is too small to support this comparison"));
    }

    @Test
    void aBaselineOfCountsHasAnIntervalButNoKnownTestSet() {
        String project = "cnt-" + UUID.randomUUID().toString().substring(0, 8);
        OutcomeTopic.sendTogether(List.of(new SimpleEntry<>(project + "/websocket",
                OutcomeTopic.outcome(project, "websocket", "t1", "passed"))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/projects/{p}/summary?window=24h", project)
                .then().statusCode(200).body("overall.rate.executed", equalTo(1)));

        asAdmin().contentType("application/json").body("{\"passed\":485,\"total\":1116}")
                .put("/api/v1/projects/{p}/baseline", project)
                .then().statusCode(200).body("source", equalTo("counts")).body("rate", closeTo(0.4346))
                .body("interval.lower", closeTo(0.4058));
        asAdmin().contentType("application/json").body("{\"passed\":5,\"executed\":4}")
                .put("/api/v1/projects/{p}/baseline", project).then().statusCode(422);

        given().get("/api/v1/projects/{p}/report?window=24h", project).then().statusCode(200)
                .body("coverage.measured", nullValue())
                .body("coverage.summary", equalTo("the baseline's test set is unknown (it was set as counts)"))
                .body("overall.comparison.verdict", equalTo("not distinguishable from the baseline at 95%"));
    }

    /** REST Assured reads JSON decimals as floats; compared to 4 decimals. */
    private static org.hamcrest.Matcher<Object> closeTo(double expected) {
        return new org.hamcrest.CustomTypeSafeMatcher<>("a number within 0.0001 of " + expected) {
            @Override
            protected boolean matchesSafely(Object actual) {
                return actual instanceof Number number && Math.abs(number.doubleValue() - expected) < 0.0001;
            }
        };
    }

    /** Every test of every suite: the first {@code passingColumn} of them passed, the rest failed. */
    private static List<Map.Entry<String, String>> outcomes(String project, String run, Instant at, int testsColumn,
            int passingColumn) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (Object[] suite : SUITES) {
            String name = (String) suite[0];
            int tests = (Integer) suite[testsColumn];
            for (int i = 0; i < tests; i++) {
                String status = i < (Integer) suite[passingColumn] ? "passed" : "failed";
                records.add(new SimpleEntry<>(project + "/" + name, OutcomeTopic.outcome(UUID.randomUUID().toString(), project,
                        run, "main", name, "t" + i, status, at)));
            }
        }
        return records;
    }
}
