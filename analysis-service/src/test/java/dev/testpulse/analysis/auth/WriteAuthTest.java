package dev.testpulse.analysis.auth;

import static dev.testpulse.analysis.support.TestAuth.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.testpulse.analysis.support.TestAuth;
import dev.testpulse.auth.TokenRecord;
import dev.testpulse.auth.TokenRegistry;
import dev.testpulse.auth.Tokens;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Every write of analysis-service needs the admin token or the project's own token, learnt from the token topic. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class WriteAuthTest {

    private static final String PROJECT_A = "authz-a-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String PROJECT_B = "authz-b-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String SECRET_A = Tokens.newSecret();
    private static final String SECRET_B = Tokens.newSecret();
    private static boolean published;

    @Inject
    TokenRegistry registry;

    @BeforeEach
    void tokensOnTheTopic() throws InterruptedException {
        if (!published) {
            for (TokenRecord token : List.of(TestAuth.publish(PROJECT_A, SECRET_A), TestAuth.publish(PROJECT_B, SECRET_B))) {
                assertThat(registry.awaitSeen(token.id(), seen -> true, Duration.ofSeconds(20))).isTrue();
            }
            published = true;
        }
    }

    static Stream<Arguments> writes() {
        String until = java.time.Instant.now().plus(java.time.Duration.ofDays(30)).toString();
        return Stream.of(
                Arguments.of("PUT", "/api/v1/projects/" + PROJECT_A + "/baseline", "{\"rate_pct\":50}"),
                Arguments.of("PUT", "/api/v1/projects/" + PROJECT_A + "/suites/s/baseline", "{\"rate_pct\":50}"),
                Arguments.of("PUT", "/api/v1/projects/" + PROJECT_A + "/target", "{\"rate_pct\":70}"),
                Arguments.of("PUT", "/api/v1/projects/" + PROJECT_A + "/suites/s/target", "{\"rate_pct\":70}"),
                Arguments.of("PUT", "/api/v1/projects/" + PROJECT_A + "/settings", "{\"default_branch\":\"main\"}"),
                Arguments.of("PUT", "/api/v1/projects/" + PROJECT_A + "/quarantine",
                        "{\"suite\":\"s\",\"name\":\"n\",\"state\":\"muted\",\"reason\":\"r\"}"),
                Arguments.of("PUT", "/api/v1/projects/" + PROJECT_A + "/quarantine/auto", "{\"enabled\":true}"),
                Arguments.of("POST", "/api/v1/rules", "{\"project\":\"" + PROJECT_A + "\",\"kind\":\"critical_failed\"}"),
                Arguments.of("POST", "/api/v1/silences", "{\"project\":\"" + PROJECT_A + "\",\"suite_glob\":\"*\",\"until\":\"" + until + "\"}"));
    }

    @ParameterizedTest(name = "{0} {1} without a token is 401")
    @MethodSource("writes")
    void refusesEveryWriteWithoutAToken(String method, String path, String body) {
        send(given(), method, path, body).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer")).body("detail", containsString("Authorization: Bearer"));
    }

    @ParameterizedTest(name = "{0} {1} with an unknown token is 401")
    @MethodSource("writes")
    void refusesEveryWriteWithAnUnknownToken(String method, String path, String body) {
        send(as("tp_not-a-real-token"), method, path, body).then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("unknown or revoked token"));
    }

    @ParameterizedTest(name = "{0} {1} with another project's token is 403")
    @MethodSource("writes")
    void refusesEveryWriteWithAnotherProjectsToken(String method, String path, String body) {
        send(as(SECRET_B), method, path, body).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("cannot access project '" + PROJECT_A + "'"));
    }

    @Test
    void letsAProjectTokenManageItsOwnRulesAndSilencesButNoOneElses() {
        String rule = "{\"project\":\"" + PROJECT_A + "\",\"kind\":\"rate_below\",\"below\":0.8}";
        String id = as(SECRET_A).contentType("application/json").body(rule).post("/api/v1/rules").then().statusCode(201)
                .extract().path("id");
        as(SECRET_B).contentType("application/json").body(rule).put("/api/v1/rules/{id}", id).then().statusCode(403);
        as(SECRET_B).delete("/api/v1/rules/{id}", id).then().statusCode(403);
        as(SECRET_A).contentType("application/json").body(rule.replace("0.8", "0.7")).put("/api/v1/rules/{id}", id)
                .then().statusCode(200).body("below", equalTo(0.7f));
        as(SECRET_A).delete("/api/v1/rules/{id}", id).then().statusCode(204);

        String silence = as(SECRET_A).contentType("application/json")
                .body("{\"project\":\"" + PROJECT_A + "\",\"suite_glob\":\"ui*\",\"until\":\"" + java.time.Instant.now().plus(java.time.Duration.ofDays(30)) + "\"}")
                .post("/api/v1/silences").then().statusCode(201).extract().path("id");
        as(SECRET_B).delete("/api/v1/silences/{id}", silence).then().statusCode(403);
        as(SECRET_A).delete("/api/v1/silences/{id}", silence).then().statusCode(204);
        as(TestAuth.ADMIN).contentType("application/json").body(rule).post("/api/v1/rules").then().statusCode(201);
    }

    @Test
    void readsAreOpenByDefault() {
        given().queryParam("project", PROJECT_A).get("/api/v1/rules").then().statusCode(200);
        given().get("/api/v1/projects/{p}/summary", "never-" + PROJECT_A).then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void everyOperationOfTheOpenApiDocumentThatIsNotAReadNeedsAToken() {
        JsonPath openapi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        List<String> checked = new ArrayList<>();
        paths.forEach((path, operations) -> operations.keySet().stream().filter(m -> !m.equals("get") && !m.equals("parameters"))
                .forEach(method -> {
                    String concrete = path.replaceAll("\\{[^}]+}", "x");
                    Response response = send(given(), method.toUpperCase(), concrete, "{}");
                    assertThat(response.statusCode()).as(method + " " + path).isEqualTo(401);
                    checked.add(method + " " + path);
                }));
        assertThat(checked).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void aRecordOnTheTokenTopicThatIsNotATokenIsSkippedAndTheReaderStaysReady() throws InterruptedException {
        long skipped = registry.skipped();
        TestAuth.send("5469d6b6ded0", "{\"specversion\":\"1.0\",\"id\":\"e1\",\"type\":\"dev.testpulse.alert.fired\",\"data\":{}}");
        String secret = Tokens.newSecret();
        TokenRecord after = TestAuth.publish(PROJECT_A, secret);
        assertThat(registry.awaitSeen(after.id(), seen -> true, Duration.ofSeconds(20))).isTrue();
        assertThat(registry.skipped()).isEqualTo(skipped + 1);
        given().get("/q/health/ready").then().statusCode(200);
        as(secret).contentType("application/json").body("{\"default_branch\":\"main\"}")
                .put("/api/v1/projects/{p}/settings", PROJECT_B).then().statusCode(403);
    }

    private static Response send(RequestSpecification request, String method, String path, String body) {
        return request.contentType("application/json").body(body).request(method, path);
    }
}
