package dev.testpulse.analysis.quarantine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Outcomes marked {@code "muted": true} (the reporter ran the test muted) through the real pipeline: stored with the
 * mark, counted in every rate as they happened, and the summary says how many failures were muted and the rate without
 * them, next to (never instead of) the honest one, for time windows and last-N-runs windows alike; so does the report.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class MutedOutcomesTest {

    @Inject
    DataSource dataSource;

    private final String project = "muted-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void mutedFailuresAreCountedAndShownApart() throws Exception {
        String mutedId = UUID.randomUUID().toString();
        OutcomeTopic.send(List.of(
                Map.entry(project, OutcomeTopic.outcome(project, "api", "a", "passed")),
                Map.entry(project, OutcomeTopic.outcome(project, "api", "b", "passed")),
                Map.entry(project, OutcomeTopic.outcome(project, "api", "c", "passed")),
                Map.entry(project, OutcomeTopic.outcome(project, "api", "d", "failed")),
                Map.entry(project, muted(OutcomeTopic.outcome(mutedId, project, "api", "flaky", "failed"))),
                Map.entry(project, muted(OutcomeTopic.outcome(project, "ui", "flaky-too", "passed")))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> summary("1h").body("overall.rate.total", equalTo(6)));

        for (String window : List.of("1h", "runs:5")) {
            summary(window).body("overall.rate.failed", equalTo(2)).body("overall.rate.success_rate_pct", equalTo(66.7f))
                    .body("muted.failures", equalTo(1)).body("muted.suites.api", equalTo(1))
                    .body("muted.success_rate_without_pct", equalTo(80.0f));
        }
        given().queryParam("window", "1h").get("/api/v1/projects/{p}/report", project).then().statusCode(200)
                .body("muted.failures", equalTo(1));
        String markdown = given().queryParam("window", "1h").queryParam("format", "markdown").get("/api/v1/projects/{p}/report", project)
                .then().statusCode(200).extract().asString();
        assertThat(markdown).contains("**Success rate: 66.7%**").contains("**1 failure muted**").contains("Without them: 80.0%.");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select muted from outcome where project = ? and id = ?")) {
            query.setString(1, project);
            query.setString(2, mutedId);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }

    private static String muted(String outcome) {
        return outcome.replace("\"retry\":0,", "\"retry\":0,\"muted\":true,");
    }

    private io.restassured.response.ValidatableResponse summary(String window) {
        return given().queryParam("window", window).get("/api/v1/projects/{p}/summary", project).then().statusCode(200);
    }
}
