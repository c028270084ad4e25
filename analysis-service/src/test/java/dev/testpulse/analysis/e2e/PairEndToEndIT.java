package dev.testpulse.analysis.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.PackagedPair;

/** The pair as shipped: outcomes posted to the packaged ingest-service become the packaged analysis-service's summary. */
class PairEndToEndIT {

    private static PackagedPair pair;

    @BeforeAll
    static void startPair() {
        pair = PackagedPair.start("e2e");
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void postedOutcomesBecomeTheProjectSummary() {
        String project = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> outcomes = new ArrayList<>();
        addOutcomes(outcomes, project, "A", "passed", 15);
        addOutcomes(outcomes, project, "A", "failed", 10);
        addOutcomes(outcomes, project, "B", "passed", 10);
        addOutcomes(outcomes, project, "B", "failed", 4);

        given().baseUri(pair.ingest().url()).contentType("application/json")
                .body("[" + String.join(",", outcomes) + "]")
                .post("/api/v1/outcomes")
                .then().statusCode(202).body("accepted", equalTo(39));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> summary(project).body("overall.executed", equalTo(39)));
        summary(project)
                .body("overall.passed", equalTo(25))
                .body("overall.failed", equalTo(14))
                .body("overall.success_rate_pct", equalTo(64.1f))
                .body("suites.find { it.suite == 'A' }.rate.success_rate_pct", equalTo(60.0f))
                .body("suites.find { it.suite == 'B' }.rate.success_rate_pct", equalTo(71.4f));
    }

    private static io.restassured.response.ValidatableResponse summary(String project) {
        return given().baseUri(pair.analysis().url()).get("/api/v1/projects/{p}/summary", project).then().statusCode(200);
    }

    private static void addOutcomes(List<String> outcomes, String project, String suite, String status, int count) {
        for (int i = 0; i < count; i++) {
            outcomes.add("""
                    {"project":"%s","pipeline":"ci","run":{"id":"build-7","commit":"e2e","branch":"main"},
                     "suite":"%s","test":{"class":"%sTest","name":"%s_%d"},"status":"%s","duration_ms":3}"""
                    .formatted(project, suite, suite, status, i, status));
        }
    }
}
