package dev.testpulse.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.ingest.support.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * The report budget as clients meet it: while it is taken, report and outcome uploads wait
 * ({@code %test.testpulse.ingest.report-budget-wait}, 1 s) and are answered 503 problem+json with Retry-After; a
 * refused or failed upload leaves the whole budget free for the next.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ReportBudgetHttpTest {

    private static final String REPORT = """
            <testsuite name="com.acme.BudgetTest" tests="1"><testcase classname="com.acme.BudgetTest" name="fits"/></testsuite>
            """;

    private final String project = "budget-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    ReportBudget budget;

    @Test
    void answersBusyWithRetryAfterWhileTheBudgetIsTakenThenAcceptsTheSameUpload() {
        try (ReportBudget.Permit everything = budget.admit(Long.MAX_VALUE)) {
            report().then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("[0-9]+"))
                    .body("type", equalTo("urn:testpulse:problem:ingest-busy"))
                    .body("detail", containsString("MB of uploads in flight"));
            as().contentType("application/x-ndjson")
                    .body(("{\"project\":\"" + project + "\",\"pipeline\":\"ci\",\"run\":{\"id\":\"7\"},\"suite\":\"s\","
                            + "\"test\":{\"class\":\"C\",\"name\":\"n\"},\"status\":\"passed\"}\n").getBytes(StandardCharsets.UTF_8))
                    .post("/api/v1/outcomes")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("[0-9]+"))
                    .body("type", equalTo("urn:testpulse:problem:ingest-busy"));
        }
        report().then().statusCode(202).body("accepted", equalTo(1));
    }

    @Test
    void aRefusedUploadGivesItsShareBack() {
        as().queryParams(context()).contentType("application/xml").body("<testsuite><testcase name=\"x\">")
                .post("/api/v1/reports/junit")
                .then().statusCode(400);
        // the whole budget is free again, or this would wait and be refused
        budget.admit(Long.MAX_VALUE).close();
        report().then().statusCode(202);
    }

    private io.restassured.response.Response report() {
        return as().queryParams(context()).contentType("application/xml").body(REPORT).post("/api/v1/reports/junit");
    }

    private Map<String, String> context() {
        return Map.of("project", project, "pipeline", "ci", "run", "budget-1");
    }

    private RequestSpecification as() {
        return given().header("Authorization", TestTokens.bearer(TestTokens.forProject(project)));
    }
}
