package dev.testpulse.analysis.runs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A run's lifecycle on the real pipeline: running while its outcomes stream in, finished by its reporter or idleness. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class RunLifecycleTest {

    private final String project = "runs-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    DataSource dataSource;

    @Inject
    RunStore runs;

    @Test
    void eachJobRunsUntilItsReporterSaysItFinishedAndLateOutcomesStillCount() {
        OutcomeTopic.send(outcomes("42", "a", 3, 1));
        OutcomeTopic.send(outcomes("42", "b", 2, 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs("running").getList("job")).containsExactlyInAnyOrder("a", "b"));
        JsonPath running = runs("running");
        assertThat(running.getInt("find { it.job == 'a' }.outcomes")).isEqualTo(4);
        assertThat(running.getInt("find { it.job == 'a' }.failed")).isEqualTo(1);
        assertThat(running.getString("find { it.job == 'a' }.run_id")).isEqualTo("42");
        assertThat(running.getString("find { it.job == 'a' }.commit")).isEqualTo("c1");

        // garbage on the topic is skipped, never fatal: the finished record after it still counts
        OutcomeTopic.sendTo(DevStack.RUNS_TOPIC, List.of(Map.entry(project, "not json"),
                Map.entry(project, "{\"schema\":\"testpulse.run/v9\",\"project\":\"" + project + "\"}"),
                Map.entry(project, finished("42", "a"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs("finished").getList("job")).containsExactly("a"));
        assertThat(runs("finished").getString("[0].finished_by")).isEqualTo("reporter");
        assertThat(runs("running").getList("job")).containsExactly("b");

        OutcomeTopic.send(outcomes("42", "a", 1, 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs("finished").getInt("[0].outcomes")).isEqualTo(5));
        assertThat(runs("finished").getString("[0].state")).isEqualTo("finished");
    }

    /**
     * Issue 23: Surefire forks and Gradle workers are parts of one run. The run stays running while any part is open,
     * even after one part said it finished, finishes once after the last part ended and the settle time passed, and
     * a part that starts after that reopens it.
     */
    @Test
    void aRunOfSeveralTestJvmsRunsUntilItsLastPartEndedAndSettledThenFinishesOnce() throws Exception {
        OutcomeTopic.sendTo(DevStack.RUNS_TOPIC, List.of(Map.entry(project, part("started", "jvm-1", null)),
                Map.entry(project, part("started", "jvm-2", null))));
        OutcomeTopic.send(outcomes("8", null, 2, 1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs("running").getInt("[0].outcomes")).isEqualTo(3));
        // the first JVM ends (twice: at-least-once delivery), the second still runs
        OutcomeTopic.sendTo(DevStack.RUNS_TOPIC, List.of(Map.entry(project, part("finished", "jvm-1", 2L)),
                Map.entry(project, part("finished", "jvm-1", 2L))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(partEnded("jvm-1")).isTrue());
        try (Connection connection = dataSource.getConnection()) {
            runs.finishSettled(connection, Duration.ZERO);
        }
        assertThat(runs("running").getList("run_id")).as("a part is still open").containsExactly("8");

        OutcomeTopic.sendTo(DevStack.RUNS_TOPIC, List.of(Map.entry(project, part("finished", "jvm-2", 1L))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(partEnded("jvm-2")).isTrue());
        try (Connection connection = dataSource.getConnection()) {
            runs.finishSettled(connection, Duration.ofHours(1));
            assertThat(runs("running").getList("run_id")).as("within the settle time").containsExactly("8");
            runs.finishSettled(connection, Duration.ZERO);
        }
        JsonPath finished = runs("finished");
        assertThat(finished.getList("run_id")).containsExactly("8");
        assertThat(finished.getString("[0].finished_by")).isEqualTo("reporter");
        String finishedAt = finished.getString("[0].finished_at");
        try (Connection connection = dataSource.getConnection()) {
            runs.finishSettled(connection, Duration.ZERO);
        }
        assertThat(runs("finished").getString("[0].finished_at")).as("finished once").isEqualTo(finishedAt);

        // a part that comes back later (a module built after a pause) reopens the run
        OutcomeTopic.sendTo(DevStack.RUNS_TOPIC, List.of(Map.entry(project, part("started", "jvm-3", null))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs("running").getList("run_id")).containsExactly("8"));
        assertThat(runs("running").getString("[0].finished_at")).isNull();
    }

    @Test
    void aRunNoOutcomeOfWhichCameForTheIdleTimeoutIsFinished() throws Exception {
        OutcomeTopic.send(outcomes("7", null, 2, 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs("running").getList("run_id")).containsExactly("7"));
        try (Connection connection = dataSource.getConnection()) {
            assertThat(runs.finishIdle(connection, Duration.ofHours(1))).as("nothing idle for an hour").isZero();
            assertThat(runs.finishIdle(connection, Duration.ZERO)).isPositive();
        }
        assertThat(runs("finished").getString("[0].finished_by")).isEqualTo("idle");
        assertThat(runs("finished").getString("[0].job")).isNull();
    }

    /**
     * Issue 28: 40 runs posted with event times spread over the last week showed running for the idle timeout after
     * they arrived. Counted with outcomes older than the idle timeout, a run finishes as idle at once; a current run and
     * an old one with a part still open stay running.
     */
    @Test
    void aRunWhoseOutcomesHappenedLongerThanTheIdleTimeoutAgoFinishesAsIdleWhenCounted() {
        OutcomeTopic.send(outcomes("now", null, 1, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs("running").getList("run_id")).containsExactly("now"));
        OutcomeTopic.sendTo(DevStack.RUNS_TOPIC, List.of(Map.entry(project, part("started", "jvm-1", null))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs("running").getList("run_id")).contains("8"));
        List<Map.Entry<String, String>> records = new ArrayList<>(outcomes("8", null, 1, 0, Instant.now().minus(Duration.ofDays(2))));
        for (int i = 0; i < 40; i++) {
            records.addAll(outcomes("old-" + i, null, 1, 1, Instant.now().minus(Duration.ofHours(1 + i * 4L))));
        }
        OutcomeTopic.send(records);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs("finished").getList("run_id")).hasSize(40));
        JsonPath finished = runs("finished");
        assertThat(finished.getList("finished_by")).containsOnly("idle");
        assertThat(finished.getList("outcomes", Integer.class)).containsOnly(2);
        assertThat(runs("running").getList("run_id")).as("a current run, and an old one with a part open")
                .containsExactlyInAnyOrder("now", "8");
    }

    @Test
    void badParametersAreProblems() {
        OutcomeTopic.send(outcomes("1", null, 1, 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runs(null).getList("run_id")).isNotEmpty());
        given().queryParam("state", "paused").get("/api/v1/projects/{p}/runs", project).then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("state"));
        given().queryParam("limit", 0).get("/api/v1/projects/{p}/runs", project).then().statusCode(400)
                .body("parameter", equalTo("limit"));
        given().get("/api/v1/projects/{p}/runs", "never-" + project).then().statusCode(404);
    }

    private JsonPath runs(String state) {
        var request = given();
        if (state != null) {
            request.queryParam("state", state);
        }
        return request.get("/api/v1/projects/{p}/runs", project).then().statusCode(200).extract().jsonPath();
    }

    private List<Map.Entry<String, String>> outcomes(String run, String job, int passed, int failed) {
        return outcomes(run, job, passed, failed, Instant.now());
    }

    private List<Map.Entry<String, String>> outcomes(String run, String job, int passed, int failed, Instant at) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < passed + failed; i++) {
            records.add(Map.entry(project + "/api", """
                    {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci",
                     "run":{"id":"%s","attempt":1,%s"commit":"c1","branch":"main"},"suite":"api",
                     "test":{"class":"T","name":"t%d","tags":[]},"status":"%s","duration_ms":5,"retry":0,
                     "observed_at":"%s"}""".formatted(UUID.randomUUID(), project, run, job == null ? "" : "\"job\":\"" + job + "\",", i,
                    i < passed ? "passed" : "failed", at)));
        }
        return records;
    }

    private String part(String state, String part, Long outcomes) {
        return """
                {"schema":"testpulse.run/v1","project":"%s","pipeline":"ci","run":{"id":"8","attempt":1},"part":"%s",
                 "state":"%s",%s"at":"%s"}""".formatted(project, part, state, outcomes == null ? "" : "\"outcomes\":" + outcomes + ",",
                Instant.now());
    }

    private boolean partEnded(String part) throws java.sql.SQLException {
        try (Connection connection = dataSource.getConnection();
                var query = connection.prepareStatement("select ended_at is not null from run_parts where project = ? and part = ?")) {
            query.setString(1, project);
            query.setString(2, part);
            try (var rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private String finished(String run, String job) {
        return """
                {"schema":"testpulse.run/v1","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1,"job":"%s"},
                 "state":"finished","outcomes":4,"at":"%s"}""".formatted(project, run, job, Instant.now());
    }
}
