package dev.testpulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.testpulse.devstack.TopicProbe;
import dev.testpulse.faults.support.FaultPair;
import dev.testpulse.faults.support.SampleBuild;

/**
 * Issue 27 on a real build: the sample project {@code fault-suite/quarantine-build} (one test failing on this run and
 * muted, one skipped, one healthy) built with Maven and the reporter jar of this reactor, its quarantine list read
 * through the packaged ingest's proxy. Muted, the failing test leaves the build green and its failure arrives marked
 * muted; skipped, the other never runs. With testpulse stopped the same build runs every test, and fails as it would
 * without testpulse.
 *
 * <p>The list comes from a stand-in for analysis-service's {@code GET /api/v1/projects/{project}/quarantine}, in the
 * shape the contract of issue 27 fixes (analysis's own endpoint is built in parallel); ingest, the reporter and the
 * build are the real ones.
 */
class QuarantineBuildIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUITE = "sample.CheckoutTest";
    private static final List<String> ASKED_WITH = new CopyOnWriteArrayList<>();
    private static HttpServer analysisList;
    private static FaultPair pair;

    @BeforeAll
    static void start() throws Exception {
        analysisList = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        analysisList.createContext("/api/v1/projects/", exchange -> {
            ASKED_WITH.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String project = exchange.getRequestURI().getPath().split("/")[4];
            byte[] body = list(project).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("ETag", "\"sample-1\"");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        analysisList.start();
        pair = FaultPair.start("quarantine-build",
                Map.of("testpulse.ingest.analysis-url", "http://127.0.0.1:" + analysisList.getAddress().getPort()));
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
        if (analysisList != null) {
            analysisList.stop(0);
        }
    }

    @Test
    void aMutedFailingTestLeavesTheBuildGreenAndItsFailureArrivesMarkedMuted() throws Exception {
        String project = "quarantine-" + UUID.randomUUID().toString().substring(0, 8);
        String token = pair.projectToken(project);
        try (TopicProbe outcomes = new TopicProbe(pair.topic())) {
            SampleBuild build = SampleBuild.copy("quarantine-build", "muted").start(settings(pair.ingest().url(), project, token));

            assertThat(build.await()).as(build.output()).isZero();
            SampleBuild.Counts surefire = build.surefireCounts();
            assertThat(surefire.failed()).as("failures the build saw").isZero();
            assertThat(surefire.passed()).as("the healthy test and the muted one").isEqualTo(2);
            assertThat(build.quarantineLines()).as(build.output())
                    .containsExactly("testpulse: quarantine of " + project + " applied: 1 muted, 1 skipped");
            assertThat(ASKED_WITH).as("the caller's token, passed on by ingest").contains("Bearer " + token);

            Map<String, JsonNode> arrived = outcomesOf(outcomes, project, 3);
            assertThat(arrived).containsOnlyKeys("addsTax", "talksToThePaymentSandbox", "refundsThroughTheOldGateway");
            JsonNode muted = arrived.get("talksToThePaymentSandbox");
            assertThat(muted.get("status").asText()).isEqualTo("failed");
            assertThat(muted.at("/failure/message").asText()).startsWith("the sandbox timed out");
            // ingest passes the mark through (testpulse.outcome/v1's optional "muted", part A of issue 27)
            assertThat(muted.path("muted").asBoolean()).as(muted.toString()).isTrue();
            JsonNode skipped = arrived.get("refundsThroughTheOldGateway");
            assertThat(skipped.get("status").asText()).isEqualTo("skipped");
            assertThat(skipped.at("/failure/message").asText()).isEqualTo("quarantined: the old gateway is being retired (until 2026-12-20T00:00:00Z)");
            assertThat(arrived.get("addsTax").get("status").asText()).isEqualTo("passed");
            assertThat(arrived.get("addsTax").has("muted")).isFalse();
        }
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

    private static String list(String project) {
        return "{\"project\":\"" + project + "\",\"tests\":["
                + "{\"suite\":\"" + SUITE + "\",\"class\":\"" + SUITE + "\",\"name\":\"talksToThePaymentSandbox\",\"state\":\"muted\","
                + "\"reason\":\"flaky: passed and failed on the same commit\",\"by\":\"auto\",\"since\":\"2026-12-01T00:00:00Z\","
                + "\"until\":\"2026-12-15T00:00:00Z\",\"evidence\":\"3 of 20 runs failed\"},"
                + "{\"suite\":\"" + SUITE + "\",\"class\":\"" + SUITE + "\",\"name\":\"refundsThroughTheOldGateway\",\"state\":\"skipped\","
                + "\"reason\":\"the old gateway is being retired\",\"by\":\"admin\",\"since\":\"2026-12-01T00:00:00Z\","
                + "\"until\":\"2026-12-20T00:00:00Z\"}]}";
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
