package dev.testpulse.analysis.quarantine;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

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
import io.restassured.path.json.JsonPath;

/**
 * The auto_quarantine rule on the real pipeline (Kafka → counting → inbox evaluation → states, events): a test that
 * passed only on retry on two commits is muted by {@code auto} with its evidence; a test failing every try since a
 * commit, counted before it in the same partition, is not; the rule does nothing for a project that has it off.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class AutoQuarantinePipelineTest {

    private final String project = "autoq-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant start = Instant.now().minusSeconds(600);
    private int second;

    @Test
    void aFlakyTestIsMutedAndABrokenOneIsNot() {
        given().get("/api/v1/projects/{p}/quarantine/auto", project).then().statusCode(200).body("enabled", equalTo(false));
        asAdmin().contentType("application/json").body(Map.of()).put("/api/v1/projects/{p}/quarantine/auto", project).then()
                .statusCode(422).body("parameter", equalTo("enabled"));
        asAdmin().contentType("application/json").body(Map.of("enabled", true)).put("/api/v1/projects/{p}/quarantine/auto", project)
                .then().statusCode(200).body("enabled", equalTo(true));

        List<Map.Entry<String, String>> records = new ArrayList<>();
        // broken: passed on c1, then failed all three tries on c2, c3 and c4; sent first, so it is evaluated no later
        records.add(outcome("broken", "c1", 0, "passed"));
        for (String commit : List.of("c2", "c3", "c4")) {
            for (int retry = 0; retry < 3; retry++) {
                records.add(outcome("broken", commit, retry, "failed"));
            }
        }
        for (String commit : List.of("c1", "c2")) { // flaky: failed, then passed on retry, on two commits
            records.add(outcome("flaky", commit, 0, "failed"));
            records.add(outcome("flaky", commit, 1, "passed"));
        }
        OutcomeTopic.send(records);

        await().atMost(Duration.ofSeconds(30)).until(() -> listed().getList("tests").size() >= 1);
        JsonPath list = listed();
        assertThat(list.getList("tests.name")).as("the broken test, counted before the flaky one, is not muted").containsExactly("flaky");
        assertThat(list.getString("tests[0].state")).isEqualTo("muted");
        assertThat(list.getString("tests[0].by")).isEqualTo("auto");
        assertThat(list.getString("tests[0].evidence")).startsWith("flaky on 2 of its last 2 commits").contains("c1", "c2");
        assertThat(Instant.parse(list.getString("tests[0].until"))).isAfter(Instant.now().plus(Duration.ofDays(13)));
    }

    private JsonPath listed() {
        return given().get("/api/v1/projects/{p}/quarantine", project).then().statusCode(200).extract().jsonPath();
    }

    private Map.Entry<String, String> outcome(String name, String commit, int retry, String status) {
        Instant at = start.plusSeconds(second++);
        return Map.entry(project + "/s", """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci",
                 "run":{"id":"run-%s","attempt":1,"commit":"%s","branch":"main"},"suite":"s",
                 "test":{"class":"com.acme.T","name":"%s","tags":[]},"status":"%s","duration_ms":5,"retry":%d,
                 "observed_at":"%s"}""".formatted(UUID.randomUUID(), project, commit, commit, name, status, retry, at));
    }
}
