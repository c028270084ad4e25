package dev.testpulse.analysis.durations;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

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

/** p50/p95 per suite and the slowest tests, from outcomes sent through the real pipeline. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class DurationsResourceTest {

    private final String project = "durs-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void percentilesPerSuiteAndTheSlowestTestsFirst() {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        Instant at = Instant.now().minusSeconds(60);
        // web: fast takes 10..100 ms (10 executions), slow 1000 ms (4), and a skipped one that must not count
        for (int i = 1; i <= 10; i++) {
            records.add(execution("r" + i, "web", "fast", "passed", i * 10, at));
        }
        for (int i = 1; i <= 4; i++) {
            records.add(execution("r" + i, "web", "slow", "failed", 1000, at));
        }
        records.add(execution("r1", "web", "skippedOne", "skipped", 5000, at));
        records.add(execution("r1", "api", "ping", "passed", 7, at));
        OutcomeTopic.sendTogether(records);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("window", "24h")
                .get("/api/v1/projects/{p}/durations", project).then().statusCode(200)
                .body("suites", hasSize(2)).body("slowest", hasSize(3)));
        given().queryParam("window", "24h").queryParam("limit", "2").get("/api/v1/projects/{p}/durations", project).then().statusCode(200)
                .body("window", equalTo("24h"))
                .body("suites.find { it.suite == 'web' }.executions", equalTo(14))
                .body("suites.find { it.suite == 'web' }.total_ms", equalTo(550 + 4000))
                .body("suites.find { it.suite == 'api' }.p50_ms", equalTo(7.0f))
                .body("slowest", hasSize(2))
                .body("slowest[0].name", equalTo("slow")).body("slowest[0].p95_ms", equalTo(1000.0f)).body("slowest[0].max_ms", equalTo(1000))
                .body("slowest[1].name", equalTo("fast")).body("slowest[1].class", equalTo("T")).body("slowest[1].executions", equalTo(10))
                .body("slowest[1].p50_ms", equalTo(55.0f)).body("slowest[1].p95_ms", equalTo(95.5f));
        // the default window, the last 20 runs, reads the same raw outcomes
        given().get("/api/v1/projects/{p}/durations", project).then().statusCode(200).body("window", equalTo("runs:20"))
                .body("suites.find { it.suite == 'web' }.executions", equalTo(14)).body("slowest[0].name", equalTo("slow"));
        given().queryParam("window", "24h").queryParam("suite", "api").get("/api/v1/projects/{p}/durations", project).then().statusCode(200)
                .body("suites", hasSize(1)).body("slowest[0].name", equalTo("ping"));
    }

    @Test
    void refusesBadParametersAndUnknownScopes() {
        given().queryParam("window", "1w").get("/api/v1/projects/{p}/durations", project).then().statusCode(400)
                .body("parameter", equalTo("window"));
        given().queryParam("limit", "0").get("/api/v1/projects/{p}/durations", project).then().statusCode(400)
                .body("parameter", equalTo("limit"));
        given().get("/api/v1/projects/{p}/durations", "never-" + project).then().statusCode(404);
    }

    private Map.Entry<String, String> execution(String run, String suite, String test, String status, long durationMs, Instant at) {
        return Map.entry(project + "/" + suite, """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1,"branch":"main"},
                 "suite":"%s","test":{"class":"T","name":"%s"},"status":"%s","duration_ms":%d,"retry":0,"observed_at":"%s"}"""
                .formatted(UUID.randomUUID(), project, run, suite, test, status, durationMs, at));
    }
}
