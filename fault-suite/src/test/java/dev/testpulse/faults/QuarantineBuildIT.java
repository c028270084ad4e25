package dev.testpulse.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.TopicProbe;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.SampleBuild;

/**
 * Issue 27 on a real build, end to end: the sample project {@code fault-suite/quarantine-build} (one test failing on
 * this run, one to skip, one healthy) built with Maven and the reporter jar of this reactor against the packaged pair.
 * The states are set through analysis-service's API; the build reads them through ingest's proxy. Muted, the failing
 * test leaves the build green, its failure arrives marked muted, and analysis' summary counts it as a muted failure;
 * skipped, the other never runs. With testpulse stopped the same build runs every test, and fails as it would without
 * testpulse.
 */
class QuarantineBuildIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUITE = "sample.CheckoutTest";
    /** Within the 90 days a state may last, whenever the suite runs. */
    private static final String UNTIL = Instant.now().plus(Duration.ofDays(14)).truncatedTo(ChronoUnit.SECONDS).toString();
    private static FaultPair pair;

    @BeforeAll
    static void start() {
        pair = FaultPair.start("quarantine-build");
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aMutedFailingTestLeavesTheBuildGreenAndItsFailureArrivesMarkedMuted() throws Exception {
        String project = "quarantine-" + UUID.randomUUID().toString().substring(0, 8);
        String token = pair.projectToken(project);
        quarantine(project, "talksToThePaymentSandbox", "muted", "flaky: passed and failed on the same commit", null);
        quarantine(project, "refundsThroughTheOldGateway", "skipped", "the old gateway is being retired", UNTIL);
        try (TopicProbe outcomes = new TopicProbe(pair.topic())) {
            SampleBuild build = SampleBuild.copy("quarantine-build", "muted").start(settings(pair.ingest().url(), project, token));

            assertThat(build.await()).as(build.output()).isZero();
            SampleBuild.Counts surefire = build.surefireCounts();
            assertThat(surefire.failed()).as("failures the build saw").isZero();
            assertThat(surefire.passed()).as("the healthy test and the muted one").isEqualTo(2);
            assertThat(build.quarantineLines()).as(build.output())
                    .containsExactly("testpulse: quarantine of " + project + " applied: 1 muted, 1 skipped");

            Map<String, JsonNode> arrived = outcomesOf(outcomes, project, 3);
            assertThat(arrived).containsOnlyKeys("addsTax", "talksToThePaymentSandbox", "refundsThroughTheOldGateway");
            JsonNode muted = arrived.get("talksToThePaymentSandbox");
            assertThat(muted.get("status").asText()).isEqualTo("failed");
            assertThat(muted.at("/failure/message").asText()).startsWith("the sandbox timed out");
            // ingest passes the mark through (testpulse.outcome/v1's optional "muted")
            assertThat(muted.path("muted").asBoolean()).as(muted.toString()).isTrue();
            JsonNode skipped = arrived.get("refundsThroughTheOldGateway");
            assertThat(skipped.get("status").asText()).isEqualTo("skipped");
            assertThat(skipped.at("/failure/message").asText()).isEqualTo("quarantined: the old gateway is being retired (until " + UNTIL + ")");
            assertThat(arrived.get("addsTax").get("status").asText()).isEqualTo("passed");
            assertThat(arrived.get("addsTax").has("muted")).isFalse();
        }
        // analysis counts the muted failure as what it was, and says so apart
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(pair.analysis().url())
                .header("Authorization", "Bearer " + FaultPair.ADMIN_TOKEN).queryParam("window", "1h")
                .get("/api/v1/projects/{p}/summary", project).then().statusCode(200)
                .body("overall.rate.total", equalTo(3)).body("overall.rate.failed", equalTo(1)).body("muted.failures", equalTo(1)));
    }

    /** Sets a test's state through analysis-service's API, as an admin. */
    private static void quarantine(String project, String name, String state, String reason, String until) {
        Map<String, Object> body = new HashMap<>(Map.of("suite", SUITE, "class", SUITE, "name", name, "state", state, "reason", reason));
        if (until != null) {
            body.put("until", until);
        }
        given().baseUri(pair.analysis().url()).header("Authorization", "Bearer " + FaultPair.ADMIN_TOKEN).contentType("application/json")
                .body(body).put("/api/v1/projects/{p}/quarantine", project).then().statusCode(200).body("state", equalTo(state));
    }

    @Test
    void withTestpulseStoppedTheSameBuildRunsEveryTestAndFailsAsWithoutIt() throws Exception {
        String project = "quarantine-" + UUID.randomUUID().toString().substring(0, 8);
        String stopped;
        try (ServerSocket free = new ServerSocket(0)) {
            stopped = "http://127.0.0.1:" + free.getLocalPort();
        }
        SampleBuild build = SampleBuild.copy("quarantine-build", "stopped").start(settings(stopped, project, "tp_no_server_here"));

        assertThat(build.await()).as("the build fails: the failing test ran as usual").isNotZero();
        SampleBuild.Counts surefire = build.surefireCounts();
        assertThat(surefire.failed()).as("the muted test's failure and the skipped test's error").isEqualTo(2);
        assertThat(surefire.passed()).isEqualTo(1);
        assertThat(build.quarantineLines()).as(build.output()).singleElement().asString()
                .startsWith("testpulse: quarantine list unavailable (ingest unreachable within 2000 ms: ")
                .endsWith("): every test runs normally");
    }

    private static Map<String, String> settings(String url, String project, String token) {
        return Map.of("TESTPULSE_URL", url, "TESTPULSE_TOKEN", token, "TESTPULSE_PROJECT", project, "TESTPULSE_PIPELINE", "sample",
                "TESTPULSE_RUN", "quarantine-1", "TESTPULSE_BATCH_MILLIS", "200", "TESTPULSE_FLUSH_SECONDS", "5");
    }

    /** The project's outcomes on the scenario's topic by test name, once {@code count} arrived (60 s at most). */
    private static Map<String, JsonNode> outcomesOf(TopicProbe topic, String project, int count) {
        List<ConsumerRecord<String, String>> records = topic.readUntil(read -> read.stream().filter(r -> r.value().contains(project)).count() >= count,
                Duration.ofSeconds(60));
        return records.stream().map(r -> parse(r.value())).filter(outcome -> project.equals(outcome.path("project").asText()))
                .collect(Collectors.toMap(outcome -> outcome.at("/test/name").asText(), outcome -> outcome));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
