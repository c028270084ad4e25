package dev.testpulse.analysis.alerts.evaluation;

import static dev.testpulse.analysis.support.TestAuth.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.testpulse.analysis.support.OutcomeTopic;
import dev.testpulse.devstack.DevStack;
import dev.testpulse.devstack.DevStackTestResource;
import dev.testpulse.devstack.TopicProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A duration_regression rule on the real pipeline: outcomes with durations in, its CloudEvents out of the alerts topic. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class DurationRegressionPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String project = "dur-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aTestThatTurnsThreeTimesSlowerFiresAndResolvesOnceItIsFastAgain() throws Exception {
        String ruleId = asAdmin().contentType("application/json").body("""
                {"project":"%s","kind":"duration_regression","test_glob":"checkout*","severity":"warning"}""".formatted(project))
                .post("/api/v1/rules").then().statusCode(201).extract().path("id");
        Instant start = Instant.now().minusSeconds(600);
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            // a baseline of 20 executions around 100 ms, and another test that must not be judged
            List<Map.Entry<String, String>> baseline = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                baseline.add(execution("b" + i, "checkoutFlow", 95 + (i % 5) * 3, start.plusSeconds(i)));
                baseline.add(execution("b" + i, "other", 10, start.plusSeconds(i)));
            }
            OutcomeTopic.sendTogether(baseline);
            List<Map.Entry<String, String>> slow = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                slow.add(execution("s" + i, "checkoutFlow", 300 + i, start.plusSeconds(100 + i)));
            }
            OutcomeTopic.sendTogether(slow);
            JsonNode fired = awaitEvent(alerts, ruleId);
            assertThat(fired.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            assertThat(fired.at("/data/rule/kind").asText()).isEqualTo("duration_regression");
            assertThat(fired.at("/data/labels/test").asText()).isEqualTo("T.checkoutFlow");
            assertThat(fired.at("/data/value").asDouble()).isBetween(300.0, 306.0);
            assertThat(fired.at("/data/threshold").asDouble()).isGreaterThan(150).isLessThan(300);

            List<Map.Entry<String, String>> fast = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                fast.add(execution("f" + i, "checkoutFlow", 100, start.plusSeconds(200 + i)));
            }
            OutcomeTopic.sendTogether(fast);
            JsonNode resolved = awaitEvent(alerts, ruleId);
            assertThat(resolved.get("type").asText()).isEqualTo("dev.testpulse.alert.resolved");
            assertThat(resolved.at("/data/labels/test").asText()).isEqualTo("T.checkoutFlow");
        }
    }

    @Test
    void aSuiteThatTurnsSlowerAsAWholeFiresForTheSuite() throws Exception {
        asAdmin().contentType("application/json").body("""
                {"project":"%s","kind":"duration_regression","per":"suite","test_glob":"checkout*"}""".formatted(project))
                .post("/api/v1/rules").then().statusCode(422).body("parameter", equalTo("test_glob"));
        String ruleId = asAdmin().contentType("application/json").body("""
                {"project":"%s","kind":"duration_regression","per":"suite","suite_glob":"web"}""".formatted(project))
                .post("/api/v1/rules").then().statusCode(201).body("per", equalTo("suite")).extract().path("id");
        Instant start = Instant.now().minusSeconds(600);
        List<String> tests = List.of("login", "search", "cart", "pay", "logout");
        try (TopicProbe alerts = new TopicProbe(DevStack.ALERTS_TOPIC)) {
            // 20 runs of the suite's five tests around 100 ms each (about 500 ms a run), then 7 runs at three times that
            List<Map.Entry<String, String>> baseline = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                for (String test : tests) {
                    baseline.add(execution("b" + i, test, 95 + (i % 5) * 3, start.plusSeconds(i)));
                }
            }
            OutcomeTopic.sendTogether(baseline);
            List<Map.Entry<String, String>> slow = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                for (String test : tests) {
                    slow.add(execution("s" + i, test, 300, start.plusSeconds(100 + i)));
                }
            }
            OutcomeTopic.sendTogether(slow);
            JsonNode fired = awaitEvent(alerts, ruleId);
            assertThat(fired.get("type").asText()).isEqualTo("dev.testpulse.alert.fired");
            assertThat(fired.at("/data/labels/suite").asText()).isEqualTo("web");
            assertThat(fired.at("/data/labels/test").isMissingNode()).as("one series for the suite, none per test").isTrue();
            assertThat(fired.at("/data/value").asDouble()).isEqualTo(1500.0);
            assertThat(fired.at("/data/threshold").asDouble()).isGreaterThan(700).isLessThan(1500);
        }
    }

    private Map.Entry<String, String> execution(String run, String test, long durationMs, Instant at) {
        return Map.entry(project + "/web", """
                {"schema":"testpulse.outcome/v1","id":"%s","project":"%s","pipeline":"ci","run":{"id":"%s","attempt":1,"branch":"main"},
                 "suite":"web","test":{"class":"T","name":"%s"},"status":"passed","duration_ms":%d,"retry":0,"observed_at":"%s"}"""
                .formatted(UUID.randomUUID(), project, run, test, durationMs, at));
    }

    /** Reads the alerts topic until the next event of the rule came. */
    private static JsonNode awaitEvent(TopicProbe alerts, String ruleId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : alerts.poll()) {
                JsonNode event = JSON.readTree(record.value());
                if (event.at("/data/rule/id").asText().equals(ruleId)) {
                    return event;
                }
            }
        }
        throw new AssertionError("no event of " + ruleId + " within 30 s");
    }
}
