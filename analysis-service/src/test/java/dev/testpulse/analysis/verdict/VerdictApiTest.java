package dev.testpulse.analysis.verdict;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.analysis.support.VerdictRuns;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A run's verdict through the real pipeline (outcomes on the topic, counted into PostgreSQL): one failure of each
 * class gets exactly that class, the gate fails for the one new failure only, a run whose failures are all known
 * passes, a collapsed run's failures are infra; and the answers to bad requests.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class VerdictApiTest {

    private static final String PROJECT = "verdict-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant NOW = Instant.now();

    /**
     * Default branch main: m0 (3 h ago) and m1 (2 h ago). On a feature branch: r9 with one failure of each per-test
     * class, r10 that collapsed, r11 whose failures are all known, and run "dup" in two pipelines.
     */
    private static boolean uploaded;

    @BeforeEach
    void uploadRunsOnce() {
        if (uploaded) {
            return;
        }
        uploaded = true;
        List<String> outcomes = new ArrayList<>(VerdictRuns.oneFailureOfEachClass(PROJECT, "r9", NOW));
        Instant pr = NOW.minus(Duration.ofMinutes(1));
        for (int i = 0; i < 6; i++) {
            outcomes.add(outcome("ci", "r10", "c-pr10", "feature", "down-" + i, "failed", 0, false, pr));
        }
        for (String failing : List.of("broken", "flaky")) {
            outcomes.add(outcome("ci", "r11", "c-pr11", "feature", failing, "failed", 0, false, pr));
        }
        for (int i = 0; i < 3; i++) {
            outcomes.add(outcome("ci", "r11", "c-pr11", "feature", "ok-" + i, "passed", 0, false, pr));
        }
        outcomes.add(outcome("ci", "dup", "c-dup", "feature", "ok-0", "passed", 0, false, pr));
        outcomes.add(outcome("nightly", "dup", "c-dup", "feature", "ok-0", "passed", 0, false, pr));
        VerdictRuns.quarantine(PROJECT);
        // one key: one partition, in order; once the last is counted, so is everything before it
        OutcomeTopic.send(outcomes.stream().map(value -> Map.entry(PROJECT, value)).toList());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> verdict("dup", Map.of("pipeline", "nightly")).statusCode(200));
    }

    @Test
    void oneFailureOfEachClassGetsExactlyThatClassAndTheGateFailsForTheNewOneOnly() {
        verdict("r9", Map.of()).statusCode(200)
                .body("project", equalTo(PROJECT)).body("pipeline", equalTo("ci")).body("run_id", equalTo("r9"))
                .body("attempt", equalTo(1)).body("job", nullValue()).body("state", equalTo("running"))
                .body("default_branch", equalTo("main"))
                .body("gate.passed", equalTo(false)).body("gate.fail_on", equalTo(List.of("new"))).body("gate.failing", equalTo(1))
                .body("counts.new", equalTo(1)).body("counts.failing_on_default_branch", equalTo(1))
                .body("counts.known_flaky", equalTo(1)).body("counts.quarantined", equalTo(1)).body("counts.infra", equalTo(0))
                .body("failures", hasSize(4))
                .body("failures[0].name", equalTo("fresh")).body("failures[0].verdict", equalTo("new"))
                .body("failures[0].class", equalTo("T")).body("failures[0].message", equalTo("expected fresh"))
                .body("failures[0].history", equalTo("/api/v1/projects/" + PROJECT + "/tests/history?suite=api&class=T&name=fresh"))
                .body("failures[0].evidence.last_status", equalTo("passed"))
                .body("failures.find { it.name == 'broken' }.verdict", equalTo("failing_on_default_branch"))
                .body("failures.find { it.name == 'broken' }.evidence.passed", equalTo(1))
                .body("failures.find { it.name == 'broken' }.evidence.executed", equalTo(2))
                .body("failures.find { it.name == 'broken' }.evidence.since", notNullValue())
                .body("failures.find { it.name == 'broken' }.evidence.low", notNullValue())
                .body("failures.find { it.name == 'flaky' }.verdict", equalTo("known_flaky"))
                .body("failures.find { it.name == 'flaky' }.evidence.flaky_commits", equalTo(1))
                .body("failures.find { it.name == 'muted' }.verdict", equalTo("quarantined"))
                .body("failures.find { it.name == 'muted' }.evidence.reason", equalTo("hangs on the gateway mock"))
                .body("failures.find { it.name == 'muted' }.evidence.state", equalTo("muted"))
                .body("failures.find { it.name == 'muted' }.evidence.until", notNullValue())
                .body("rate.run.passed", equalTo(6)).body("rate.run.total", equalTo(10))
                .body("rate.default_branch.passed", equalTo(4)).body("rate.default_branch.total", equalTo(7));
        // the classes asked for decide the gate
        verdict("r9", Map.of("fail_on", "new,known_flaky")).statusCode(200)
                .body("gate.failing", equalTo(2)).body("gate.fail_on", equalTo(List.of("new", "known_flaky")));
        // a CI line's curl --fail-with-body fails on the strict gate, with the same body
        verdict("r9", Map.of("gate", "strict")).statusCode(422).body("gate.passed", equalTo(false)).body("failures", hasSize(4));
    }

    @Test
    void aRunWhoseFailuresAreAllKnownPassesTheGate() {
        verdict("r11", Map.of("gate", "strict")).statusCode(200).body("gate.passed", equalTo(true)).body("gate.failing", equalTo(0))
                .body("counts.failing_on_default_branch", equalTo(1)).body("counts.known_flaky", equalTo(1))
                .body("counts.new", equalTo(0));
    }

    @Test
    void aCollapsedRunsFailuresAreInfra() {
        // the project's built-in infra_incident rule (80% of at least 5) is created by its first alert evaluation
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> verdict("r10", Map.of()).statusCode(200)
                .body("counts.infra", equalTo(6)).body("gate.passed", equalTo(true))
                .body("failures[0].evidence.failed_pct", equalTo(100.0f))
                .body("failures[0].evidence.incident", equalTo("default:" + PROJECT + ":infra_incident/ci")));
    }

    @Test
    void markdownListsTheNewFailureFirstWithItsLinkAndCollapsesTheRest() {
        String markdown = verdict("r9", Map.of("format", "markdown")).statusCode(200).contentType(containsString("text/markdown"))
                .extract().asString();
        assertThat(markdown).startsWith("### ❌ testpulse: 1 failure fails the gate (fails on new)")
                .contains("#### New failures (1)").contains("`T.fresh`").contains("`expected fresh`")
                .containsPattern("\\[history\\]\\(http://[^)]+/api/v1/projects/" + PROJECT + "/tests/history\\?suite=api&class=T&name=fresh\\)")
                .contains("<details><summary>Other failures (3): 1 failing on main, 1 known flaky, 1 quarantined</summary>")
                .contains("this run 60.0% (6/10; 95% ").contains("`main` recently 57.1% (4/7; 95% ");
        assertThat(markdown.indexOf("#### New failures")).isLessThan(markdown.indexOf("<details>"));
        assertThat(markdown.indexOf("`T.fresh`")).isLessThan(markdown.indexOf("`T.broken`"));
    }

    @Test
    void aRunIdInTwoPipelinesNeedsOneNamed() {
        verdict("dup", Map.of()).statusCode(409).contentType("application/problem+json")
                .body("parameter", equalTo("pipeline")).body("detail", containsString("ci, nightly"));
        verdict("dup", Map.of("pipeline", "ci")).statusCode(200).body("failures", hasSize(0)).body("gate.passed", equalTo(true));
    }

    @Test
    void badRequestsAreProblemsNamingTheParameter() {
        verdict("nope", Map.of()).statusCode(404).contentType("application/problem+json");
        verdict("r9", Map.of("attempt", "7")).statusCode(404);
        verdict("r9", Map.of("job", "no-such-job")).statusCode(404).body("detail", containsString("job 'no-such-job'"));
        verdict("r9", Map.of("attempt", "0")).statusCode(400).body("parameter", equalTo("attempt"));
        verdict("r9", Map.of("fail_on", "new,bogus")).statusCode(400).body("parameter", equalTo("fail_on"));
        verdict("r9", Map.of("format", "html")).statusCode(400).body("parameter", equalTo("format"));
        verdict("r9", Map.of("gate", "lenient")).statusCode(400).body("parameter", equalTo("gate"));
        for (String hostile : List.of("%00", "0.1-0.2", "0.1-", "-", "zzzzzzz.1", "0.zzzzzzzzzzzzz", "1.2.3", "0:12", "0.1" + "-0.1".repeat(1200),
                "'; drop table runs; --")) {
            given().urlEncodingEnabled(!hostile.startsWith("%")).queryParam("after", hostile)
                    .get("/api/v1/projects/{p}/runs/{r}/verdict", PROJECT, "r9").then().statusCode(400)
                    .contentType("application/problem+json").body("parameter", equalTo("after"));
        }
    }

    @Test
    void aPositionNotCountedWithinTheBoundIs503WithRetryAfter() {
        verdict("r9", Map.of("after", "0.zzzzzzzz")).statusCode(503).header("Retry-After", "5")
                .contentType("application/problem+json").body("type", equalTo("urn:testpulse:problem:not-counted-yet"));
    }

    @Test
    void theEmptyPositionOfAnUploadOfNothingWaitsForNothing() {
        verdict("r9", Map.of("after", "")).statusCode(200).body("failures", hasSize(4));
    }

    private static ValidatableResponse verdict(String run, Map<String, String> query) {
        return given().queryParams(query).get("/api/v1/projects/{p}/runs/{r}/verdict", PROJECT, run).then();
    }

    private static String outcome(String pipeline, String run, String commit, String branch, String name, String status, int retry,
            boolean muted, Instant at) {
        return VerdictRuns.outcome(PROJECT, pipeline, run, commit, branch, name, status, retry, muted, at);
    }
}
