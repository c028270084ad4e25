package dev.testpulse.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.TopicProbe;
import dev.testpulse.faults.fixtures.LiveRunFixture;
import dev.testpulse.faults.fixtures.QuickFixture;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.reporter.junit.ReporterConfig;
import dev.testpulse.reporter.junit.TestpulseReporter;

/**
 * Issue #16 end to end: a real JUnit run (a fixture class through the JUnit Platform Launcher, in this JVM) streams
 * into the packaged pair through the reporter. A first run of the job ends unjudged (nothing yet to size it by); while
 * the second still runs — its last test holds it open until this test
 * has seen enough — the summary shows its outcomes, the run is {@code running}, and an early alert of a rate rule is on
 * {@code testpulse.alerts}; once it ends the run is {@code finished} by its reporter and the early alert resolves. With
 * ingest unreachable a run finishes as usual and the reporter keeps what it could not send in the spool file.
 */
class LiveRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FaultPair pair;
    private static final String PROJECT = "live-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        pair = FaultPair.start("live-run");
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aRunGoingBadIsSeenAndAlertedWhileItRunsAndEndsFinished() throws Exception {
        String token = pair.projectToken(PROJECT);
        String analysis = pair.analysis().url();
        String ruleId = given().baseUri(analysis).header("Authorization", "Bearer " + FaultPair.ADMIN_TOKEN).contentType("application/json")
                .body(Map.of("project", PROJECT, "kind", "rate_below", "below", 0.9, "min_samples", 20, "early", true))
                .post("/api/v1/rules").then().statusCode(201).extract().path("id");
        // The job's first run, let through to its end: without a finished run to size a run by there is no early
        // verdict, so this one only makes the next one judgeable.
        LiveRunFixture.release = new CountDownLatch(0);
        assertThat(launch(LiveRunFixture.class, reporter(pair.ingest().url(), token, "live-0")).getTestsFailedCount()).isEqualTo(45);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode finished = JSON.readTree(given().baseUri(analysis).queryParam("state", "finished")
                    .get("/api/v1/projects/{p}/runs", PROJECT).then().statusCode(200).extract().asString());
            assertThat(finished.findValuesAsText("run_id")).contains("live-0");
        });

        LiveRunFixture.release = new CountDownLatch(1);
        TestpulseReporter reporter = reporter(pair.ingest().url(), token, "live-1");
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            CompletableFuture<TestExecutionSummary> run = CompletableFuture.supplyAsync(() -> launch(LiveRunFixture.class, reporter));
            JsonNode fired;
            try {
                fired = awaitEarly(alerts, ruleId, "dev.testpulse.alert.fired");
                // all of this while the fixture's last test still holds the run open
                assertThat(run).as("the run is still running").isNotDone();
                assertThat(fired.at("/data/summary").asText()).contains("while it still runs");
                JsonNode running = JSON.readTree(given().baseUri(analysis).queryParam("state", "running")
                        .get("/api/v1/projects/{p}/runs", PROJECT).then().statusCode(200).extract().asString());
                assertThat(running.findValuesAsText("run_id")).contains("live-1");
                long total = given().baseUri(analysis).queryParam("window", "24h").get("/api/v1/projects/{p}/summary", PROJECT)
                        .then().statusCode(200).extract().jsonPath().getLong("overall.rate.total");
                assertThat(total).as("outcomes counted while the run runs, after the first run's 61").isGreaterThanOrEqualTo(61 + 20)
                        .isLessThanOrEqualTo(61 + 60);
            } finally {
                LiveRunFixture.release.countDown();
            }
            TestExecutionSummary summary = run.get(120, TimeUnit.SECONDS);
            assertThat(summary.getTestsSucceededCount()).isEqualTo(16); // 15 checkouts and the holding test
            assertThat(summary.getTestsFailedCount()).isEqualTo(45);
            assertThat(reporter.summary().sent()).isEqualTo(61);
            assertThat(reporter.summary().dropped()).isZero();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode finished = JSON.readTree(given().baseUri(analysis).queryParam("state", "finished")
                        .get("/api/v1/projects/{p}/runs", PROJECT).then().statusCode(200).extract().asString());
                JsonNode live = null;
                for (JsonNode each : finished) {
                    live = each.get("run_id").asText().equals("live-1") ? each : live;
                }
                assertThat(live).as("run live-1 finished").isNotNull();
                assertThat(live.get("finished_by").asText()).isEqualTo("reporter");
                assertThat(live.get("outcomes").asLong()).isEqualTo(61);
            });
            awaitEarly(alerts, ruleId, "dev.testpulse.alert.resolved");
        }
    }

    @Test
    void withIngestUnreachableTheRunFinishesAsUsualAndTheReporterKeepsWhatItCouldNotSend() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        TestpulseReporter reporter = reporter("http://127.0.0.1:" + closed, "tp_unused", "down-1");
        TestExecutionSummary summary = CompletableFuture.supplyAsync(() -> launch(QuickFixture.class, reporter)).get(120, TimeUnit.SECONDS);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(10);
        assertThat(summary.getTestsFailedCount()).isZero();
        assertThat(reporter.summary().sent()).isZero();
        // issue 23: nothing dropped, all kept in the build directory for a later upload
        assertThat(reporter.summary().dropped()).isZero();
        assertThat(reporter.summary().spooled()).isEqualTo(10);
    }

    private static TestpulseReporter reporter(String url, String token, String run) {
        Map<String, String> settings = new HashMap<>();
        settings.put("testpulse.url", url);
        settings.put("testpulse.token", token);
        settings.put("testpulse.project", PROJECT);
        settings.put("testpulse.pipeline", "ci");
        settings.put("testpulse.run", run);
        settings.put("testpulse.branch", "main");
        settings.put("testpulse.batch.size", "10");
        settings.put("testpulse.batch.millis", "200");
        settings.put("testpulse.flush.seconds", "5");
        return new TestpulseReporter(ReporterConfig.resolve(settings::get, Map.of()).orElseThrow());
    }

    /** Runs the fixture class as a build would, with this reporter and no other auto-registered listener. */
    private static TestExecutionSummary launch(Class<?> fixture, TestpulseReporter reporter) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(reporter, summary).build());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build();
        launcher.execute(request);
        return summary.getSummary();
    }

    /** The next event of the rule's early series for run live-1 of the given type, within 60 s. */
    private static JsonNode awaitEarly(TopicProbe alerts, String ruleId, String type) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : alerts.poll()) {
                JsonNode event = JSON.readTree(record.value());
                if (event.at("/data/rule/id").asText().equals(ruleId) && event.at("/data/labels/run").asText().equals("live-1.1")
                        && event.get("type").asText().equals(type)) {
                    return event;
                }
            }
        }
        // the runs as analysis sees them say why: no finished run to size by, a different job, too few counted
        String runs = given().baseUri(pair.analysis().url()).get("/api/v1/projects/{p}/runs", PROJECT).then().extract().asString();
        throw new AssertionError("no " + type + " event of the early series of " + ruleId + " within 60 s; runs: " + runs);
    }
}
