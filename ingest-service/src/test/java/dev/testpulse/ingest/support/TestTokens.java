package dev.testpulse.ingest.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Project tokens for tests, created through the real admin API of the application under test. */
public final class TestTokens {

    /** The admin token of the %test profile. */
    public static final String ADMIN = "test-admin-token";
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private TestTokens() {
    }

    /** A token that can write {@code project} (one per project per test JVM). */
    public static String forProject(String project) {
        return CACHE.computeIfAbsent(project, TestTokens::create);
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String create(String project) {
        return given().header("Authorization", bearer(ADMIN)).contentType("application/json")
                .body(Map.of("project", project, "description", "test"))
                .post("/api/v1/admin/tokens")
                .then().statusCode(201).extract().path("token");
    }
}
