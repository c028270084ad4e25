package dev.testpulse.ingest.api;

import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.ingest.support.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, OpenAPI and metrics: what operators and clients find under /q. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ObservabilityTest {

    @Test
    void readinessIncludesTheKafkaChannel() {
        when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive Messaging') }.data.outcomes", equalTo("[OK]"))
                .body("checks.find { it.name == 'Project tokens' }.status", equalTo("UP"));
    }

    @Test
    void publishesTheOpenApiDocumentOfTheIngestApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/outcomes'.post", notNullValue())
                .body("paths.'/api/v1/outcomes'.post.responses.keySet()", hasItem("202"))
                .body("paths.'/api/v1/reports/junit'.post", notNullValue())
                .body("paths.'/api/v1/reports/ctrf'.post", notNullValue())
                .body("paths.'/api/v1/admin/tokens'.post", notNullValue())
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    @Test
    void exposesIngestMetricsForPrometheus() {
        given().header("Authorization", TestTokens.bearer(TestTokens.forProject("metrics"))).contentType("application/json")
                .body("""
                        [{"project":"metrics","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed"}]""")
                .post("/api/v1/outcomes").then().statusCode(202);
        when().get("/q/metrics").then().statusCode(200)
                .body(containsString("testpulse_ingest_outcomes_accepted_total{format=\"json\""))
                .body(containsString("testpulse_ingest_publish_latency_seconds_count"))
                .body(containsString("testpulse_ingest_request_size_bytes_count{path=\"/api/v1/outcomes\"}"));
    }

    @Test
    void countsRejectedRequestsByFormatAndReason() {
        given().header("Authorization", TestTokens.bearer(TestTokens.forProject("metrics"))).contentType("application/json")
                .body("[{\"project\":\"metrics\"}]").post("/api/v1/outcomes").then().statusCode(422);
        when().get("/q/metrics").then().statusCode(200)
                .body(containsString("testpulse_ingest_requests_rejected_total{format=\"json\",reason=\"invalid-outcomes\"}"));
    }
}
