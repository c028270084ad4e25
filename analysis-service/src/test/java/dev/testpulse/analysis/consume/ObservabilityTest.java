package dev.testpulse.analysis.consume;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;

import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, OpenAPI and metrics: what operators and clients find under /q. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ObservabilityTest {

    @Test
    void readinessIncludesKafkaChannelsAndTheDatabase() {
        when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive Messaging') }.data.outcomes", equalTo("[OK]"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
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
