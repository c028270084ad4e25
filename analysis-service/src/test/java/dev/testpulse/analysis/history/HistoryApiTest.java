package dev.testpulse.analysis.history;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
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
 * One test's history from the topic to the API: newest first, only that test (not its namesake in another class or
 * suite), each execution with its run, duration, failure, flaky mark and the CI run's link.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class HistoryApiTest {

    private final String project = "hist-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void listsOneTestsExecutionsNewestFirstWithTheirRunLinks() {
        Instant start = Instant.now().minusSeconds(3600);
        String key = project + "/api";
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            boolean fails = i == 3;
            records.add(Map.entry(key, outcome("api", "CartTest", "adds", "r" + i, "c" + i, fails ? "failed" : "passed", 100 + 10 * i,
                    start.plusSeconds(60L * i), "https://github.com/acme/shop/actions/runs/" + i, i == 4)));
        }
        // Namesakes in another class and another suite, and a run without a link.
        records.add(Map.entry(key, outcome("api", "OtherTest", "adds", "r9", "c9", "passed", 1, start, null, false)));
        records.add(Map.entry(project + "/ui", outcome("ui", "CartTest", "adds", "r9", "c9", "passed", 1, start, null, false)));
        OutcomeTopic.send(records);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> history("api", "CartTest", "adds", "50")
                .body("executions", hasSize(5)));
        history("api", "CartTest", "adds", "3")
                .body("limit", equalTo(3))
                .body("executions.run.id", equalTo(List.of("r4", "r3", "r2")))
                .body("executions.duration_ms", equalTo(List.of(140, 130, 120)))
                .body("executions.status", equalTo(List.of("passed", "failed", "passed")))
                .body("executions.flaky", equalTo(List.of(true, false, false)))
                .body("executions[0].run.url", equalTo("https://github.com/acme/shop/actions/runs/4"))
                .body("executions[0].run.commit", equalTo("c4"))
                .body("executions[0].run.branch", equalTo("main"))
                .body("executions[0].run.job", equalTo("test (17)"))
                .body("executions[0].failure", nullValue())
                .body("executions[1].failure.message", equalTo("expected 3 items but was 2"));
        history("api", "OtherTest", "adds", "50").body("executions", hasSize(1))
                .body("executions[0].run.url", nullValue());
    }

    @Test
    void namesAMissingOrBadParameter() {
        given().queryParam("suite", "api").get("/api/v1/projects/{p}/tests/history", project).then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("name"));
        given().queryParam("suite", "api").queryParam("name", "t").queryParam("limit", "501")
                .get("/api/v1/projects/{p}/tests/history", project).then().statusCode(400).body("parameter", equalTo("limit"));
    }

    private io.restassured.response.ValidatableResponse history(String suite, String className, String name, String limit) {
        return given().queryParam("suite", suite).queryParam("class", className).queryParam("name", name).queryParam("limit", limit)
                .get("/api/v1/projects/{p}/tests/history", project).then().statusCode(200);
    }

    private String outcome(String suite, String className, String name, String run, String commit, String status, long durationMs,
            Instant observedAt, String url, boolean flaky) {
        String failure = status.equals("failed") ? ",\"failure\":{\"type\":\"AssertionError\",\"message\":\"expected 3 items but was 2\"}" : "";
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci",
                 "run":{"id":"%s","attempt":1,"job":"test (17)","commit":"%s","branch":"main"%s},"suite":"%s",
                 "test":{"class":"%s","name":"%s","tags":[]},"status":"%s","duration_ms":%d,"retry":0,
                 "observed_at":"%s"%s%s}""".formatted(UUID.randomUUID(), project, run, commit,
                url == null ? "" : ",\"url\":\"" + url + "\"", suite, className, name, status, durationMs, observedAt, failure,
                flaky ? ",\"flaky\":true" : "");
    }
}
