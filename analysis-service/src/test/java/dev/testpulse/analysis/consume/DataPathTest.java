package dev.testpulse.analysis.consume;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * No record stops the counting: what PostgreSQL refuses is isolated and dead-lettered once, the rest of its batch
 * is counted; ids are per project; old outcomes count into the aggregates that cover them. Real Kafka, real
 * PostgreSQL; transient faults injected by a trigger in the real database.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class DataPathTest {

    private static final Duration ARRIVAL = Duration.ofSeconds(60);

    @Inject
    DataSource dataSource;

    private final String project = "dp-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void isolatesRecordsPostgresCannotStoreAndCountsTheRestOfTheirBatch() {
        String key = project + "/suite";
        String nul = OutcomeTopic.outcome(project, "suite", "name-with-\\u0000-inside", "failed");
        // Random, so PostgreSQL cannot compress the index entry below its 2,704-byte limit.
        String hugeSuite = OutcomeTopic.outcome(project, randomText(8000), "t", "passed");
        OutcomeTopic.sendTogether(List.of(
                Map.entry(key, OutcomeTopic.outcome(project, "suite", "a", "passed")),
                Map.entry(key, nul),
                Map.entry(key, OutcomeTopic.outcome(project, "suite", "b", "failed")),
                Map.entry(key, hugeSuite),
                Map.entry(key, OutcomeTopic.outcome(project, "suite", "c", "passed"))));

        awaitSummary(project, summary -> summary.body("overall.rate.total", equalTo(3)));
        summary(project).body("overall.rate.passed", equalTo(2)).body("overall.rate.failed", equalTo(1));
        List<ConsumerRecord<String, String>> dead = awaitDeadLetters(key, 2);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(nul, hugeSuite);
        assertThat(dead).allSatisfy(letter -> assertThat(header(letter, DeadLetterRelay.REASON_HEADER))
                .startsWith("PostgreSQL cannot store it"));
        assertThat(dead).extracting(letter -> header(letter, DeadLetterRelay.REASON_HEADER))
                .anySatisfy(reason -> assertThat(reason).contains("0x00"))
                .anySatisfy(reason -> assertThat(reason).containsIgnoringCase("index row"));
    }

    @Test
    void deadLettersTimesOutsideWhatIsKeptAndCountsTheRest() {
        String key = project + "/suite";
        String future = OutcomeTopic.outcome(UUID.randomUUID().toString(), project, "r1", "main", "suite", "future",
                "passed", Instant.parse("9999-01-01T00:00:00Z"));
        String ancient = OutcomeTopic.outcome(UUID.randomUUID().toString(), project, "r1", "main", "suite", "ancient",
                "passed", Instant.parse("1999-01-01T00:00:00Z"));
        OutcomeTopic.sendTogether(List.of(Map.entry(key, future), Map.entry(key, ancient),
                Map.entry(key, OutcomeTopic.outcome(project, "suite", "now", "passed"))));

        awaitSummary(project, summary -> summary.body("overall.rate.total", equalTo(1)));
        List<ConsumerRecord<String, String>> dead = awaitDeadLetters(key, 2);
        assertThat(dead).extracting(letter -> header(letter, DeadLetterRelay.REASON_HEADER)).containsExactlyInAnyOrder(
                "observed_at 9999-01-01T00:00:00Z is more than 24 h ahead of this service's clock",
                "observed_at 1999-01-01T00:00:00Z is older than the 400 days aggregates are kept");
    }

    @Test
    void countsTheSameIdInTwoProjectsOnceEach() {
        String other = project + "-other";
        String id = "1";
        OutcomeTopic.send(List.of(
                Map.entry(project + "/s", OutcomeTopic.outcome(id, project, "s", "t", "passed")),
                Map.entry(other + "/s", OutcomeTopic.outcome(id, other, "s", "t", "failed")),
                Map.entry(other + "/s", OutcomeTopic.outcome(id, other, "s", "t", "failed"))));

        awaitSummary(project, summary -> summary.body("overall.rate.passed", equalTo(1)));
        awaitSummary(other, summary -> summary.body("overall.rate.failed", equalTo(1)));
        summary(other).body("overall.rate.total", equalTo(1));
    }

    @Test
    void countsAnOutcomeOlderThanTheRawRetentionIntoItsHourBucket() {
        Instant sixtyDaysAgo = Instant.now().minus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).plusSeconds(90);
        String key = project + "/suite";
        OutcomeTopic.send(List.of(
                Map.entry(key, OutcomeTopic.outcome(UUID.randomUUID().toString(), project, "old-run", "main", "suite", "t",
                        "failed", sixtyDaysAgo)),
                Map.entry(key, OutcomeTopic.outcome(project, "suite", "t", "passed"))));

        awaitSummary(project, summary -> summary.body("overall.rate.passed", equalTo(1)));
        given().queryParam("step", "1d").queryParam("from", sixtyDaysAgo.minus(1, ChronoUnit.DAYS).toString())
                .queryParam("to", sixtyDaysAgo.plus(1, ChronoUnit.DAYS).toString())
                .get("/api/v1/projects/{p}/trend", project).then().statusCode(200)
                .body("points.size()", equalTo(1))
                .body("points[0].rate.failed", equalTo(1))
                .body("points[0].rate.total", equalTo(1));
        assertThat(OutcomeTopic.readToEnd(DevStack.OUTCOMES_DLQ_TOPIC, key)).isEmpty();
    }

    @Test
    void retriesABatchThroughTransientFaultsAndSendsItsDeadLetterOnce() throws Exception {
        String key = project + "/suite";
        // Sequences are not transactional: the trigger fails the first three attempts to store this project's
        // outcomes as a lost connection would, however often the batch is rolled back.
        execute("create sequence " + sequence() + "; create function " + function() + "() returns trigger language plpgsql as $$"
                + " begin if new.project = '" + project + "' and nextval('" + sequence() + "') <= 3 then"
                + " raise exception 'injected fault' using errcode = '08006'; end if; return new; end $$;"
                + " create trigger " + function() + " before insert on outcome_seen for each row execute function " + function() + "()");
        try {
            OutcomeTopic.sendTogether(List.of(
                    Map.entry(key, "{not json"),
                    Map.entry(key, OutcomeTopic.outcome(project, "suite", "a", "passed")),
                    Map.entry(key, OutcomeTopic.outcome(project, "suite", "b", "error"))));

            awaitSummary(project, summary -> summary.body("overall.rate.total", equalTo(2)));
            summary(project).body("overall.rate.error", equalTo(1));
            awaitDeadLetters(key, 1);
            assertThat(OutcomeTopic.readToEnd(DevStack.OUTCOMES_DLQ_TOPIC, key)).as("sent once, not once per attempt")
                    .extracting(ConsumerRecord::value).containsExactly("{not json");
        } finally {
            execute("drop trigger " + function() + " on outcome_seen; drop function " + function() + "(); drop sequence " + sequence());
        }
    }

    private static String randomText(int length) {
        java.util.Random random = new java.util.Random(42);
        StringBuilder text = new StringBuilder(length);
        random.ints(length, 0, 62).forEach(i -> text.append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(i)));
        return text.toString();
    }

    @Test
    void aConsumerStuckOnADatabaseFaultShowsInReadinessAndMetricsAndRecoversByItself() throws Exception {
        String key = project + "/suite";
        // Every attempt fails as a lost connection would, until the fault is removed.
        execute("create function " + function() + "() returns trigger language plpgsql as $$"
                + " begin if new.project = '" + project + "' then raise exception 'injected outage' using errcode = '08006';"
                + " end if; return new; end $$;"
                + " create trigger " + function() + " before insert on outcome_seen for each row execute function " + function() + "()");
        try {
            OutcomeTopic.send(List.of(Map.entry(key, OutcomeTopic.outcome(project, "suite", "a", "passed"))));
            await().atMost(ARRIVAL).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'outcome consumer' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'outcome consumer' }.data.last_error", org.hamcrest.Matchers.containsString("injected outage")));
            String metrics = given().get("/q/metrics").asString();
            assertThat(metric(metrics, "testpulse_analysis_consumer_failing_seconds")).isGreaterThan(5.0);
            assertThat(metric(metrics, "testpulse_analysis_consumer_oldest_unapplied_age_seconds")).isGreaterThan(5.0);
        } finally {
            execute("drop trigger " + function() + " on outcome_seen; drop function " + function() + "()");
        }
        awaitSummary(project, summary -> summary.body("overall.rate.passed", equalTo(1)));
        await().atMost(ARRIVAL).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'outcome consumer' }.status", equalTo("UP")));
    }

    private static double metric(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private String sequence() {
        return "fault_" + project.replace('-', '_');
    }

    private String function() {
        return "fault_fn_" + project.replace('-', '_');
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<ConsumerRecord<String, String>> awaitDeadLetters(String key, int count) {
        await().atMost(ARRIVAL).until(() -> OutcomeTopic.readToEnd(DevStack.OUTCOMES_DLQ_TOPIC, key).size() >= count);
        return OutcomeTopic.readToEnd(DevStack.OUTCOMES_DLQ_TOPIC, key);
    }

    private static void awaitSummary(String project, java.util.function.Consumer<ValidatableResponse> arrived) {
        await().atMost(ARRIVAL).untilAsserted(() -> arrived.accept(summary(project)));
    }

    private static ValidatableResponse summary(String project) {
        return given().get("/api/v1/projects/{p}/summary", project).then().statusCode(200);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
