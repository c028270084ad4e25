package dev.testpulse.analysis.consume;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, OpenAPI and metrics: what operators and clients find under /q. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ObservabilityTest {

    @jakarta.inject.Inject
    javax.sql.DataSource dataSource;

    @Test
    void readinessIncludesKafkaChannelsAndTheDatabase() {
        when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive Messaging') }.data.outcomes", equalTo("[OK]"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
    }

    @Test
    void readinessSaysTheSchemaIsMigratedAndTheConsumerIsNotStuck() {
        when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database schema' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'outcome consumer' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'outcome consumer' }.data.oldest_unapplied_age_seconds", notNullValue());
    }

    @Test
    void commitsAppliedOffsetsToKafkaSoTheGroupsLagIsVisibleThere() throws Exception {
        String project = "lag-" + UUID.randomUUID().toString().substring(0, 8);
        OutcomeTopic.send(List.of(Map.entry(project + "/s", OutcomeTopic.outcome(project, "s", "t", "passed"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/projects/{p}/summary", project)
                .then().statusCode(200).body("overall.rate.passed", equalTo(1)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("testpulse-analysis")
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, Long> stored = storedOffsets();
                assertThat(stored).isNotEmpty();
                stored.forEach((partition, next) -> assertThat(committed.get(partition)).as(partition.toString())
                        .isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(next));
            });
        }
    }

    private Map<TopicPartition, Long> storedOffsets() throws Exception {
        Map<TopicPartition, Long> stored = new java.util.HashMap<>();
        try (var connection = dataSource.getConnection(); var query = connection.createStatement();
                var rs = query.executeQuery("select topic, kafka_partition, next_offset from consumer_offsets where consumer_group = 'testpulse-analysis'")) {
            while (rs.next()) {
                stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return stored;
    }

    @Test
    void publishesTheOpenApiDocumentOfTheQueryApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/projects/{project}/summary'.get", notNullValue());
    }

    @Test
    void exposesConsumerMetricsForPrometheus() {
        String project = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        OutcomeTopic.send(List.of(Map.entry(project + "/s", OutcomeTopic.outcome(project, "s", "t", "passed"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> when().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*testpulse_analysis_outcomes_counted_total [1-9].*"))
                .body(containsString("testpulse_analysis_batch_latency_seconds_count"))
                .body(containsString("kafka_consumer_")));
    }
}
