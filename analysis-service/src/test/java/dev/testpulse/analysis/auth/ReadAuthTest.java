package dev.testpulse.analysis.auth;

import static dev.testpulse.analysis.support.TestAuth.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.testpulse.analysis.support.TestAuth;
import dev.testpulse.analysis.support.TokenReads;
import dev.testpulse.auth.TokenRegistry;
import dev.testpulse.auth.Tokens;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With {@code testpulse.auth.read=token} (as in compose and Kubernetes) every read needs a token of its project. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(TokenReads.class)
class ReadAuthTest {

    private static final String PROJECT = "reads-" + UUID.randomUUID().toString().substring(0, 6);


    @Inject
    TokenRegistry registry;

    @ParameterizedTest(name = "GET {0} without a token is 401")
    @ValueSource(strings = {"/api/v1/projects", "/api/v1/projects/p/summary", "/api/v1/projects/p/report", "/api/v1/rules",
            "/api/v1/alerts", "/api/v1/alerts/stream", "/api/v1/projects/p/settings", "/api/v1/projects/p/suites/s/tests",
            "/api/v1/projects/p/runs/r/verdict"})
    void refusesEveryReadWithoutAToken(String path) {
        given().get(path).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aProjectTokenReadsItsOwnProjectOnly() throws InterruptedException {
        String mine = Tokens.newSecret();
        String other = Tokens.newSecret();
        assertThat(registry.awaitSeen(TestAuth.publish(PROJECT, mine).id(), t -> true, Duration.ofSeconds(20))).isTrue();
        assertThat(registry.awaitSeen(TestAuth.publish("other-" + PROJECT, other).id(), t -> true, Duration.ofSeconds(20))).isTrue();

        as(other).get("/api/v1/projects/{p}/summary", PROJECT).then().statusCode(403);
        as(other).get("/api/v1/projects/{p}/report", PROJECT).then().statusCode(403);
        as(other).queryParam("after", "0.1").get("/api/v1/projects/{p}/runs/{r}/verdict", PROJECT, "r").then().statusCode(403);
        as(mine).get("/api/v1/projects/{p}/runs/{r}/verdict", PROJECT, "r").then().statusCode(404);
        as(other).queryParam("project", PROJECT).get("/api/v1/rules").then().statusCode(403);
        as(other).queryParam("project", PROJECT).get("/api/v1/alerts/stream").then().statusCode(403);
        as(mine).get("/api/v1/projects/{p}/summary", PROJECT).then().statusCode(404);
        as(mine).contentType("application/json").body("{\"project\":\"" + PROJECT + "\",\"kind\":\"critical_failed\"}")
                .post("/api/v1/rules").then().statusCode(201);
        as(mine).get("/api/v1/rules").then().statusCode(200).body("project", everyItem(equalTo(PROJECT)));
        as(mine).get("/api/v1/projects").then().statusCode(200);
        as(TestAuth.ADMIN).get("/api/v1/rules").then().statusCode(200);
    }

    @Test
    void healthMetricsAndOpenApiStayPublic() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
