package dev.testpulse.ingest.api;

import static dev.testpulse.ingest.support.TestTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.ingest.support.FakeAnalysis;
import dev.testpulse.ingest.support.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /api/v1/projects/{project}/quarantine} passed on to analysis-service (here a stand-in speaking the contract). */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@WithTestResource(FakeAnalysis.class)
class QuarantineResourceTest {

    private static final String PATH = "/api/v1/projects/{project}/quarantine";

    @Test
    void passesTheListOnWithTheCallersTokenAndItsETag() {
        String project = project("webshop");
        String token = TestTokens.forProject(project);

        given().header("Authorization", bearer(token)).get(PATH, project).then().statusCode(200)
                .contentType("application/json").header("ETag", FakeAnalysis.ETAG).body(equalTo(FakeAnalysis.list(project)));

        assertThat(FakeAnalysis.AUTHORIZATIONS).contains(bearer(token));
    }

    @Test
    void aMatchingIfNoneMatchIsA304WithoutBody() {
        String project = project("webshop");

        given().header("Authorization", bearer(TestTokens.forProject(project))).header("If-None-Match", FakeAnalysis.ETAG)
                .get(PATH, project).then().statusCode(304).header("ETag", FakeAnalysis.ETAG).body(emptyString());
    }

    @Test
    void analysisRefusingTheCallerIsPassedOn() {
        String project = project("other");

        given().header("Authorization", bearer(TestTokens.forProject(project))).get(PATH, project).then().statusCode(403)
                .contentType("application/problem+json").body("detail", equalTo("the token is for another project"));
    }

    @Test
    void analysisFailingIsA503ProblemNotAnEmptyList() {
        String project = project("down");

        given().header("Authorization", bearer(TestTokens.forProject(project))).get(PATH, project).then().statusCode(503)
                .contentType("application/problem+json").body("type", equalTo("urn:testpulse:problem:analysis-unavailable"))
                .body("detail", equalTo("analysis-service answered 500"));
    }

    @Test
    void analysisNotAnsweringInTimeIsA503Problem() {
        String project = project("slow");

        given().header("Authorization", bearer(TestTokens.forProject(project))).get(PATH, project).then().statusCode(503)
                .contentType("application/problem+json").body("type", equalTo("urn:testpulse:problem:analysis-unavailable"))
                .body("detail", containsString("did not answer within 3000 ms"));
    }

    @Test
    void needsAProjectToken() {
        given().get(PATH, project("webshop")).then().statusCode(401).contentType("application/problem+json");
    }

    private static String project(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
