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
        // the shortcut is the project's default auto_quarantine rule, with the defaults as its parameters
        asAdmin().get("/api/v1/rules/{id}", "auto_quarantine:" + project).then().statusCode(200).body("kind", equalTo("auto_quarantine"))
                .body("enabled", equalTo(true)).body("quarantine.min_flaky_commits", equalTo(2))
                .body("quarantine.release_lower_bound", equalTo(0.97f)).body("quarantine.mute_period", equalTo("14d"));

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

    @Test
    void aRuleMutesOnlyTheTestsInItsScopeWithItsOwnParametersAndNeverFires() {
        asAdmin().contentType("application/json").body(Map.of("project", project, "kind", "auto_quarantine", "suite_glob", "api*",
                "quarantine", Map.of("release_lower_bound", 1.5))).post("/api/v1/rules").then().statusCode(422)
                .body("parameter", equalTo("quarantine.release_lower_bound"));
        String ruleId = asAdmin().contentType("application/json").body(Map.of("project", project, "kind", "auto_quarantine",
                "suite_glob", "api*", "test_glob", "*Flaky", "quarantine", Map.of("min_flaky_commits", 3))).post("/api/v1/rules").then()
                .statusCode(201).body("kind", equalTo("auto_quarantine")).body("quarantine.min_flaky_commits", equalTo(3))
                .body("quarantine.lookback_commits", equalTo(50)).body("quarantine.growth", equalTo(2.0f)).extract().path("id");
        asAdmin().queryParam("project", project).get("/api/v1/rules").then().statusCode(200)
                .body("find { it.id == '%s' }.suite_glob".formatted(ruleId), equalTo("api*"));

        List<Map.Entry<String, String>> records = new ArrayList<>();
        // sent first, on the same partition, so each is evaluated no later than the muted one: flaky on three commits but
        // outside the rule's suites, or its tests; and inside, flaky on two commits, which the rule's minimum of 3 does not mute
        for (String commit : List.of("c1", "c2", "c3")) {
            records.add(outcome("web", "payFlaky", commit, 0, "failed"));
            records.add(outcome("web", "payFlaky", commit, 1, "passed"));
            records.add(outcome("api", "loginSometimes", commit, 0, "failed"));
            records.add(outcome("api", "loginSometimes", commit, 1, "passed"));
        }
        for (String commit : List.of("c1", "c2")) {
            records.add(outcome("api", "searchFlaky", commit, 0, "failed"));
            records.add(outcome("api", "searchFlaky", commit, 1, "passed"));
        }
        for (String commit : List.of("c1", "c2", "c3")) {
            records.add(outcome("api", "payFlaky", commit, 0, "failed"));
            records.add(outcome("api", "payFlaky", commit, 1, "passed"));
        }
        OutcomeTopic.send(records);

        await().atMost(Duration.ofSeconds(30)).until(() -> listed().getList("tests").size() >= 1);
        JsonPath list = listed();
        assertThat(list.getList("tests.suite")).containsExactly("api");
        assertThat(list.getList("tests.name")).containsExactly("payFlaky");
        assertThat(list.getString("tests[0].reason")).contains(ruleId);
        assertThat(list.getString("tests[0].evidence")).startsWith("flaky on 3 of its last 3 commits");
        // it acts, it never fires: no alert event of the kind, and no series
        String history = given().queryParam("project", project).get("/api/v1/alerts").then().statusCode(200).extract().asString();
        assertThat(history).doesNotContain("auto_quarantine");
    }

    private JsonPath listed() {
        return given().get("/api/v1/projects/{p}/quarantine", project).then().statusCode(200).extract().jsonPath();
    }

    private Map.Entry<String, String> outcome(String name, String commit, int retry, String status) {
        return outcome("s", name, commit, retry, status);
    }

    /** Keyed alike whatever the suite: one partition, counted and evaluated in the order sent. */
    private Map.Entry<String, String> outcome(String suite, String name, String commit, int retry, String status) {
        Instant at = start.plusSeconds(second++);
        return Map.entry(project + "/s", """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci",
                 "run":{"id":"run-%s","attempt":1,"commit":"%s","branch":"main"},"suite":"%s",
                 "test":{"class":"com.acme.T","name":"%s","tags":[]},"status":"%s","duration_ms":5,"retry":%d,
                 "observed_at":"%s"}""".formatted(UUID.randomUUID(), project, commit, commit, suite, name, status, retry, at));
    }
}
