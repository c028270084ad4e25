package dev.testpulse.analysis.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.analysis.support.PackagedPair;
import dev.testpulse.devstack.DevStack;

/**
 * Exactly once through a crash: the packaged analysis-service is killed with SIGKILL (no shutdown hook, no
 * graceful close) in the middle of a pre-filled topic, restarted, and the totals come out exact.
 */
class CrashRecoveryIT {

    private static final int OUTCOMES = 100_000;
    private static final int SUITES = 12;
    private static PackagedPair pair;

    @BeforeAll
    static void startPair() {
        pair = PackagedPair.start("crash");
    }

    @AfterAll
    static void stopPair() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void killedMidStreamAndRestartedCountsEveryOutcomeExactlyOnce() throws Exception {
        String project = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        pair.analysis().kill();
        prefill(project);

        pair.analysis().restart();
        long firstCounted = awaitTotalAbove(project, 0);
        long seenBeforeKill = awaitTotalAbove(project, OUTCOMES / 10);
        assertThat(seenBeforeKill).as("killed mid-stream").isLessThan(OUTCOMES);
        pair.analysis().kill();

        pair.analysis().restart();
        long resumedAfterMs = awaitTotalAbove(project, 0);
        long resumed = System.nanoTime();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> summary(project).body("overall.rate.total", equalTo(OUTCOMES)));
        double seconds = (System.nanoTime() - resumed) / 1e9;
        summary(project)
                .body("overall.rate.passed", equalTo(OUTCOMES / 4))
                .body("overall.rate.failed", equalTo(OUTCOMES / 4))
                .body("overall.rate.error", equalTo(OUTCOMES / 4))
                .body("overall.rate.skipped", equalTo(OUTCOMES / 4))
                .body("suites.size()", equalTo(SUITES));
        String metrics = given().baseUri(pair.analysis().url()).get("/q/metrics").asString();
        double batchSeconds = metric(metrics, "testpulse_analysis_batch_latency_seconds_sum");
        double batches = metric(metrics, "testpulse_analysis_batch_latency_seconds_count");
        double counted = metric(metrics, "testpulse_analysis_outcomes_counted_total");
        System.out.printf("CrashRecoveryIT: since the last restart %.0f outcomes in %.0f batches, %.1f s inside batch "
                + "transactions (~%.0f outcomes/s of applying)%n", counted, batches, batchSeconds, counted / batchSeconds);
        // A rough consumption rate on a pre-filled topic, for the record only: no timing is asserted here.
        System.out.printf("CrashRecoveryIT: %d outcomes; counted %d before SIGKILL (first count %d ms after start); "
                + "after the restart counting resumed in %d ms and the rest took %.1f s (~%.0f outcomes/s)%n",
                OUTCOMES, seenBeforeKill, firstCounted, resumedAfterMs, seconds, (OUTCOMES - seenBeforeKill) / seconds);
    }

    private static double metric(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Outcomes straight onto the topic (ingest is not what this test is about): every status equally often. */
    private static void prefill(String project) throws Exception {
        String[] statuses = {"passed", "failed", "error", "skipped"};
        Instant at = Instant.now().minusSeconds(600);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new StringSerializer())) {
            Future<RecordMetadata> last = null;
            for (int i = 0; i < OUTCOMES; i++) {
                String suite = "suite-" + (i % SUITES);
                last = producer.send(new ProducerRecord<>(DevStack.OUTCOMES_TOPIC, project + "/" + suite,
                        OutcomeTopic.outcome(project + "-" + i, project, "run-" + (i / 1000), "main", suite, "t" + (i % 500),
                                statuses[i % 4], at)));
            }
            producer.flush();
            last.get(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until the project's total passes {@code threshold}; returns the total then seen. */
    private static long awaitTotalAbove(String project, int threshold) {
        long[] seen = {0};
        long started = System.nanoTime();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var response = given().baseUri(pair.analysis().url()).queryParam("window", "24h")
                    .get("/api/v1/projects/{p}/summary", project);
            if (response.statusCode() != 200) {
                return false;
            }
            seen[0] = response.jsonPath().getLong("overall.rate.total");
            return seen[0] > threshold;
        });
        return threshold == 0 ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) : seen[0];
    }

    private static io.restassured.response.ValidatableResponse summary(String project) {
        return given().baseUri(pair.analysis().url()).queryParam("window", "24h")
                .get("/api/v1/projects/{p}/summary", project).then().statusCode(200);
    }
}
