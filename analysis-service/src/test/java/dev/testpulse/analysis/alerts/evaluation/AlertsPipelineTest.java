package dev.testpulse.analysis.alerts.evaluation;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import dev.testpulse.analysis.support.AlertInbox;
import dev.testpulse.analysis.support.AlertStream;
import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Rules evaluated on the real pipeline; their CloudEvents read back from the real alerts topic. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class AlertsPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = schema();

    private final String project = "alert-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    DataSource dataSource;

    @Test
    void firesWhenTheRateCrossesAndResolvesOnceItRecoversAboveTheHysteresis() throws Exception {
        String ruleId = createRule("""
                {"project":"%s","kind":"rate_below","suite_glob":"*","window":"runs:2","below":0.8,"recover_above":0.9,
                 "min_samples":5,"severity":"critical"}""".formatted(project));
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            send(run("r1", Instant.now().minusSeconds(300), "api", 2, 8));
            JsonNode fired = awaitEvents(alerts, ruleId, 1).get(0);
            assertThat(fired.get("specversion").asText()).isEqualTo("1.0");
            assertThat(fired.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            assertThat(fired.at("/data/status").asText()).isEqualTo("firing");
            assertThat(fired.at("/data/labels/suite").asText()).isEqualTo("api");
            // Fired on the first batch that crossed: its value is what that batch's window held.
            assertThat(fired.at("/data/value").asDouble()).isLessThan(0.8)
                    .isEqualTo(fired.at("/data/counts/passed").asDouble() / fired.at("/data/counts/executed").asDouble());
            assertThat(fired.at("/data/threshold").asDouble()).isEqualTo(0.8);
            assertThat(fired.at("/data/counts/executed").asLong()).isBetween(5L, 10L);
            assertThat(fired.at("/data/rule/severity").asText()).isEqualTo("critical");

            // 85% over the last 2 runs: above below, inside the band: no resolve, no flap.
            send(run("r2", Instant.now().minusSeconds(200), "api", 10, 0));
            send(run("r3", Instant.now().minusSeconds(100), "api", 7, 3));
            awaitCounted("api", 30);
            assertThat(outboxEvents(ruleId)).hasSize(1);

            // r4 and r5 all passed: 100% over the last 2 runs, above recover_above.
            send(run("r4", Instant.now().minusSeconds(50), "api", 10, 0));
            send(run("r5", Instant.now(), "api", 10, 0));
            JsonNode resolved = awaitEvents(alerts, ruleId, 1).get(0);
            assertThat(resolved.get("type").asText()).isEqualTo("dev.testpulse.alert.resolved");
            assertThat(resolved.get("subject").asText()).isEqualTo(fired.get("subject").asText());
            assertThat(resolved.at("/data/ends_at").isNull()).isFalse();
            assertThat(resolved.get("id").asText()).isNotEqualTo(fired.get("id").asText());
        }
        given().queryParam("project", project).queryParam("state", "firing").get("/api/v1/alerts").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void neverFiresForARuleThatDidNotCross() {
        String ruleId = createRule("""
                {"project":"%s","kind":"rate_below","window":"runs:5","below":0.5}""".formatted(project));
        send(run("r1", Instant.now(), "api", 9, 1));
        awaitCounted("api", 10);
        assertThat(outboxEvents(ruleId)).isEmpty();
    }

    @Test
    void aCriticalTestFailingFiresTheDefaultRuleAndPassingResolvesIt() throws Exception {
        String ruleId = "default:" + project + ":critical_failed";
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            send(List.of(Map.entry(project + "/pay", critical("c1", "failed", Instant.now().minusSeconds(60)))));
            assertThat(awaitEvents(alerts, ruleId, 1).get(0).at("/data/labels/test").asText()).isEqualTo("T.checkout");
            send(List.of(Map.entry(project + "/pay", critical("c2", "passed", Instant.now()))));
            assertThat(awaitEvents(alerts, ruleId, 1).get(0).get("type").asText()).isEqualTo("dev.testpulse.alert.resolved");
        }
        given().queryParam("project", project).get("/api/v1/rules").then().statusCode(200)
                .body("id", hasItem(ruleId)).body("id", hasItem("default:" + project + ":infra_incident"));
    }

    /**
     * A batch costs what it brings: a series already firing, about which a batch says nothing, is neither stepped into
     * a write nor has its last value replaced by "no data" (before, every batch rewrote every firing series of the
     * project, and the benchmark's upload → alert latency grew with the number of alerts firing).
     */
    @Test
    void aBatchWithoutNewsOfAFiringSeriesLeavesItsRowAlone() throws Exception {
        String ruleId = "default:" + project + ":critical_failed";
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            send(List.of(Map.entry(project + "/pay", critical("c1", "failed", Instant.now().minusSeconds(60)))));
            awaitEvents(alerts, ruleId, 1);
        }
        Timestamp written = seriesUpdatedAt(ruleId);
        send(run("r2", Instant.now(), "other", 3, 0));
        awaitCounted("other", 3);
        assertThat(seriesUpdatedAt(ruleId)).isEqualTo(written);
    }

    private Timestamp seriesUpdatedAt(String ruleId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select updated_at from alert_series where rule_id = ? and state = 'FIRING'")) {
            query.setString(1, ruleId);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("a firing series of " + ruleId).isTrue();
                Timestamp updated = rs.getTimestamp(1);
                assertThat(rs.next()).as("one firing series").isFalse();
                return updated;
            }
        }
    }

    /**
     * Issue #16: an early rule judges each run while it runs. The pipeline's first run has no finished run to size it
     * by, so however bad it is there is no early verdict; once it finished, a run failing most of its tests fires its
     * early series while it is still running (its reporter has not said it finished), and the series resolves once it
     * ended.
     */
    @Test
    void anEarlyRuleFiresOnARunWhileItRunsAndResolvesWhenItEnds() throws Exception {
        String ruleId = createRule("""
                {"project":"%s","kind":"rate_below","below":0.9,"min_samples":20,"confidence":0.99,"early":true}""".formatted(project));
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            send(run("live-0", Instant.now(), "api", 10, 30));
            awaitRun("live-0", "running", 40);
            // the batch's evaluation committed with its run counts: had it fired, the series would be firing now
            assertThat(firingRuns(ruleId)).isEmpty();
            finishRun("live-0");
            awaitRun("live-0", "finished", 40);

            send(run("live-1", Instant.now(), "api", 10, 30));
            JsonNode fired = awaitEvents(alerts, ruleId, event -> event.at("/data/labels/run").asText().equals("live-1.1"), 1).get(0);
            assertThat(fired.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            assertThat(fired.at("/data/summary").asText()).contains("10 of 40 passed").contains("while it still runs")
                    .contains("even if all of its other up to 4 tests pass, 31.8%");
            assertThat(firingRuns(ruleId)).containsExactly("live-1.1");
            given().queryParam("state", "running").get("/api/v1/projects/{p}/runs", project).then().statusCode(200)
                    .body("run_id", hasItem("live-1"));
            finishRun("live-1");
            JsonNode resolved = awaitEvents(alerts, ruleId, event -> event.at("/data/labels/run").asText().equals("live-1.1"), 1).get(0);
            assertThat(resolved.get("type").asText()).isEqualTo("dev.testpulse.alert.resolved");
        }
        asAdmin().contentType("application/json").body("{\"project\":\"%s\",\"kind\":\"critical_failed\",\"early\":true}".formatted(project))
                .post("/api/v1/rules").then().statusCode(422).body("parameter", equalTo("early"));
    }

    private void finishRun(String runId) {
        OutcomeTopic.sendTo(DevStack.RUNS_TOPIC, List.of(Map.entry(project, """
                {"schema":"testpulse.run/v1","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1},"state":"finished"}"""
                .formatted(project, runId))));
    }

    private void awaitRun(String runId, String state, int outcomes) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/projects/{p}/runs", project).then().statusCode(200)
                .body("find { it.run_id == '" + runId + "' }.state", equalTo(state))
                .body("find { it.run_id == '" + runId + "' }.outcomes", equalTo(outcomes)));
    }

    /** The {@code run} label of the rule's firing early series (its ordinary series, over the project, has none). */
    private List<String> firingRuns(String ruleId) throws SQLException {
        List<String> runs = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select labels->>'run' from alert_series where rule_id = ? and state = 'FIRING' and labels->>'run' is not null")) {
            query.setString(1, ruleId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    runs.add(rs.getString(1));
                }
            }
        }
        return runs;
    }

    // --- alerts that quietly went wrong (issue #23, part 4) ------------------------------------------------------

    /**
     * An early rule judges a run only within its suite glob: a {@code checkout} rule fired "32 of 63 passed" on a run
     * whose checkout suite passed 100% (the failures were in {@code legacy}). The same run fires a {@code legacy} rule,
     * counted within legacy alone (10 of 40) and sized by legacy's 40 tests of the finished run, not its 80. (Legacy
     * fails 75%, not more: a batch of legacy alone failing more than 80% would be an infra incident, which holds back
     * the project's other rules.)
     */
    @Test
    void anEarlyRuleJudgesARunOnlyWithinItsSuiteGlob() throws Exception {
        String checkout = createRule("""
                {"project":"%s","kind":"rate_below","suite_glob":"checkout","below":0.9,"min_samples":20,"early":true}""".formatted(project));
        String legacy = createRule("""
                {"project":"%s","kind":"rate_below","suite_glob":"legacy","below":0.9,"min_samples":20,"early":true}""".formatted(project));
        Instant at = Instant.now();
        send(together(run("scoped-0", at, "checkout", 40, 0), run("scoped-0", at, "legacy", 40, 0)));
        awaitRun("scoped-0", "running", 80);
        finishRun("scoped-0");
        awaitRun("scoped-0", "finished", 80);
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            // 50 of 80 passed (62.5%): all of checkout, 10 of legacy's 40
            send(together(run("scoped-1", at.plusSeconds(10), "checkout", 40, 0), run("scoped-1", at.plusSeconds(10), "legacy", 10, 30)));
            // every batch of the run was evaluated in the transaction that counted it: had checkout fired, it would be firing now
            awaitRun("scoped-1", "running", 80);
            assertThat(firingRuns(checkout)).isEmpty();
            JsonNode fired = awaitEvents(alerts, legacy, event -> event.at("/data/labels/run").asText().equals("scoped-1.1"), 1).get(0);
            assertThat(fired.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            assertThat(fired.at("/data/summary").asText()).contains("within suite_glob legacy so far: 10 of 40 passed")
                    .contains("even if all of its other up to 4 tests pass, 31.8%");
            assertThat(fired.at("/data/counts/executed").asLong()).isEqualTo(40);
        }
        assertThat(outboxEvents(checkout)).isEmpty();
    }

    /**
     * The size bound is counted within the same glob: a checkout rule sized by whole runs (40 checkout + 400 legacy
     * tests) took a run whose checkout suite is done at 20 of 40 for one that might still end at 96% (20 + 444 of 484),
     * and never fired while it ran. Within checkout it can end at most at 24 of 44 (54.5%).
     */
    @Test
    void anEarlyRuleSizesARunByItsJobsRecentRunsWithinItsSuiteGlob() throws Exception {
        String checkout = createRule("""
                {"project":"%s","kind":"rate_below","suite_glob":"checkout","below":0.9,"min_samples":20,"early":true}""".formatted(project));
        Instant at = Instant.now();
        send(together(run("sized-0", at, "checkout", 40, 0), run("sized-0", at, "legacy", 400, 0)));
        awaitRun("sized-0", "running", 440);
        finishRun("sized-0");
        awaitRun("sized-0", "finished", 440);
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            send(run("sized-1", at.plusSeconds(10), "checkout", 20, 20));
            JsonNode fired = awaitEvents(alerts, checkout, event -> event.at("/data/labels/run").asText().equals("sized-1.1"), 1).get(0);
            assertThat(fired.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            assertThat(fired.at("/data/summary").asText()).contains("20 of 40 passed")
                    .contains("even if all of its other up to 4 tests pass, 54.5%");
        }
    }

    /**
     * A rule created after its data arrived fires at once (the response is committed with its evaluation: the alerts
     * API shows it firing right after), and so does one changed into breaching; the next batch that still breaches
     * sends nothing more: one fired event per series.
     */
    @Test
    void aRuleCreatedOrChangedAfterItsDataFiresAtOnceAndOnlyOnce() throws Exception {
        send(run("r1", Instant.now().minusSeconds(60), "api", 8, 2));
        awaitCounted("api", 10);
        String created;
        String changed;
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            created = createRule("""
                    {"project":"%s","kind":"rate_below","suite_glob":"api","window":"runs:5","below":0.9,"min_samples":5}""".formatted(project));
            given().queryParam("project", project).queryParam("state", "firing").get("/api/v1/alerts").then().statusCode(200)
                    .body("rule_id", hasItem(created));
            JsonNode fired = awaitEvents(alerts, created, 1).get(0);
            assertThat(fired.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            assertThat(fired.at("/data/summary").asText()).contains("80.0% (8/10)");

            changed = createRule("""
                    {"project":"%s","kind":"rate_below","suite_glob":"api","window":"runs:5","below":0.5,"min_samples":5}""".formatted(project));
            given().queryParam("project", project).queryParam("state", "firing").get("/api/v1/alerts").then().statusCode(200)
                    .body("rule_id", not(hasItem(changed)));
            asAdmin().contentType("application/json").body("""
                    {"project":"%s","kind":"rate_below","suite_glob":"api","window":"runs:5","below":0.9,"min_samples":5}""".formatted(project))
                    .put("/api/v1/rules/{id}", changed).then().statusCode(200);
            given().queryParam("project", project).queryParam("state", "firing").get("/api/v1/alerts").then().statusCode(200)
                    .body("rule_id", hasItem(changed));
            assertThat(awaitEvents(alerts, changed, 1).get(0).get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
        }
        send(run("r2", Instant.now(), "api", 8, 2));
        awaitCounted("api", 20);
        // the batch's evaluation committed with its counts: a second fired event would be in the outbox by now
        assertThat(outboxEvents(created)).hasSize(1);
        assertThat(outboxEvents(changed)).hasSize(1);
    }

    /** An early rule created while a bad run runs judges that run at once: its run series is firing when the 201 comes. */
    @Test
    void anEarlyRuleCreatedWhileABadRunRunsFiresOnItAtOnce() throws SQLException {
        Instant at = Instant.now();
        send(run("late-0", at, "api", 40, 0));
        awaitRun("late-0", "running", 40);
        finishRun("late-0");
        awaitRun("late-0", "finished", 40);
        send(run("late-1", at.plusSeconds(10), "api", 10, 30));
        awaitRun("late-1", "running", 40);
        String ruleId = createRule("""
                {"project":"%s","kind":"rate_below","below":0.9,"min_samples":20,"early":true}""".formatted(project));
        assertThat(firingRuns(ruleId)).containsExactly("late-1.1");
    }

    /**
     * Changing only a rule's topic resolves its firing series on the old topic (whose subscribers were told "firing"
     * there) and fires them on the new one; the series' later resolve goes to the new topic.
     */
    @Test
    void changingARulesTopicResolvesOnTheOldTopicAndFiresOnTheNewOne() throws Exception {
        String moved = "testpulse.alerts." + project;
        DevStack.shared().kafka().createTopics(1, moved);
        String rule = """
                {"project":"%s","kind":"rate_below","suite_glob":"api","window":"runs:1","below":0.8,"min_samples":3,"topic":"%s"}""";
        String ruleId = createRule(rule.formatted(project, DevStack.ALERTS_TOPIC));
        try (TopicProbe before = new TopicProbe(DevStack.ALERTS_TOPIC); TopicProbe after = new TopicProbe(moved)) {
            send(run("r1", Instant.now().minusSeconds(60), "api", 2, 3));
            JsonNode fired = awaitEvents(before, ruleId, 1).get(0);
            assertThat(fired.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            asAdmin().contentType("application/json").body(rule.formatted(project, moved)).put("/api/v1/rules/{id}", ruleId).then()
                    .statusCode(200).body("topic", equalTo(moved));

            JsonNode resolvedBefore = awaitEvents(before, ruleId, 1).get(0);
            assertThat(resolvedBefore.get("type").asText()).isEqualTo("dev.testpulse.alert.resolved");
            assertThat(resolvedBefore.get("subject").asText()).isEqualTo(fired.get("subject").asText());
            assertThat(resolvedBefore.at("/data/summary").asText()).startsWith("the rule's topic was changed to " + moved);
            JsonNode firedAfter = awaitEvents(after, ruleId, 1).get(0);
            assertThat(firedAfter.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            assertThat(firedAfter.get("subject").asText()).isEqualTo(fired.get("subject").asText());

            send(run("r2", Instant.now(), "api", 5, 0));
            JsonNode resolvedAfter = awaitEvents(after, ruleId, 1).get(0);
            assertThat(resolvedAfter.get("type").asText()).isEqualTo("dev.testpulse.alert.resolved");
        }
        // fired and resolved on each topic, nothing else
        assertThat(outboxEvents(ruleId)).extracting(event -> event.get("type").asText()).containsExactlyInAnyOrder(
                "dev.testpulse.alert.fired", "dev.testpulse.alert.resolved", "dev.testpulse.alert.fired", "dev.testpulse.alert.resolved");
    }

    @SafeVarargs
    private static List<Map.Entry<String, String>> together(List<Map.Entry<String, String>>... parts) {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        for (List<Map.Entry<String, String>> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    @Test
    void anInfraIncidentMakesOneAlertNotOnePerSuite() throws Exception {
        String suiteRule = createRule("""
                {"project":"%s","kind":"rate_below","suite_glob":"*","window":"runs:1","below":0.9,"min_samples":3}""".formatted(project));
        String incidentRule = "default:" + project + ":infra_incident";
        // One key, one partition, one producer batch: the run arrives whole, as one upload does.
        List<Map.Entry<String, String>> run = new ArrayList<>();
        for (String suite : List.of("a", "b", "c")) {
            run("r1", Instant.now(), suite, 0, 4).forEach(record -> run.add(Map.entry(project + "/run", record.getValue())));
        }
        run("r1", Instant.now(), "d", 1, 0).forEach(record -> run.add(Map.entry(project + "/run", record.getValue())));
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            send(run);
            JsonNode incident = awaitEvents(alerts, incidentRule, 1).get(0);
            assertThat(incident.at("/data/labels/pipeline").asText()).isEqualTo("ci");
            assertThat(incident.at("/data/summary").asText()).contains("92.3% of 13 tests failed");
        }
        awaitCounted("a", 4);
        assertThat(outboxEvents(suiteRule)).isEmpty();
    }

    @Test
    void aTestBecomingFlakyOnTheDefaultBranchFires() throws Exception {
        String ruleId = createRule("{\"project\":\"%s\",\"kind\":\"flaky_detected\",\"window\":\"24h\"}".formatted(project));
        Instant at = Instant.now();
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            send(List.of(
                    Map.entry(project + "/ui", OutcomeTopic.outcome(UUID.randomUUID().toString(), project, "r1", "main", "ui", "typing", "failed", at)),
                    Map.entry(project + "/ui", OutcomeTopic.outcome(UUID.randomUUID().toString(), project, "r1", "main", "ui", "typing", "passed", at.plusSeconds(1)))));
            JsonNode fired = awaitEvents(alerts, ruleId, 1).get(0);
            assertThat(fired.at("/data/labels/test").asText()).isEqualTo("T.typing");
            assertThat(fired.at("/data/summary").asText()).contains("became flaky on main: 1 of 1 commits");
        }
    }

    @Test
    void aSilencedSeriesFiresWithoutTellingAnyone() {
        asAdmin().contentType("application/json").body("{\"project\":\"%s\",\"suite_glob\":\"muted*\",\"until\":\"%s\"}"
                .formatted(project, Instant.now().plus(Duration.ofHours(1)))).post("/api/v1/silences").then().statusCode(201);
        String ruleId = createRule("{\"project\":\"%s\",\"kind\":\"rate_below\",\"suite_glob\":\"*\",\"window\":\"runs:1\",\"below\":0.9}"
                .formatted(project));
        send(run("r1", Instant.now(), "muted-ui", 1, 4));
        awaitCounted("muted-ui", 5);
        assertThat(outboxEvents(ruleId)).isEmpty();
        given().queryParam("project", project).queryParam("state", "firing").get("/api/v1/alerts").then().statusCode(200)
                .body("rule_id", hasItem(ruleId));
    }

    @Test
    void streamsEventsLiveOverServerSentEvents() throws Exception {
        try (AlertStream stream = AlertStream.open(null, null)) {
            assertThat(stream.status()).isEqualTo(200); // subscribed before the outcome that fires
            send(List.of(Map.entry(project + "/pay", critical("c1", "failed", Instant.now()))));
            stream.next(event -> event.data().contains("\"project\":\"" + project + "\"")
                    && event.data().contains("dev.testpulse.alert.fired"));
        }
    }

    @Test
    void refusesBadSilencesAlertQueriesAndSettingsNamingWhatIsWrong() {
        asAdmin().contentType("application/json").body("{\"project\":\"%s\",\"suite_glob\":\"*\"}".formatted(project))
                .post("/api/v1/silences").then().statusCode(422).body("parameter", equalTo("until"));
        asAdmin().contentType("application/json").body("{\"project\":\"%s\",\"until\":\"%s\"}"
                .formatted(project, Instant.now().plus(Duration.ofHours(1)))).post("/api/v1/silences")
                .then().statusCode(422).body("parameter", equalTo("fingerprint"));
        asAdmin().delete("/api/v1/silences/{id}", "sil_missing").then().statusCode(404);
        given().queryParam("state", "burning").get("/api/v1/alerts").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("state"));
        asAdmin().contentType("application/json").body("{\"default_branch\":\"main\"}")
                .put("/api/v1/projects/{p}/settings", "never-" + project).then().statusCode(404);
        send(run("r1", Instant.now(), "api", 1, 0));
        awaitCounted("api", 1);
        asAdmin().contentType("application/json").body("{\"default_branch\":\"has space\"}")
                .put("/api/v1/projects/{p}/settings", project).then().statusCode(422).body("parameter", equalTo("default_branch"));
        asAdmin().contentType("application/json").body("{\"default_branch\":\"main\",\"critical_tests\":[\"noHash\"]}")
                .put("/api/v1/projects/{p}/settings", project).then().statusCode(422).body("parameter", equalTo("critical_tests"));
        asAdmin().contentType("application/json").body("{\"default_branch\":\"trunk\",\"critical_tests\":[\"T#t0\"]}")
                .put("/api/v1/projects/{p}/settings", project).then().statusCode(200);
        given().get("/api/v1/projects/{p}/settings", project).then().statusCode(200)
                .body("default_branch", equalTo("trunk")).body("critical_tests", equalTo(List.of("T#t0")));
    }

    @Test
    void refusesInvalidRulesNamingTheField() {
        asAdmin().contentType("application/json").body("{\"project\":\"p\",\"kind\":\"rate_below\",\"below\":0.9,\"recover_above\":0.5}")
                .post("/api/v1/rules").then().statusCode(422).body("parameter", equalTo("recover_above"));
        asAdmin().contentType("application/json").body("{\"project\":\"p\",\"kind\":\"rate_sideways\"}")
                .post("/api/v1/rules").then().statusCode(422).body("parameter", equalTo("kind"));
        asAdmin().contentType("application/json").body("{\"project\":\"p\",\"kind\":\"rate_below\",\"below\":0.9,\"window\":\"1w\"}")
                .post("/api/v1/rules").then().statusCode(422).body("parameter", equalTo("window"));
        given().get("/api/v1/rules/{id}", "rule_missing").then().statusCode(404);
    }

    private static JsonSchema schema() {
        try (var in = Files.newInputStream(Path.of("../docs/schemas/alert-event-v1.schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String createRule(String json) {
        return asAdmin().contentType("application/json").body(json).post("/api/v1/rules").then().statusCode(201).extract().path("id");
    }

    private List<Map.Entry<String, String>> run(String run, Instant at, String suite, int passed, int failed) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < passed + failed; i++) {
            records.add(Map.entry(project + "/" + suite, OutcomeTopic.outcome(UUID.randomUUID().toString(), project, run, "main",
                    suite, "t" + i, i < passed ? "passed" : "failed", at)));
        }
        return records;
    }

    private String critical(String run, String status, Instant at) {
        return """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1,"branch":"main"},
                 "suite":"pay","test":{"class":"T","name":"checkout","tags":["critical"]},"status":"%s","duration_ms":1,"retry":0,
                 %s"observed_at":"%s"}""".formatted(UUID.randomUUID(), project, run, status,
                "failed".equals(status) ? "\"failure\":{\"type\":\"AssertionError\",\"message\":\"card declined\"}," : "", at);
    }

    private static void send(List<Map.Entry<String, String>> records) {
        OutcomeTopic.sendTogether(records);
    }

    private void awaitCounted(String suite, int total) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("window", "24h")
                .get("/api/v1/projects/{p}/summary", project).then().statusCode(200)
                .body("suites.find { it.suite == '" + suite + "' }.rate.total", equalTo(total)));
        AlertInbox.awaitEvaluated(dataSource, project); // evaluation follows the counting commit
    }

    private List<JsonNode> outboxEvents(String ruleId) {
        String body = given().queryParam("project", project).get("/api/v1/alerts").then().statusCode(200).extract().asString();
        List<JsonNode> events = new ArrayList<>();
        try {
            JSON.readTree(body).forEach(event -> {
                if (event.at("/data/rule/id").asText().equals(ruleId)) {
                    events.add(event);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** Reads the alerts topic in this thread (a consumer belongs to one thread) until {@code count} more events of the rule came. */
    private static List<JsonNode> awaitEvents(TopicProbe alerts, String ruleId, int count) throws Exception {
        return awaitEvents(alerts, ruleId, event -> true, count);
    }

    /** As above, for the events of the rule that {@code which} accepts (one series of it, say). */
    private static List<JsonNode> awaitEvents(TopicProbe alerts, String ruleId, Predicate<JsonNode> which, int count) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : alerts.poll()) {
                JsonNode event = JSON.readTree(record.value());
                if (event.at("/data/rule/id").asText().equals(ruleId) && which.test(event)) {
                    assertThat(SCHEMA.validate(event)).as("schema violations").isEmpty();
                    assertThat(record.key()).isEqualTo(event.get("subject").asText());
                    assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                            .isEqualTo("application/cloudevents+json");
                    events.add(event);
                }
            }
        }
        assertThat(events).as("events of " + ruleId).hasSizeGreaterThanOrEqualTo(count);
        return events;
    }

    // --- alerts over time, rule lifecycle, the stream from the topic (issue: alerts at scale) ---------------------------

    @Test
    void aFiringSeriesResolvesOnTimeWithNoNewUploads() throws Exception {
        String ruleId = createRule("""
                {"project":"%s","kind":"rate_below","suite_glob":"*","window":"runs:1","below":0.8,"min_samples":3,
                 "keep_firing_for":"3s"}""".formatted(project));
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            send(run("r1", Instant.now().minusSeconds(60), "api", 1, 4));
            JsonNode fired = awaitEvents(alerts, ruleId, 1).get(0);
            // healthy again: the condition clears, but keep_firing_for holds the alert; nothing is sent after this
            send(run("r2", Instant.now(), "api", 5, 0));
            JsonNode resolved = awaitEvents(alerts, ruleId, 1).get(0);
            assertThat(resolved.get("type").asText()).isEqualTo("dev.testpulse.alert.resolved");
            assertThat(Duration.between(Instant.parse(fired.get("time").asText()), Instant.parse(resolved.get("time").asText())))
                    .as("resolved by the clock once keep_firing_for passed").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        }
    }

    @Test
    void deletingARuleResolvesEachOfItsFiringSeriesOnce() throws Exception {
        String ruleId = createRule("""
                {"project":"%s","kind":"rate_below","suite_glob":"*","window":"runs:1","below":0.8,"min_samples":3}""".formatted(project));
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            Instant at = Instant.now();
            // 60% failing: bad for the rule, not an infra incident (which would hold the suite rule back)
            List<Map.Entry<String, String>> records = new ArrayList<>(run("r1", at, "api", 2, 3));
            records.addAll(run("r1", at, "web", 2, 3));
            send(records);
            List<JsonNode> fired = awaitEvents(alerts, ruleId, 2);
            asAdmin().delete("/api/v1/rules/{id}", ruleId).then().statusCode(204);
            List<JsonNode> resolved = awaitEvents(alerts, ruleId, 2);
            assertThat(resolved).extracting(event -> event.get("type").asText()).containsOnly("dev.testpulse.alert.resolved");
            assertThat(resolved).extracting(event -> event.get("subject").asText())
                    .containsExactlyInAnyOrderElementsOf(fired.stream().map(event -> event.get("subject").asText()).toList());
            assertThat(resolved).allMatch(event -> event.at("/data/summary").asText().startsWith("the rule was deleted"));
        }
        given().get("/api/v1/rules/{id}", ruleId).then().statusCode(404);
        assertThat(outboxEvents(ruleId)).hasSize(4);
    }

    @Test
    void defaultRulesCanBeDeletedDisabledAndEditedAndStaySo() {
        send(run("r1", Instant.now(), "api", 3, 0));
        awaitCounted("api", 3);
        String critical = "default:" + project + ":critical_failed";
        String incident = "default:" + project + ":infra_incident";
        String belowTarget = "default:" + project + ":rate_below_target";
        asAdmin().delete("/api/v1/rules/{id}", critical).then().statusCode(204);
        asAdmin().contentType("application/json").body("""
                {"project":"%s","kind":"infra_incident","failed_pct":90,"enabled":false}""".formatted(project))
                .put("/api/v1/rules/{id}", incident).then().statusCode(200).body("enabled", equalTo(false));
        asAdmin().contentType("application/json").body("{\"rate\":0.9}").put("/api/v1/projects/{p}/target", project).then().statusCode(200);
        send(run("r2", Instant.now(), "api", 3, 0));
        awaitCounted("api", 6);
        given().get("/api/v1/rules/{id}", belowTarget).then().statusCode(200).body("below", equalTo(0.9f));
        asAdmin().contentType("application/json").body("""
                {"project":"%s","kind":"rate_below","below":0.5,"window":"runs:20"}""".formatted(project))
                .put("/api/v1/rules/{id}", belowTarget).then().statusCode(200);
        asAdmin().contentType("application/json").body("{\"rate\":0.95}").put("/api/v1/projects/{p}/target", project).then().statusCode(200);
        send(run("r3", Instant.now(), "api", 3, 0));
        awaitCounted("api", 9);
        // a later batch created the defaults again where missing: the deleted one stays deleted, the others as edited
        given().queryParam("project", project).get("/api/v1/rules").then().statusCode(200)
                .body("id", not(hasItem(critical)))
                .body("find { it.id == '" + incident + "' }.enabled", equalTo(false))
                .body("find { it.id == '" + incident + "' }.failed_pct", equalTo(90.0f))
                .body("find { it.id == '" + belowTarget + "' }.below", equalTo(0.5f));
        given().get("/api/v1/rules/{id}", critical).then().statusCode(404);
    }

    @Test
    void anIncidentEndsOnTimeAndThenWhatItHeldBackFires() throws Exception {
        String incident = "default:" + project + ":infra_incident";
        send(run("r0", Instant.now().minusSeconds(120), "api", 5, 0));
        awaitCounted("api", 5);
        asAdmin().contentType("application/json").body("""
                {"project":"%s","kind":"infra_incident","keep_firing_for":"2s"}""".formatted(project))
                .put("/api/v1/rules/{id}", incident).then().statusCode(200);
        String suiteRule = createRule("""
                {"project":"%s","kind":"rate_below","suite_glob":"*","window":"runs:1","below":0.9,"min_samples":3}""".formatted(project));
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            send(run("r1", Instant.now(), "api", 0, 10));
            assertThat(awaitEvents(alerts, incident, 1).get(0).get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            // the pipeline never runs again: the incident ends after keep_firing_for, and the suite rule it held back fires
            List<JsonNode> after = awaitEvents(alerts, List.of(incident, suiteRule), 2);
            assertThat(after).extracting(event -> event.at("/data/rule/id").asText() + " " + event.get("type").asText())
                    .containsExactly(incident + " dev.testpulse.alert.resolved", suiteRule + " dev.testpulse.alert.fired");
        }
    }

    @Test
    void theStreamCarriesEventIdsAndResumesFromTheLastOneSeen() throws Exception {
        String ruleId = createRule("""
                {"project":"%s","kind":"rate_below","suite_glob":"*","window":"runs:1","below":0.8,"min_samples":3}""".formatted(project));
        String resolvedId;
        AlertStream.Event fired;
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            AlertStream first = AlertStream.open(project, null);
            assertThat(first.status()).isEqualTo(200); // subscribed before the run that fires
            send(run("r1", Instant.now().minusSeconds(60), "api", 2, 3));
            fired = first.next(event -> event.data().contains(ruleId) && event.data().contains("alert.fired"));
            first.close();
            send(run("r2", Instant.now().minusSeconds(30), "api", 5, 0));
            List<JsonNode> both = awaitEvents(alerts, ruleId, 2);
            assertThat(both.get(0).get("id").asText()).isEqualTo(fired.id());
            resolvedId = both.get(1).get("id").asText();
        }
        // reconnecting with the last id seen: the missed resolve comes first, then the stream goes on live
        AlertStream resumed = AlertStream.open(project, fired.id());
        AlertStream.Event missed = resumed.next(event -> event.id() != null);
        assertThat(missed.id()).isEqualTo(resolvedId);
        assertThat(missed.data()).contains("alert.resolved");
        resumed.close();
    }

    /** Reads the alerts topic until {@code count} more events of any of the rules came, in topic order. */
    private static List<JsonNode> awaitEvents(TopicProbe alerts, List<String> ruleIds, int count) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : alerts.poll()) {
                JsonNode event = JSON.readTree(record.value());
                if (ruleIds.contains(event.at("/data/rule/id").asText())) {
                    events.add(event);
                }
            }
        }
        assertThat(events).as("events of " + ruleIds).hasSizeGreaterThanOrEqualTo(count);
        return events;
    }
}
