package dev.testpulse.ingest.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.ingest.support.TestTokens;
import dev.testpulse.devstack.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The token matrix: who may write which project, and who may manage tokens. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class TokenAuthTest {

    private final String projectA = "auth-a-" + UUID.randomUUID().toString().substring(0, 6);
    private final String projectB = "auth-b-" + UUID.randomUUID().toString().substring(0, 6);

    @ParameterizedTest(name = "{0} without a token is 401")
    @ValueSource(strings = {"/api/v1/outcomes", "/api/v1/reports/junit", "/api/v1/admin/tokens"})
    void refusesRequestsWithoutAToken(String path) {
        given().contentType("application/json").body("[]").post(path)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("detail", containsString("Authorization: Bearer"));
    }

    @ParameterizedTest(name = "a project token on {0} never reaches the admin API")
    @ValueSource(strings = {"/api//v1/admin/tokens", "/api/v1//admin/tokens", "/api/v1/./admin/tokens", "/api/v1/x/../admin/tokens",
            "/API/v1/admin/tokens"})
    void neverLetsAProjectTokenReachTheAdminApiByAnotherSpelling(String path) {
        int status = as(TestTokens.forProject(projectA)).urlEncodingEnabled(false).get(path).statusCode();
        assertThat(status).as(path).isIn(400, 401, 403, 404);
    }

    @Test
    void refusesAnUnknownToken() {
        upload("tp_not-a-real-token", projectA).then().statusCode(401).body("detail", equalTo("unknown or revoked token"));
    }

    @Test
    void letsAProjectTokenWriteItsProject() {
        upload(TestTokens.forProject(projectA), projectA).then().statusCode(202);
    }

    @Test
    void neverLetsAProjectTokenWriteAnotherProjectAndPublishesNothing() {
        try (TopicProbe probe = new TopicProbe(DevStack.OUTCOMES_TOPIC)) {
            String bothProjects = "[" + outcome(projectA) + "," + outcome(projectB) + "]";
            as(TestTokens.forProject(projectA)).contentType("application/json").body(bothProjects).post("/api/v1/outcomes")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("cannot write project '" + projectB + "'"));
            as(TestTokens.forProject(projectA)).queryParam("project", projectB).queryParam("run", "1").contentType("application/xml")
                    .body("<testsuite name=\"s\"><testcase name=\"t\"/></testsuite>").post("/api/v1/reports/junit")
                    .then().statusCode(403);
            assertThat(probe.readUntil(records -> false, Duration.ofSeconds(2)))
                    .noneMatch(record -> record.key().startsWith(projectA + "/") || record.key().startsWith(projectB + "/"));
        }
    }

    @Test
    void neverLetsAProjectTokenOrTheAdminTokenCrossRoles() {
        as(TestTokens.forProject(projectA)).get("/api/v1/admin/tokens").then().statusCode(403)
                .body("detail", equalTo("a project token cannot manage tokens"));
        upload(TestTokens.ADMIN, projectA).then().statusCode(401).body("detail", containsString("admin token cannot upload"));
    }

    @Test
    void createsListsAndRevokesTokensWithoutEverShowingTheSecretAgain() {
        String created = as(TestTokens.ADMIN).contentType("application/json")
                .body(Map.of("project", projectA, "description", "ci of A")).post("/api/v1/admin/tokens")
                .then().statusCode(201).body("project", equalTo(projectA)).body("token", startsWith("tp_"))
                .extract().asString();
        String id = io.restassured.path.json.JsonPath.from(created).getString("id");
        String secret = io.restassured.path.json.JsonPath.from(created).getString("token");
        upload(secret, projectA).then().statusCode(202);

        String listing = as(TestTokens.ADMIN).queryParam("project", projectA).get("/api/v1/admin/tokens")
                .then().statusCode(200).body("id", hasItem(id)).extract().asString();
        assertThat(listing).doesNotContain(secret).doesNotContain("sha256");

        as(TestTokens.ADMIN).delete("/api/v1/admin/tokens/{id}", id).then().statusCode(204);
        upload(secret, projectA).then().statusCode(401);
        as(TestTokens.ADMIN).queryParam("project", projectA).get("/api/v1/admin/tokens")
                .then().body("find { it.id == '" + id + "' }.revoked_at", not(equalTo(null)));
    }

    @Test
    void validatesTokenRequests() {
        as(TestTokens.ADMIN).contentType("application/json").body(Map.of("project", "no/slashes")).post("/api/v1/admin/tokens")
                .then().statusCode(422).body("errors[0].pointer", equalTo("/project"));
        as(TestTokens.ADMIN).delete("/api/v1/admin/tokens/{id}", "tok_missing").then().statusCode(404);
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", TestTokens.bearer(token));
    }

    private io.restassured.response.Response upload(String token, String project) {
        return as(token).contentType("application/json").body("[" + outcome(project) + "]").post("/api/v1/outcomes");
    }

    private static String outcome(String project) {
        return """
                {"project":"%s","run":{"id":"1"},"suite":"s","test":{"name":"t"},"status":"passed"}""".formatted(project);
    }
}
