package dev.testpulse.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.FreePorts;
import dev.testpulse.devstack.ServiceProcess;

/**
 * The packaged ingest-service in a 256 MB heap takes a 50 MB JUnit report whole: streaming parse, spooled body,
 * bounded in-flight publishing. An OutOfMemoryError would end the process and fail the request.
 */
class LargeReportIT {

    private static final int TESTS = 64_000;
    private static final String ADMIN = "large-report-admin-9c2b7e4f1a6d3c8b5e0f";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServiceProcess ingest;

    @BeforeAll
    static void start() {
        Map<String, String> config = Map.of(
                "kafka.bootstrap.servers", DevStack.shared().kafka().bootstrapServers(),
                "testpulse.admin-token", ADMIN);
        ingest = ServiceProcess.start("ingest-service", Path.of("target/quarkus-app/quarkus-run.jar"), FreePorts.next(),
                config, Path.of("target/it-logs/large-report-ingest.log"), "256m");
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.stop();
        }
    }

    @Test
    void accepts50MegabyteReportIn256MegabyteHeap() throws Exception {
        Path report = Files.createTempFile("large-junit", ".xml");
        try {
            writeReport(report);
            assertThat(Files.size(report)).isBetween(50L * 1000 * 1000, 50L * 1024 * 1024);
            long before = endOffsetSum();

            HttpResponse<String> response = post(report, token("large"));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("accepted").asInt()).isEqualTo(TESTS);
            assertThat(body.at("/statuses/failed").asInt()).isEqualTo(TESTS / 10);
            assertThat(endOffsetSum() - before).isEqualTo(TESTS);
            assertThat(ingest.isAlive()).isTrue();
        } finally {
            Files.deleteIfExists(report);
        }
    }

    /** Every tenth test failed with a realistic stack trace; the rest passed with some captured output. */
    private static void writeReport(Path report) throws IOException {
        String trace = "java.lang.AssertionError: expected:&lt;200&gt; but was:&lt;503&gt;\n"
                + "\tat org.junit.Assert.fail(Assert.java:89)\n".repeat(12);
        String output = "2026-11-24 10:00:00 INFO  [main] request handled in 12 ms, cache warm, pool 4/16 busy\n".repeat(8);
        try (BufferedWriter out = Files.newBufferedWriter(report)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"com.acme.Big\" tests=\"" + TESTS + "\">\n");
            for (int i = 0; i < TESTS; i++) {
                out.write("  <testcase classname=\"com.acme.Big" + (i % 100) + "\" name=\"case" + i + "\" time=\"0.01\">");
                if (i % 10 == 0) {
                    out.write("<failure message=\"expected:&lt;200&gt; but was:&lt;503&gt;\" type=\"java.lang.AssertionError\">"
                            + trace + "</failure>");
                } else {
                    out.write("<system-out><![CDATA[" + output + "]]></system-out>");
                }
                out.write("</testcase>\n");
            }
            out.write("</testsuite>\n");
        }
    }

    private static HttpResponse<String> post(Path report, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingest.url() + "/api/v1/reports/junit?run=big-1&branch=main"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/xml")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofFile(report)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String project) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingest.url() + "/api/v1/admin/tokens"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"" + project + "\"}")).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("token").asText();
    }

    private static long endOffsetSum() throws Exception {
        try (Admin admin = DevStack.shared().kafka().admin()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(DevStack.OUTCOMES_TOPIC)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(DevStack.OUTCOMES_TOPIC).partitions().stream()
                    .map(p -> new TopicPartition(DevStack.OUTCOMES_TOPIC, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }
}
