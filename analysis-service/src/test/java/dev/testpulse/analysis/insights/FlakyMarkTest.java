package dev.testpulse.analysis.insights;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The tool's own flaky mark travels from the topic into the flaky-test insight without a failed try beside it. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class FlakyMarkTest {

    private final String project = "fm-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void listsATestItsToolMarkedFlakyFromTheMarkedPassAlone() {
        String key = project + "/e2e";
        Instant now = Instant.now().minusSeconds(600);
        OutcomeTopic.send(List.of(
                Map.entry(key, outcome("pays by card", "c1", "true", now)),
                Map.entry(key, outcome("pays by card", "c2", "false", now)),
                Map.entry(key, outcome("shows the form", "c1", null, now)),
                Map.entry(key, outcome("shows the form", "c2", "false", now))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/projects/{p}/flaky?window=24h", project).then().statusCode(200)
                .body("tests.name", equalTo(List.of("pays by card")))
                .body("tests[0].flaky_commits", equalTo(1))
                .body("tests[0].commits_seen", equalTo(2)));
    }

    /** A passing v1 outcome on a commit, with {@code flaky} as given ({@code null}: the field left out). */
    private String outcome(String name, String commit, String flaky, Instant observedAt) {
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci",
                 "run":{"id":"%s","attempt":1,"commit":"%s","branch":"main"},"suite":"e2e",
                 "test":{"name":"%s","tags":[]},"status":"passed","duration_ms":5,"retry":0,
                 "observed_at":"%s"%s}""".formatted(UUID.randomUUID(), project, "run-" + commit, commit, name, observedAt,
                flaky == null ? "" : ",\"flaky\":" + flaky);
    }
}
