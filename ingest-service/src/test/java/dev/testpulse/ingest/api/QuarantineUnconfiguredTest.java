package dev.testpulse.ingest.api;

import static dev.testpulse.ingest.support.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.ingest.support.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Without analysis's URL the quarantine list is a 503 the reporter names, never an empty list that un-quarantines all. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class QuarantineUnconfiguredTest {

    @Test
    void withoutAnalysisUrlTheListIsA503SayingWhichSettingIsMissing() {
        given().header("Authorization", bearer(TestTokens.forProject("unconfigured-quarantine")))
                .get("/api/v1/projects/{project}/quarantine", "unconfigured-quarantine").then().statusCode(503)
                .contentType("application/problem+json").body("type", equalTo("urn:testpulse:problem:analysis-unavailable"))
                .body("detail", equalTo("testpulse.ingest.analysis-url (TESTPULSE_INGEST_ANALYSIS_URL) is not set"));
    }

    @Test
    void aProjectKeyThatCannotBeOneIsA400NamingIt() {
        given().header("Authorization", bearer(TestTokens.forProject("unconfigured-quarantine")))
                .get("/api/v1/projects/{project}/quarantine", "-bad").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/project"));
    }
}
